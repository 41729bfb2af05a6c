// The vSphere resources and data sources the stacks use, typed by the provider bindings
// (@cdktf/provider-vsphere 11.2.1, generated from vmware/vsphere 2.15.0's schema): their config
// interfaces name every attribute in camelCase, so a misspelt attribute fails the type check. Only
// the types are imported; at run time an attribute's Terraform name is its snake_case
// (elements.ts), and test/terraform/attribute-names.test.ts holds that to the bindings' own
// mapping for every attribute of every block used here.
import type * as Cdktf from "cdktf";

import type { DatacenterConfig } from "@cdktf/provider-vsphere/lib/datacenter/index.js";
import type { ComputeClusterConfig } from "@cdktf/provider-vsphere/lib/compute-cluster/index.js";
import type { ResourcePoolConfig } from "@cdktf/provider-vsphere/lib/resource-pool/index.js";
import type { FolderConfig } from "@cdktf/provider-vsphere/lib/folder/index.js";
import type { TagCategoryConfig } from "@cdktf/provider-vsphere/lib/tag-category/index.js";
import type { TagConfig } from "@cdktf/provider-vsphere/lib/tag/index.js";
import type { ContentLibraryConfig } from "@cdktf/provider-vsphere/lib/content-library/index.js";
import type { DistributedVirtualSwitchConfig } from "@cdktf/provider-vsphere/lib/distributed-virtual-switch/index.js";
import type { DistributedPortGroupConfig } from "@cdktf/provider-vsphere/lib/distributed-port-group/index.js";
import type { VirtualMachineConfig } from "@cdktf/provider-vsphere/lib/virtual-machine/index.js";
import type { HaVmOverrideConfig } from "@cdktf/provider-vsphere/lib/ha-vm-override/index.js";
import type { ComputeClusterVmAntiAffinityRuleConfig } from "@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule/index.js";
import type { DataVsphereDatacenterConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-datacenter/index.js";
import type { DataVsphereDatastoreConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-datastore/index.js";
import type { DataVsphereDistributedVirtualSwitchConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch/index.js";
import type { DataVsphereTagConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-tag/index.js";
import type { DataVsphereTagCategoryConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-tag-category/index.js";
import type { DataVsphereComputeClusterConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster/index.js";
import type { DataVsphereContentLibraryConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-content-library/index.js";
import type { DataVsphereContentLibraryItemConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-content-library-item/index.js";
import type { DataVsphereNetworkConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-network/index.js";
import type { DataVsphereResourcePoolConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-resource-pool/index.js";
import type { DataVsphereVirtualMachineConfig } from "@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine/index.js";
import type { VsphereProviderConfig } from "@cdktf/provider-vsphere/lib/provider/index.js";
import {
  type BlockConfig,
  type Expression,
  type MetaArguments,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  type TerraformStack,
} from "./elements.ts";

/** The provider the bindings were generated for, pinned in every stack's required_providers. */
export const VSPHERE_PROVIDER = { source: "vmware/vsphere", version: "2.15.0" } as const;

/** A binding's config: each attribute as typed, or an expression; our meta-arguments for cdktf's. */
type Settable<C> = {
  readonly [K in keyof Omit<C, keyof Cdktf.TerraformMetaArguments>]:
    Omit<C, keyof Cdktf.TerraformMetaArguments>[K] | Expression;
} & MetaArguments;

function resource<C>(type: string, maps: readonly (keyof C & string)[] = []) {
  const mapAttributes = new Set<string>(maps);
  return class extends TerraformResource {
    constructor(stack: TerraformStack, id: string, config: Settable<C>) {
      super(stack, type, id, config as BlockConfig, mapAttributes);
    }
  };
}

function dataSource<C>(type: string) {
  return class extends TerraformDataSource {
    constructor(stack: TerraformStack, id: string, config: Settable<C>) {
      super(stack, type, id, config as BlockConfig);
    }
  };
}

export class VsphereProvider extends TerraformProvider {
  constructor(stack: TerraformStack, config: VsphereProviderConfig) {
    super(stack, "vsphere", VSPHERE_PROVIDER, { ...config });
  }
}

export const Datacenter = resource<DatacenterConfig>("vsphere_datacenter");
export type Datacenter = InstanceType<typeof Datacenter>;
export const ComputeCluster = resource<ComputeClusterConfig>("vsphere_compute_cluster");
export type ComputeCluster = InstanceType<typeof ComputeCluster>;
export const ResourcePool = resource<ResourcePoolConfig>("vsphere_resource_pool");
export type ResourcePool = InstanceType<typeof ResourcePool>;
export const Folder = resource<FolderConfig>("vsphere_folder");
export type Folder = InstanceType<typeof Folder>;
export const TagCategory = resource<TagCategoryConfig>("vsphere_tag_category");
export type TagCategory = InstanceType<typeof TagCategory>;
export const Tag = resource<TagConfig>("vsphere_tag");
export type Tag = InstanceType<typeof Tag>;
export const ContentLibrary = resource<ContentLibraryConfig>("vsphere_content_library");
export type ContentLibrary = InstanceType<typeof ContentLibrary>;
export const DistributedVirtualSwitch = resource<DistributedVirtualSwitchConfig>(
  "vsphere_distributed_virtual_switch",
);
export type DistributedVirtualSwitch = InstanceType<typeof DistributedVirtualSwitch>;
export const DistributedPortGroup = resource<DistributedPortGroupConfig>("vsphere_distributed_port_group");
export type DistributedPortGroup = InstanceType<typeof DistributedPortGroup>;
export const VirtualMachine = resource<VirtualMachineConfig>("vsphere_virtual_machine", ["extraConfig"]);
export type VirtualMachine = InstanceType<typeof VirtualMachine>;
export const HaVmOverride = resource<HaVmOverrideConfig>("vsphere_ha_vm_override");
export type HaVmOverride = InstanceType<typeof HaVmOverride>;
export const ComputeClusterVmAntiAffinityRule = resource<ComputeClusterVmAntiAffinityRuleConfig>(
  "vsphere_compute_cluster_vm_anti_affinity_rule",
);
export type ComputeClusterVmAntiAffinityRule = InstanceType<typeof ComputeClusterVmAntiAffinityRule>;
export const DataVsphereDatacenter = dataSource<DataVsphereDatacenterConfig>("vsphere_datacenter");
export type DataVsphereDatacenter = InstanceType<typeof DataVsphereDatacenter>;
export const DataVsphereDatastore = dataSource<DataVsphereDatastoreConfig>("vsphere_datastore");
export type DataVsphereDatastore = InstanceType<typeof DataVsphereDatastore>;
export const DataVsphereDistributedVirtualSwitch = dataSource<DataVsphereDistributedVirtualSwitchConfig>(
  "vsphere_distributed_virtual_switch",
);
export type DataVsphereDistributedVirtualSwitch = InstanceType<typeof DataVsphereDistributedVirtualSwitch>;
export const DataVsphereTag = dataSource<DataVsphereTagConfig>("vsphere_tag");
export type DataVsphereTag = InstanceType<typeof DataVsphereTag>;
export const DataVsphereTagCategory = dataSource<DataVsphereTagCategoryConfig>("vsphere_tag_category");
export type DataVsphereTagCategory = InstanceType<typeof DataVsphereTagCategory>;
export const DataVsphereComputeCluster =
  dataSource<DataVsphereComputeClusterConfig>("vsphere_compute_cluster");
export type DataVsphereComputeCluster = InstanceType<typeof DataVsphereComputeCluster>;
export const DataVsphereContentLibrary =
  dataSource<DataVsphereContentLibraryConfig>("vsphere_content_library");
export type DataVsphereContentLibrary = InstanceType<typeof DataVsphereContentLibrary>;
export const DataVsphereContentLibraryItem = dataSource<DataVsphereContentLibraryItemConfig>(
  "vsphere_content_library_item",
);
export type DataVsphereContentLibraryItem = InstanceType<typeof DataVsphereContentLibraryItem>;
export const DataVsphereNetwork = dataSource<DataVsphereNetworkConfig>("vsphere_network");
export type DataVsphereNetwork = InstanceType<typeof DataVsphereNetwork>;
export const DataVsphereResourcePool = dataSource<DataVsphereResourcePoolConfig>("vsphere_resource_pool");
export type DataVsphereResourcePool = InstanceType<typeof DataVsphereResourcePool>;
export const DataVsphereVirtualMachine =
  dataSource<DataVsphereVirtualMachineConfig>("vsphere_virtual_machine");
export type DataVsphereVirtualMachine = InstanceType<typeof DataVsphereVirtualMachine>;
