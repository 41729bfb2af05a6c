// The one module that loads cdktf and the prebuilt vSphere provider. Both were archived in
// December 2025 (cdktf 0.21.0, @cdktf/provider-vsphere 11.2.1 → vmware/vsphere 2.15.0); a move
// to the community fork or to plain Terraform JSON changes this file and nothing else.
// They are CommonJS: loaded with require, Node skips scanning their sources for ES exports
// (a tenth of a second at start-up); deep paths load only the resources we use.
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type * as Cdktf from "cdktf";
import type * as Constructs from "constructs";

/**
 * Where cdktf, constructs and the provider bindings come from: this project's node_modules, or
 * the directory IRVN_CDK_MODULES names, holding another install of the three (the community
 * fork under the name cdktf; see scripts/README.md, "Longevity" and `npm run check:fork`).
 */
const modules = process.env.IRVN_CDK_MODULES;
const load = createRequire(modules ? join(resolve(modules), "package.json") : import.meta.url);
const provider = <T>(resource: string): T => load(`@cdktf/provider-vsphere/lib/${resource}/index.js`) as T;

export const {
  App,
  HttpBackend,
  LocalBackend,
  PgBackend,
  S3Backend,
  TerraformDataSource,
  TerraformIterator,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Token,
} = load("cdktf") as typeof Cdktf;
export type App = Cdktf.App;
export type TerraformStack = Cdktf.TerraformStack;
export type TerraformDataSource = Cdktf.TerraformDataSource;
export type TerraformResource = Cdktf.TerraformResource;
export const { Construct } = load("constructs") as typeof Constructs;
export type Construct = Constructs.Construct;

export const { VsphereProvider } =
  provider<typeof import("@cdktf/provider-vsphere/lib/provider/index.js")>("provider");
export type VsphereProvider = InstanceType<typeof VsphereProvider>;
export const { Datacenter } =
  provider<typeof import("@cdktf/provider-vsphere/lib/datacenter/index.js")>("datacenter");
export type Datacenter = InstanceType<typeof Datacenter>;
export const { ComputeCluster } =
  provider<typeof import("@cdktf/provider-vsphere/lib/compute-cluster/index.js")>("compute-cluster");
export type ComputeCluster = InstanceType<typeof ComputeCluster>;
export const { ResourcePool } =
  provider<typeof import("@cdktf/provider-vsphere/lib/resource-pool/index.js")>("resource-pool");
export type ResourcePool = InstanceType<typeof ResourcePool>;
export const { Folder } = provider<typeof import("@cdktf/provider-vsphere/lib/folder/index.js")>("folder");
export type Folder = InstanceType<typeof Folder>;
export const { TagCategory } =
  provider<typeof import("@cdktf/provider-vsphere/lib/tag-category/index.js")>("tag-category");
export type TagCategory = InstanceType<typeof TagCategory>;
export const { Tag } = provider<typeof import("@cdktf/provider-vsphere/lib/tag/index.js")>("tag");
export type Tag = InstanceType<typeof Tag>;
export const { ContentLibrary } =
  provider<typeof import("@cdktf/provider-vsphere/lib/content-library/index.js")>("content-library");
export type ContentLibrary = InstanceType<typeof ContentLibrary>;
export const { DataVsphereDatastore } =
  provider<typeof import("@cdktf/provider-vsphere/lib/data-vsphere-datastore/index.js")>(
    "data-vsphere-datastore",
  );
export type DataVsphereDatastore = InstanceType<typeof DataVsphereDatastore>;
export const { DistributedVirtualSwitch } = provider<
  typeof import("@cdktf/provider-vsphere/lib/distributed-virtual-switch/index.js")
>("distributed-virtual-switch");
export type DistributedVirtualSwitch = InstanceType<typeof DistributedVirtualSwitch>;
export const { DistributedPortGroup } =
  provider<typeof import("@cdktf/provider-vsphere/lib/distributed-port-group/index.js")>(
    "distributed-port-group",
  );
export type DistributedPortGroup = InstanceType<typeof DistributedPortGroup>;
export const { DataVsphereDatacenter } =
  provider<typeof import("@cdktf/provider-vsphere/lib/data-vsphere-datacenter/index.js")>(
    "data-vsphere-datacenter",
  );
export type DataVsphereDatacenter = InstanceType<typeof DataVsphereDatacenter>;
export const { DataVsphereDistributedVirtualSwitch } = provider<
  typeof import("@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch/index.js")
>("data-vsphere-distributed-virtual-switch");
export type DataVsphereDistributedVirtualSwitch = InstanceType<typeof DataVsphereDistributedVirtualSwitch>;
export const { DataVsphereTag } =
  provider<typeof import("@cdktf/provider-vsphere/lib/data-vsphere-tag/index.js")>("data-vsphere-tag");
export type DataVsphereTag = InstanceType<typeof DataVsphereTag>;
export const { DataVsphereTagCategory } =
  provider<typeof import("@cdktf/provider-vsphere/lib/data-vsphere-tag-category/index.js")>(
    "data-vsphere-tag-category",
  );
export type DataVsphereTagCategory = InstanceType<typeof DataVsphereTagCategory>;
export const { VirtualMachine } =
  provider<typeof import("@cdktf/provider-vsphere/lib/virtual-machine/index.js")>("virtual-machine");
export type VirtualMachine = InstanceType<typeof VirtualMachine>;
export const { HaVmOverride } =
  provider<typeof import("@cdktf/provider-vsphere/lib/ha-vm-override/index.js")>("ha-vm-override");
export type HaVmOverride = InstanceType<typeof HaVmOverride>;
export const { ComputeClusterVmAntiAffinityRule } = provider<
  typeof import("@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule/index.js")
>("compute-cluster-vm-anti-affinity-rule");
export type ComputeClusterVmAntiAffinityRule = InstanceType<typeof ComputeClusterVmAntiAffinityRule>;
export const { DataVsphereComputeCluster } = provider<
  typeof import("@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster/index.js")
>("data-vsphere-compute-cluster");
export type DataVsphereComputeCluster = InstanceType<typeof DataVsphereComputeCluster>;
export const { DataVsphereContentLibrary } = provider<
  typeof import("@cdktf/provider-vsphere/lib/data-vsphere-content-library/index.js")
>("data-vsphere-content-library");
export type DataVsphereContentLibrary = InstanceType<typeof DataVsphereContentLibrary>;
export const { DataVsphereContentLibraryItem } = provider<
  typeof import("@cdktf/provider-vsphere/lib/data-vsphere-content-library-item/index.js")
>("data-vsphere-content-library-item");
export type DataVsphereContentLibraryItem = InstanceType<typeof DataVsphereContentLibraryItem>;
export const { DataVsphereNetwork } =
  provider<typeof import("@cdktf/provider-vsphere/lib/data-vsphere-network/index.js")>(
    "data-vsphere-network",
  );
export type DataVsphereNetwork = InstanceType<typeof DataVsphereNetwork>;
export const { DataVsphereResourcePool } = provider<
  typeof import("@cdktf/provider-vsphere/lib/data-vsphere-resource-pool/index.js")
>("data-vsphere-resource-pool");
export type DataVsphereResourcePool = InstanceType<typeof DataVsphereResourcePool>;
export const { DataVsphereVirtualMachine } = provider<
  typeof import("@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine/index.js")
>("data-vsphere-virtual-machine");
export type DataVsphereVirtualMachine = InstanceType<typeof DataVsphereVirtualMachine>;

/**
 * Runs `build` while cdktf cannot capture stack traces. cdktf records the full stack (with
 * Error.stackTraceLimit raised to the maximum) of every token it creates, only to decorate its
 * own error messages; for our stacks that is over a thousand traces and most of synth's time.
 * Errors thrown meanwhile keep their message.
 */
export function withoutTokenStackTraces<T>(build: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object) =>
    void Object.defineProperty(target, "stack", { value: "", writable: true });
  try {
    return build();
  } finally {
    Error.captureStackTrace = capture;
  }
}
