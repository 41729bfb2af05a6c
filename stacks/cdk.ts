// The one module that imports cdktf and the prebuilt vSphere provider. Both were archived in
// December 2025 (cdktf 0.21.0, @cdktf/provider-vsphere 11.2.1 → vmware/vsphere 2.15.0); a move
// to the community fork or to plain Terraform JSON changes this file and nothing else.
// Deep imports load only the resources we use (the provider index loads all of them).
export {
  App,
  Fn,
  HttpBackend,
  LocalBackend,
  PgBackend,
  S3Backend,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  ImportableResource,
  Token,
} from "cdktf";
export { Construct } from "constructs";
export { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider/index.js";
export { Datacenter } from "@cdktf/provider-vsphere/lib/datacenter/index.js";
export { ComputeCluster } from "@cdktf/provider-vsphere/lib/compute-cluster/index.js";
export { ResourcePool } from "@cdktf/provider-vsphere/lib/resource-pool/index.js";
export { Folder } from "@cdktf/provider-vsphere/lib/folder/index.js";
export { TagCategory } from "@cdktf/provider-vsphere/lib/tag-category/index.js";
export { Tag } from "@cdktf/provider-vsphere/lib/tag/index.js";
export { ContentLibrary } from "@cdktf/provider-vsphere/lib/content-library/index.js";
export { DataVsphereDatastore } from "@cdktf/provider-vsphere/lib/data-vsphere-datastore/index.js";
export { DistributedVirtualSwitch } from "@cdktf/provider-vsphere/lib/distributed-virtual-switch/index.js";
export { DistributedPortGroup } from "@cdktf/provider-vsphere/lib/distributed-port-group/index.js";
export { DataVsphereDatacenter } from "@cdktf/provider-vsphere/lib/data-vsphere-datacenter/index.js";
export { DataVsphereDistributedVirtualSwitch } from "@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch/index.js";
export { DataVsphereTag } from "@cdktf/provider-vsphere/lib/data-vsphere-tag/index.js";
export { DataVsphereTagCategory } from "@cdktf/provider-vsphere/lib/data-vsphere-tag-category/index.js";
export { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine/index.js";
export { HaVmOverride } from "@cdktf/provider-vsphere/lib/ha-vm-override/index.js";
export { ComputeClusterVmAntiAffinityRule } from "@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule/index.js";
export { DataVsphereComputeCluster } from "@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster/index.js";
export { DataVsphereContentLibrary } from "@cdktf/provider-vsphere/lib/data-vsphere-content-library/index.js";
export { DataVsphereContentLibraryItem } from "@cdktf/provider-vsphere/lib/data-vsphere-content-library-item/index.js";
export { DataVsphereNetwork } from "@cdktf/provider-vsphere/lib/data-vsphere-network/index.js";
export { DataVsphereResourcePool } from "@cdktf/provider-vsphere/lib/data-vsphere-resource-pool/index.js";
export { DataVsphereVirtualMachine } from "@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine/index.js";

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
