// One tenant's VMs: a workplace stack (session hosts, desktops and its profile file servers) or
// an applications stack (hosted application servers); or the session platform's shared servers. Per pool one `for_each` table of VMs keyed
// `<tenant>/<pool>-<nnn>` (cloned from a template, or adopted: existing VMs shaped as their
// inventory says), an HA override per VM from the service level, and anti-affinity rules that
// spread the pool over the hosts. Everything else is found by name.
import { type App, TerraformIterator } from "./terraform/elements.ts";
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
} from "./terraform/vsphere.ts";
import { addCentralLookups, type CentralLookups } from "./constructs/central-lookups.ts";
import { blockRef, instanceRef, interpolate, literal } from "./constructs/references.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import { type GuestContext, linuxMetadata, linuxUserdata } from "./guest/customization.ts";
import type { AdoptedVmModel, Attributes } from "./model/adoption.ts";
import { CLUSTER_RESTART_PRIORITY, type VmPoolModel } from "./model/compute.ts";
import type { Model } from "./model/model.ts";
import { compare } from "./model/problems.ts";

export interface ComputeStackProps extends Pick<
  Model,
  "vcenter" | "stateBackend" | "tagCategories" | "contentLibrary" | "organisation"
> {
  readonly pools: readonly VmPoolModel[];
}

/**
 * What Terraform leaves alone once a VM exists: the clone block and the guest data, which only
 * act when the VM is created (any later change under `clone` would force a new VM, and one under
 * `extra_config` power-cycles it: a template refresh or new guest data applies to new VMs only),
 * and what others add in vCenter (a CD-ROM drive to mount an ISO, custom attribute values of the
 * backup tool). See the provider facts for each.
 */
export const VM_IGNORED_CHANGES = ["clone", "extra_config", "cdrom", "custom_attributes"];

/**
 * What Terraform leaves alone on an adopted VM: only what others add in vCenter. It has no clone
 * block, and no extra_config, of which the provider reads only the keys a configuration names
 * (vsphere/virtual_machine_config_structure.go:725-746); the rest is set from its inventory.
 */
export const ADOPTED_IGNORED_CHANGES = ["cdrom", "custom_attributes"];

const uniqueSorted = (values: readonly string[]) => [...new Set(values)].sort();
const asMap = <T>(keys: readonly string[], value: (key: string) => T) =>
  Object.fromEntries(keys.map((k) => [k, value(k)]));
/** Construct ids from pool ids: stable, so the Terraform address of a pool never changes. */
const resourceId = (pool: VmPoolModel, suffix: string) => `${pool.id.replace(/-/g, "_")}_${suffix}`;

/** The data sources that place a pool's VMs, each keyed as the pools name what they use. */
interface Placement {
  readonly central: CentralLookups;
  /** By cluster id. */
  readonly clusters: DataVsphereComputeCluster;
  /** The tenant's pool on each cluster, by cluster id. */
  readonly resourcePools: DataVsphereResourcePool;
  /** By datastore name. */
  readonly datastores: DataVsphereDatastore;
  /** By port group name. */
  readonly networks: DataVsphereNetwork;
  /** By template id, where a pool clones from the content library or from a VM template. */
  readonly libraryTemplates?: DataVsphereContentLibraryItem;
  readonly vmTemplates?: DataVsphereVirtualMachine;
}

export class ComputeStack extends VsphereStack {
  constructor(scope: App, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { pools } = props;
    const placement = this.addLookups(pools, props);

    const guest: GuestContext = { organisation: props.organisation };
    const vmsOf = new Map(
      pools.map((pool) => [
        pool,
        pool.adopted
          ? this.addAdoptedPool(pool, pool.adopted, placement)
          : this.addPool(pool, guest, placement),
      ]),
    );

    // VMs moved over from the legacy data centre are taken over, not rebuilt: Terraform adopts
    // them by path in their migration wave (an import of a VM already in state does nothing);
    // in address order, not the configuration's
    const imports = pools
      .flatMap((p) =>
        (p.adopted ?? []).map((vm) => ({
          to: `${blockRef(vmsOf.get(p)!)}[${literal(vm.key)}]`,
          id: `/${props.vcenter.datacenter}/vm/${p.folder}/${vm.hostname}`,
        })),
      )
      .sort((a, b) => compare(a.to, b.to));
    if (imports.length > 0) this.addOverride("import", imports);
  }

  /** The data sources the pools are placed by: central's datacenter and tags, clusters, pools, datastores, networks, templates. */
  private addLookups(pools: readonly VmPoolModel[], props: ComputeStackProps): Placement {
    const central = addCentralLookups(this, {
      datacenter: props.vcenter.datacenter,
      tagCategories: props.tagCategories,
      tags: uniqueSorted(pools.flatMap((p) => p.tags)),
    });

    const byCluster = new Map(pools.map((p) => [p.cluster.id, p]));
    const clusterTable = TerraformIterator.fromMap(
      asMap(uniqueSorted([...byCluster.keys()]), (c) => ({
        name: byCluster.get(c)!.cluster.name,
        resource_pool: byCluster.get(c)!.resourcePool,
      })),
    );
    const clusters = new DataVsphereComputeCluster(this, "clusters", {
      forEach: clusterTable,
      name: clusterTable.getString("name"),
      datacenterId: central.datacenterId,
    });
    const resourcePools = new DataVsphereResourcePool(this, "resource_pools", {
      forEach: clusterTable,
      name: clusterTable.getString("resource_pool"),
      datacenterId: central.datacenterId,
    });
    const datastores = TerraformIterator.fromMap(
      asMap(uniqueSorted(pools.map((p) => p.datastore)), (name) => ({ name })),
    );
    const datastoreLookup = new DataVsphereDatastore(this, "datastores", {
      forEach: datastores,
      name: datastores.getString("name"),
      datacenterId: central.datacenterId,
    });
    const portGroups = pools.flatMap((p) =>
      p.adopted ? p.adopted.flatMap((vm) => vm.nics.map((n) => n.portGroup)) : p.portGroups,
    );
    const networks = TerraformIterator.fromMap(asMap(uniqueSorted(portGroups), (name) => ({ name })));
    const networkLookup = new DataVsphereNetwork(this, "networks", {
      forEach: networks,
      name: networks.getString("name"),
      datacenterId: central.datacenterId,
    });
    return {
      central,
      clusters,
      resourcePools,
      datastores: datastoreLookup,
      networks: networkLookup,
      ...this.addTemplateLookups(
        pools.filter((p) => !p.adopted),
        props,
        central,
      ),
    };
  }

  private addTemplateLookups(
    pools: readonly VmPoolModel[],
    props: ComputeStackProps,
    central: CentralLookups,
  ): Pick<Placement, "libraryTemplates" | "vmTemplates"> {
    const templates = (source: VmPoolModel["template"]["source"]) =>
      uniqueSorted(pools.filter((p) => p.template.source === source).map((p) => p.template.id));
    const found: { -readonly [K in "libraryTemplates" | "vmTemplates"]?: Placement[K] } = {};
    const library = templates("content-library");
    if (library.length > 0) {
      const lib = new DataVsphereContentLibrary(this, "content_library", { name: props.contentLibrary.name });
      const items = TerraformIterator.fromMap(
        asMap(library, (t) => ({ name: pools.find((p) => p.template.id === t)!.template.item })),
      );
      found.libraryTemplates = new DataVsphereContentLibraryItem(this, "library_templates", {
        forEach: items,
        name: items.getString("name"),
        libraryId: lib.id,
        type: "ovf",
      });
    }
    const vms = templates("vm");
    if (vms.length > 0) {
      const items = TerraformIterator.fromMap(
        asMap(vms, (t) => ({ name: pools.find((p) => p.template.id === t)!.template.item })),
      );
      found.vmTemplates = new DataVsphereVirtualMachine(this, "vm_templates", {
        forEach: items,
        name: items.getString("name"),
        datacenterId: central.datacenterId,
      });
    }
    return found;
  }

  private addPool(pool: VmPoolModel, guest: GuestContext, placement: Placement): VirtualMachine {
    const templates =
      pool.template.source === "content-library" ? placement.libraryTemplates : placement.vmTemplates;
    const templateUuid = interpolate(instanceRef(templates!, literal(pool.template.id), "id"));
    const table = TerraformIterator.fromMap(
      Object.fromEntries(
        pool.vms.map((vm) => [
          vm.key,
          pool.os === "linux"
            ? { hostname: vm.hostname, metadata: linuxMetadata(guest, vm) }
            : { hostname: vm.hostname },
        ]),
      ),
    );
    const vms = new VirtualMachine(this, resourceId(pool, "vms"), {
      forEach: table,
      name: table.getString("hostname"),
      ...this.placed(pool, placement),
      folder: pool.folder,
      numCpus: pool.vcpu,
      memory: pool.memoryGiB * 1024,
      guestId: pool.template.guestId,
      firmware: "efi",
      // Windows 11: Secure Boot and a TPM 2.0 (a vTPM needs EFI and a key provider in vCenter)
      ...(pool.template.trustedBoot ? { efiSecureBootEnabled: true, vtpm: { version: "2.0" } } : {}),
      // a NIC added to the list later is hot-added in place (see the provider facts)
      networkInterface: pool.portGroups.map((pg) => ({
        networkId: interpolate(instanceRef(placement.networks, literal(pg), "id")),
        adapterType: "vmxnet3",
      })),
      disk: pool.disks.map((d, unitNumber) => ({
        label: d.label,
        size: d.sizeGiB,
        unitNumber,
        thinProvisioned: true,
      })),
      clone: {
        templateUuid,
        // by name, without a data source: reading the specification would put its encrypted
        // passwords into state (see the provider facts for vsphere_guest_os_customization)
        ...(pool.customizationSpec ? { customizationSpec: { id: pool.customizationSpec } } : {}),
      },
      ...(pool.os === "linux"
        ? {
            extraConfig: {
              "guestinfo.metadata": "${each.value.metadata}",
              "guestinfo.metadata.encoding": "base64",
              "guestinfo.userdata": linuxUserdata(guest, pool),
              "guestinfo.userdata.encoding": "base64",
            },
          }
        : {}),
      tags: pool.tags.map((t) => placement.central.tagId(literal(t))),
      lifecycle: { ignoreChanges: VM_IGNORED_CHANGES },
    });
    this.addPlacementRules(pool, table, vms, placement);
    return vms;
  }

  /** Where a pool's VMs run and are stored: its tenant's resource pool on its cluster, its datastore. */
  private placed(pool: VmPoolModel, placement: Placement) {
    return {
      resourcePoolId: interpolate(instanceRef(placement.resourcePools, literal(pool.cluster.id), "id")),
      datastoreId: interpolate(instanceRef(placement.datastores, literal(pool.datastore), "id")),
    };
  }

  /**
   * Existing VMs moved into the tenant's pool, folder and datastore, with every NIC on the port
   * group its legacy network maps to: each attribute, disk and NIC as the provider's import and
   * read record them (the model's adopted VMs), so the first plan after the move changes nothing
   * but irvn's tags. Per-VM lists are dynamic blocks over the VM's own item of the table; no
   * clone block, for the VM exists.
   */
  private addAdoptedPool(
    pool: VmPoolModel,
    adopted: readonly AdoptedVmModel[],
    placement: Placement,
  ): VirtualMachine {
    const keysOf = (items: readonly Attributes[]) => uniqueSorted(items.flatMap((a) => Object.keys(a)));
    const attributes = keysOf(adopted.map((vm) => vm.attributes));
    const diskKeys = keysOf(adopted.flatMap((vm) => vm.disks));
    const nicKeys = keysOf(adopted.flatMap((vm) => vm.nics.map((n) => n.attributes)));
    // every item names every key: one the provider leaves unset for this NIC or disk is null
    const every = (a: Attributes, keys: readonly string[]) => asMap(keys, (k) => a[k] ?? null);
    const table = TerraformIterator.fromMap(
      Object.fromEntries(
        adopted.map((vm) => [
          vm.key,
          {
            hostname: vm.hostname,
            ...vm.attributes,
            disks: vm.disks.map((d) => every(d, diskKeys)),
            nics: vm.nics.map((n) => ({ port_group: n.portGroup, ...every(n.attributes, nicKeys) })),
          },
        ]),
      ),
    );
    const vm = new VirtualMachine(this, resourceId(pool, "vms"), {
      forEach: table,
      name: table.getString("hostname"),
      ...this.placed(pool, placement),
      folder: pool.folder,
      tags: pool.tags.map((t) => placement.central.tagId(literal(t))),
      lifecycle: { ignoreChanges: ADOPTED_IGNORED_CHANGES },
    });
    for (const name of attributes) vm.addOverride(name, `\${each.value.${name}}`);
    vm.addOverride("dynamic.disk", {
      for_each: "${each.value.disks}",
      content: asMap(diskKeys, (k) => `\${disk.value.${k}}`),
    });
    vm.addOverride("dynamic.network_interface", {
      for_each: "${each.value.nics}",
      content: {
        network_id: interpolate(instanceRef(placement.networks, "network_interface.value.port_group", "id")),
        ...asMap(nicKeys, (k) => `\${network_interface.value.${k}}`),
      },
    });
    // the HA overrides and rules need only the keys, not the VMs' facts
    const keys = TerraformIterator.fromMap(
      Object.fromEntries(adopted.map((v) => [v.key, { hostname: v.hostname }])),
    );
    this.addPlacementRules(pool, keys, vm, placement);
    return vm;
  }

  /**
   * An HA override per VM where the service level asks for another restart priority than the
   * cluster's, and the rules that spread the pool over the hosts.
   */
  private addPlacementRules(
    pool: VmPoolModel,
    table: TerraformIterator,
    vms: VirtualMachine,
    placement: Placement,
  ): void {
    const clusterId = interpolate(instanceRef(placement.clusters, literal(pool.cluster.id), "id"));
    if (pool.haRestartPriority !== CLUSTER_RESTART_PRIORITY) {
      new HaVmOverride(this, resourceId(pool, "ha"), {
        forEach: table,
        computeClusterId: clusterId,
        virtualMachineId: interpolate(instanceRef(vms, "each.key", "id")),
        haVmRestartPriority: pool.haRestartPriority,
      });
    }

    if (pool.spreadGroups.length > 0) {
      const groups = TerraformIterator.fromMap(
        Object.fromEntries(pool.spreadGroups.map((g) => [g.key, { name: g.name, vms: g.vms }])),
      );
      new ComputeClusterVmAntiAffinityRule(this, resourceId(pool, "spread"), {
        forEach: groups,
        name: groups.getString("name"),
        computeClusterId: clusterId,
        virtualMachineIds: interpolate(`[for key in each.value.vms : ${instanceRef(vms, "key", "id")}]`),
      });
    }
  }
}
