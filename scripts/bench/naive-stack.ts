// The naive way to synthesize the same workplace VMs, for comparison only: one block per VM
// (and per HA override and anti-affinity rule), referring to each other by address, as the cdktf
// templates and most examples do. Same block classes, same attribute values per
// VM as ComputeStack writes into its for_each tables; never used to generate real stacks.
import { App } from "../../stacks/terraform/elements.ts";
import {
  ComputeClusterVmAntiAffinityRule,
  DataVsphereComputeCluster,
  DataVsphereContentLibrary,
  DataVsphereContentLibraryItem,
  DataVsphereDatastore,
  DataVsphereNetwork,
  DataVsphereResourcePool,
  DataVsphereVirtualMachine,
  HaVmOverride,
  VirtualMachine,
} from "../../stacks/terraform/vsphere.ts";
import { ComputeStack, type ComputeStackProps, VM_IGNORED_CHANGES } from "../../stacks/compute-stack.ts";
import { addCentralLookups } from "../../stacks/constructs/central-lookups.ts";
import { VsphereStack } from "../../stacks/constructs/vsphere-stack.ts";
import { type GuestContext, linuxMetadata, linuxUserdata } from "../../stacks/guest/customization.ts";
import { CLUSTER_RESTART_PRIORITY, type Model } from "../../stacks/model/index.ts";

/** A Terraform-safe construct id from a key such as `druten/office-session-001`. */
const idOf = (key: string) => key.replace(/[^a-z0-9]/gi, "_");

export class NaiveComputeStack extends VsphereStack {
  constructor(scope: App, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { pools } = props;
    const lookups = addCentralLookups(this, {
      datacenter: props.vcenter.datacenter,
      tagCategories: props.tagCategories,
      tags: [...new Set(pools.flatMap((p) => p.tags))].sort(),
    });
    const guest: GuestContext = { organisation: props.organisation };
    // one lookup per distinct name, each its own construct
    const once = <T>(cache: Map<string, T>, name: string, make: () => T) =>
      cache.get(name) ?? cache.set(name, make()).get(name)!;
    const clusters = new Map<string, DataVsphereComputeCluster>();
    const resourcePools = new Map<string, DataVsphereResourcePool>();
    const datastores = new Map<string, DataVsphereDatastore>();
    const networks = new Map<string, DataVsphereNetwork>();
    const libraries = new Map<string, DataVsphereContentLibrary>();
    const templates = new Map<string, { id: string }>();
    const datacenterId = lookups.datacenterId;

    for (const pool of pools) {
      const cluster = once(
        clusters,
        pool.cluster.id,
        () =>
          new DataVsphereComputeCluster(this, `cluster_${idOf(pool.cluster.id)}`, {
            name: pool.cluster.name,
            datacenterId,
          }),
      );
      const resourcePool = once(
        resourcePools,
        pool.cluster.id,
        () =>
          new DataVsphereResourcePool(this, `pool_${idOf(pool.cluster.id)}`, {
            name: pool.resourcePool,
            datacenterId,
          }),
      );
      const datastore = once(
        datastores,
        pool.datastore,
        () =>
          new DataVsphereDatastore(this, `datastore_${idOf(pool.datastore)}`, {
            name: pool.datastore,
            datacenterId,
          }),
      );
      const network = (portGroup: string) =>
        once(
          networks,
          portGroup,
          () =>
            new DataVsphereNetwork(this, `network_${idOf(portGroup)}`, {
              name: portGroup,
              datacenterId,
            }),
        );
      const interfaces = pool.portGroups.map((pg) => ({ networkId: network(pg).id, adapterType: "vmxnet3" }));
      const template = once(templates, pool.template.id, () =>
        pool.template.source === "vm"
          ? new DataVsphereVirtualMachine(this, `template_${idOf(pool.template.id)}`, {
              name: pool.template.item,
              datacenterId,
            })
          : new DataVsphereContentLibraryItem(this, `template_${idOf(pool.template.id)}`, {
              name: pool.template.item,
              type: "ovf",
              libraryId: once(
                libraries,
                "library",
                () =>
                  new DataVsphereContentLibrary(this, "content_library", { name: props.contentLibrary.name }),
              ).id,
            }),
      );
      const userdata = pool.os === "linux" ? linuxUserdata(guest, pool) : undefined;
      const tags = pool.tags.map((t) => lookups.tagId(JSON.stringify(t)));

      const byKey = new Map<string, VirtualMachine>();
      for (const vm of pool.vms) {
        const machine = new VirtualMachine(this, idOf(vm.key), {
          name: vm.hostname,
          resourcePoolId: resourcePool.id,
          datastoreId: datastore.id,
          folder: pool.folder,
          numCpus: pool.vcpu,
          memory: pool.memoryGiB * 1024,
          guestId: pool.template.guestId,
          firmware: "efi",
          networkInterface: interfaces,
          disk: pool.disks.map((d, unitNumber) => ({
            label: d.label,
            size: d.sizeGiB,
            unitNumber,
            thinProvisioned: true,
          })),
          clone: {
            templateUuid: template.id,
            ...(pool.customizationSpec ? { customizationSpec: { id: pool.customizationSpec } } : {}),
          },
          ...(userdata
            ? {
                extraConfig: {
                  "guestinfo.metadata": linuxMetadata(guest, vm),
                  "guestinfo.metadata.encoding": "base64",
                  "guestinfo.userdata": userdata,
                  "guestinfo.userdata.encoding": "base64",
                },
              }
            : {}),
          tags,
          lifecycle: { ignoreChanges: VM_IGNORED_CHANGES },
        });
        byKey.set(vm.key, machine);
        if (pool.haRestartPriority !== CLUSTER_RESTART_PRIORITY) {
          new HaVmOverride(this, `${idOf(vm.key)}_ha`, {
            computeClusterId: cluster.id,
            virtualMachineId: machine.id,
            haVmRestartPriority: pool.haRestartPriority,
          });
        }
      }
      for (const group of pool.spreadGroups) {
        new ComputeClusterVmAntiAffinityRule(this, `${idOf(group.key)}_spread`, {
          name: group.name,
          computeClusterId: cluster.id,
          virtualMachineIds: group.vms.map((key) => byKey.get(key)!.id),
        });
      }
    }
  }
}

export type WorkplaceStackKind = "ours" | "naive";

/**
 * An app with only the workplace stacks of a model, built our way (ComputeStack, for_each
 * tables) or the naive way: the part of synth the comparison is about, with nothing else.
 */
export function workplaceApp(model: Model, outdir: string, kind: WorkplaceStackKind): App {
  const app = new App({ outdir });
  const Stack = kind === "ours" ? ComputeStack : NaiveComputeStack;
  for (const tenant of model.tenants) {
    const pools = model.vmPools.filter((p) => p.tenant === tenant.id && p.kind === "workplaces");
    if (pools.length > 0) new Stack(app, `workplace-${tenant.id}`, { ...model, pools });
  }
  return app;
}
