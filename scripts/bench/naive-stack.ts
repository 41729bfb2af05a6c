// The naive way to synthesize the same workplace VMs, for comparison only: cdktf 0.21 with its
// prebuilt vSphere bindings (devDependencies), one construct per VM (and per HA override,
// anti-affinity rule and lookup), referring to each other through tokens, as the cdktf templates
// and most examples do. Same attribute values per VM as ComputeStack writes into its for_each
// tables; never used to generate real stacks.
import { createRequire } from "node:module";
import type * as Cdktf from "cdktf";
import type * as Bindings from "@cdktf/provider-vsphere";
import { type ComputeStackProps, VM_IGNORED_CHANGES } from "../../stacks/compute-stack.ts";
import { localStatePath, STATE_DEFAULTS } from "../../stacks/backend.ts";
import { type GuestContext, linuxMetadata, linuxUserdata } from "../../stacks/guest/customization.ts";
import { CLUSTER_RESTART_PRIORITY, type Model } from "../../stacks/model/index.ts";
import { workplacePools } from "./workplace-stacks.ts";

const require = createRequire(import.meta.url);
const cdktf = require("cdktf") as typeof Cdktf;
const vsphere = require("@cdktf/provider-vsphere") as typeof Bindings;

/** A Terraform-safe construct id from a key such as `druten/office-session-001`. */
const idOf = (key: string) => key.replace(/[^a-z0-9]/gi, "_");

class NaiveComputeStack extends cdktf.TerraformStack {
  constructor(scope: Cdktf.App, id: string, props: ComputeStackProps) {
    super(scope, id);
    new cdktf.LocalBackend(this, { path: localStatePath(STATE_DEFAULTS.directory, id) });
    const variable = (name: string) =>
      new cdktf.TerraformVariable(this, name, { type: "string", sensitive: true }).stringValue;
    new vsphere.provider.VsphereProvider(this, "vsphere", {
      user: variable("vsphere_user"),
      password: variable("vsphere_password"),
      vsphereServer: props.vcenter.server,
      allowUnverifiedSsl: false,
    });
    const datacenterId = new vsphere.dataVsphereDatacenter.DataVsphereDatacenter(this, "datacenter", {
      name: props.vcenter.datacenter,
    }).id;
    const guest: GuestContext = { organisation: props.organisation };
    // one lookup per distinct name, each its own construct
    const once = <T>(cache: Map<string, T>, name: string, make: () => T) =>
      cache.get(name) ?? cache.set(name, make()).get(name)!;
    const lookups = new Map<string, { id: string }>();
    const lookup = (kind: string, name: string, make: () => { id: string }) =>
      once(lookups, `${kind}/${name}`, make).id;
    const tagId = (key: string) => {
      const [category, name] = [key.slice(0, key.indexOf("/")), key.slice(key.indexOf("/") + 1)];
      const categoryName = props.tagCategories.find((c) => c.id === category)!.name;
      const categoryId = lookup(
        "category",
        category,
        () =>
          new vsphere.dataVsphereTagCategory.DataVsphereTagCategory(this, `category_${idOf(category)}`, {
            name: categoryName,
          }),
      );
      return lookup(
        "tag",
        key,
        () => new vsphere.dataVsphereTag.DataVsphereTag(this, `tag_${idOf(key)}`, { name, categoryId }),
      );
    };

    for (const pool of props.pools) {
      const clusterId = lookup(
        "cluster",
        pool.cluster.id,
        () =>
          new vsphere.dataVsphereComputeCluster.DataVsphereComputeCluster(
            this,
            `cluster_${idOf(pool.cluster.id)}`,
            { name: pool.cluster.name, datacenterId },
          ),
      );
      const resourcePoolId = lookup(
        "pool",
        pool.cluster.id,
        () =>
          new vsphere.dataVsphereResourcePool.DataVsphereResourcePool(this, `pool_${idOf(pool.cluster.id)}`, {
            name: pool.resourcePool,
            datacenterId,
          }),
      );
      const datastoreId = lookup(
        "datastore",
        pool.datastore,
        () =>
          new vsphere.dataVsphereDatastore.DataVsphereDatastore(this, `datastore_${idOf(pool.datastore)}`, {
            name: pool.datastore,
            datacenterId,
          }),
      );
      const networkId = (portGroup: string) =>
        lookup(
          "network",
          portGroup,
          () =>
            new vsphere.dataVsphereNetwork.DataVsphereNetwork(this, `network_${idOf(portGroup)}`, {
              name: portGroup,
              datacenterId,
            }),
        );
      const interfaces = pool.portGroups.map((pg) => ({ networkId: networkId(pg), adapterType: "vmxnet3" }));
      const templateUuid = lookup("template", pool.template.id, () =>
        pool.template.source === "vm"
          ? new vsphere.dataVsphereVirtualMachine.DataVsphereVirtualMachine(
              this,
              `template_${idOf(pool.template.id)}`,
              { name: pool.template.item, datacenterId },
            )
          : new vsphere.dataVsphereContentLibraryItem.DataVsphereContentLibraryItem(
              this,
              `template_${idOf(pool.template.id)}`,
              {
                name: pool.template.item,
                type: "ovf",
                libraryId: lookup(
                  "library",
                  "library",
                  () =>
                    new vsphere.dataVsphereContentLibrary.DataVsphereContentLibrary(this, "content_library", {
                      name: props.contentLibrary.name,
                    }),
                ),
              },
            ),
      );
      const userdata = pool.os === "linux" ? linuxUserdata(guest, pool) : undefined;
      const tags = pool.tags.map(tagId);

      const byKey = new Map<string, string>();
      for (const vm of pool.vms) {
        const machine = new vsphere.virtualMachine.VirtualMachine(this, idOf(vm.key), {
          name: vm.hostname,
          resourcePoolId,
          datastoreId,
          folder: pool.folder,
          numCpus: pool.vcpu,
          memory: pool.memoryGiB * 1024,
          guestId: pool.template.guestId,
          firmware: "efi",
          ...(pool.template.trustedBoot ? { efiSecureBootEnabled: true, vtpm: { version: "2.0" } } : {}),
          networkInterface: interfaces,
          disk: pool.disks.map((d, unitNumber) => ({
            label: d.label,
            size: d.sizeGiB,
            unitNumber,
            thinProvisioned: true,
          })),
          clone: {
            templateUuid,
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
        byKey.set(vm.key, machine.id);
        if (pool.haRestartPriority !== CLUSTER_RESTART_PRIORITY) {
          new vsphere.haVmOverride.HaVmOverride(this, `${idOf(vm.key)}_ha`, {
            computeClusterId: clusterId,
            virtualMachineId: machine.id,
            haVmRestartPriority: pool.haRestartPriority,
          });
        }
      }
      for (const group of pool.spreadGroups) {
        new vsphere.computeClusterVmAntiAffinityRule.ComputeClusterVmAntiAffinityRule(
          this,
          `${idOf(group.key)}_spread`,
          {
            name: group.name,
            computeClusterId: clusterId,
            virtualMachineIds: group.vms.map((k) => byKey.get(k)!),
          },
        );
      }
    }
  }
}

/**
 * Runs cdktf's synth while it cannot capture a stack trace per token, as irvn's synth did while
 * it used cdktf: those traces only decorate cdktf's own errors and took most of its time.
 */
function withoutTokenStackTraces(build: () => void): void {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object) =>
    void Object.defineProperty(target, "stack", { value: "", writable: true });
  try {
    build();
  } finally {
    Error.captureStackTrace = capture;
  }
}

/** The naive workplace stacks of a model, written to `outdir`. */
export function synthNaiveWorkplaces(model: Model, outdir: string): void {
  withoutTokenStackTraces(() => {
    const app = new cdktf.App({ outdir, stackTraces: false });
    for (const { stack, pools } of workplacePools(model))
      new NaiveComputeStack(app, stack, { ...model, pools });
    app.synth();
  });
}
