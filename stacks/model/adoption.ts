// Adopted VMs: what the legacy VMs an application adopts really are (the tenant's inventory), so
// that their resource shape is what the provider's import and read record and the first plan
// after the move changes nothing. Pure functions of the configuration.
import type { InventoryConfig, TenantConfig } from "./schema/index.ts";

/**
 * Adapter types a configuration can name (networkInterfaceSubresourceTypeAllowedValues,
 * vsphere/internal/virtualdevice/virtual_machine_network_interface_subresource.go:47-53), less
 * sriov: its physical function, which the read records (:929-935), is not in the inventory.
 */
export const ADOPTABLE_ADAPTERS: readonly string[] = ["e1000", "e1000e", "vmxnet3", "vmxnet3vrdma"];

/** Where a legacy NIC goes: the tenant's segment its legacy network becomes, or why none. */
export type NicTarget =
  { readonly segment: string; readonly subnet: string; readonly vlan: number } | { readonly problem: string };

/**
 * The segment a NIC on legacy network `network` moves onto: the port group's VLAN (from the
 * inventory) → the tenant's legacy subnet with that VLAN → its purpose, a segment type the tenant
 * has. The move connects the NIC to that segment's port group.
 */
export function nicTarget(
  tenant: { readonly id: string; readonly config: TenantConfig },
  inventory: InventoryConfig,
  network: string | undefined,
): NicTarget {
  const pg = network === undefined ? undefined : inventory.portGroups[network];
  if (network === undefined || !pg) {
    return { problem: `on a network the inventory does not know (${JSON.stringify(network ?? "none")})` };
  }
  const named = `legacy network ${JSON.stringify(network)}`;
  if (pg.vlan === undefined || pg.vlan === 0 || pg.vlan === 4095) {
    return {
      problem: `on ${named}, which carries no single VLAN tag (untagged, a trunk, a private VLAN, or VLANs that differ between hosts), so no legacy subnet names it: connect the NIC to a VLAN port group in the legacy vCenter and read the inventory again`,
    };
  }
  const subnets = Object.entries(tenant.config.legacy?.subnets ?? {}).filter(([, s]) => s.vlan === pg.vlan);
  const purposes = [...new Set(subnets.map(([, s]) => s.purpose))];
  if (subnets.length === 0) {
    return {
      problem: `on ${named} (VLAN ${pg.vlan}), and ${tenant.id} has no legacy subnet with VLAN ${pg.vlan}: add one to legacy.subnets in municipalities/${tenant.id}.yaml with vlan: ${pg.vlan}, its cidr and the purpose (the segment type the network becomes); the NIC moves onto that segment's port group`,
    };
  }
  if (purposes.length > 1) {
    return {
      problem: `on ${named} (VLAN ${pg.vlan}), which the legacy subnets ${subnets.map(([id]) => id).join(", ")} of ${tenant.id} give different purposes (${purposes.join(", ")}): give them one purpose, the segment type the network becomes`,
    };
  }
  const [id, subnet] = subnets[0]!;
  if (!tenant.config.segments.includes(subnet.purpose)) {
    return {
      problem: `on ${named} (VLAN ${pg.vlan}), whose legacy subnet ${id} has purpose ${subnet.purpose}, a segment ${tenant.id} does not have: add ${subnet.purpose} to its segments (then \`irvn ipam\`), or give the subnet the purpose of a segment it has`,
    };
  }
  return { segment: subnet.purpose, subnet: id, vlan: pg.vlan };
}

/** Values of the provider's vsphere_virtual_machine attributes, by its attribute names. */
export type Attributes = Readonly<Record<string, string | number | boolean>>;

export interface AdoptedVmModel {
  /** `<tenant>/<pool>-<nnn>`, as for every VM. */
  readonly key: string;
  readonly hostname: string;
  /** Where it is in the legacy vCenter. */
  readonly legacyPath: string;
  /** The VM's own attributes, as the provider's import and read record them. */
  readonly attributes: Attributes;
  /** Its disks in the state's order, as the import labels them. */
  readonly disks: readonly Attributes[];
  /**
   * Its NICs in device order: the port group the move connects each to, and its attributes; after
   * those, one per further segment of the application that none of them maps to, which the first
   * apply adds (no legacy network).
   */
  readonly nics: readonly {
    readonly legacyNetwork?: string;
    readonly portGroup: string;
    readonly attributes: Attributes;
  }[];
}

type InventoryVm = InventoryConfig["vms"][string];
type Allocation = InventoryVm["cpuAllocation"];

/**
 * What the provider's read records for each attribute, from the inventory (the functions it reads
 * with: flattenVirtualMachineConfigInfo and those it calls, vsphere/virtual_machine_config_structure.go
 * :1009-1060, :446-531, :617-640; the controller counts from the import,
 * vsphere/resource_vsphere_virtual_machine.go:1208-1211; the SCSI bus, :579-580). A value vCenter
 * did not report is the provider's default (the schema lines cited), which is what leaving the
 * attribute unset means. sync_time_with_host is read from syncTimeWithHostAllowed, and
 * sync_time_with_host_periodically from syncTimeWithHost, by a vCenter of 7.0.1 or later (:527-532),
 * as the central one is; one that never reported it (an older legacy vCenter) allows it.
 */
function vmAttributes(vm: InventoryVm): Attributes {
  const { flags, tools, bootOptions: boot } = vm;
  const allocation = (kind: "cpu" | "memory", a: Allocation) => ({
    [`${kind}_reservation`]: a.reservation ?? 0, // :574-579, no default
    [`${kind}_limit`]: a.limit ?? -1, // :567-573
    [`${kind}_share_level`]: a.sharesLevel ?? "normal", // :553-559
  });
  return {
    num_cpus: vm.vcpu,
    num_cores_per_socket: vm.coresPerSocket,
    memory: vm.memoryMiB,
    guest_id: vm.guestId!, // validated: an adopted VM has one
    alternate_guest_name: vm.alternateGuestName ?? "",
    firmware: vm.firmware,
    efi_secure_boot_enabled: vm.efiSecureBoot,
    cpu_hot_add_enabled: vm.cpuHotAddEnabled ?? false,
    cpu_hot_remove_enabled: vm.cpuHotRemoveEnabled ?? false,
    memory_hot_add_enabled: vm.memoryHotAddEnabled ?? false,
    memory_reservation_locked_to_max: vm.memoryReservationLockedToMax ?? false,
    nested_hv_enabled: vm.nestedHVEnabled ?? false,
    cpu_performance_counters_enabled: vm.vPMCEnabled ?? false,
    swap_placement_policy: vm.swapPlacement ?? "inherit", // :295-301
    latency_sensitivity: vm.latencySensitivity ?? "normal", // :230-236
    enable_disk_uuid: flags.diskUuidEnabled ?? false,
    enable_logging: flags.enableLogging ?? false,
    vbs_enabled: flags.vbsEnabled ?? false,
    vvtd_enabled: flags.vvtdEnabled ?? false,
    sync_time_with_host: tools.syncTimeWithHostAllowed ?? true,
    sync_time_with_host_periodically: tools.syncTimeWithHost ?? false,
    tools_upgrade_policy: tools.toolsUpgradePolicy ?? "manual", // :192-198
    run_tools_scripts_after_power_on: tools.afterPowerOn ?? true, // :199-204
    run_tools_scripts_after_resume: tools.afterResume ?? true, // :205-210
    run_tools_scripts_before_guest_standby: tools.beforeGuestStandby ?? true, // :222-227
    run_tools_scripts_before_guest_shutdown: tools.beforeGuestShutdown ?? true, // :216-221
    run_tools_scripts_before_guest_reboot: tools.beforeGuestReboot ?? false,
    boot_delay: boot.bootDelay ?? 0,
    boot_retry_enabled: boot.bootRetryEnabled ?? false,
    boot_retry_delay: boot.bootRetryDelay ?? 10000, // :129-134
    ...allocation("cpu", vm.cpuAllocation),
    ...allocation("memory", vm.memoryAllocation),
    scsi_controller_count: vm.controllers.scsi,
    sata_controller_count: vm.controllers.sata,
    ide_controller_count: vm.controllers.ide,
    nvme_controller_count: vm.controllers.nvme,
    scsi_type: vm.scsiType, // validated: pvscsi, lsilogic or lsilogic-sas
    scsi_bus_sharing: vm.scsiBusSharing, // validated: noSharing, physicalSharing or virtualSharing
  };
}

/**
 * A disk as DiskSubresource.Read records it (vsphere/internal/virtualdevice/
 * virtual_machine_disk_subresource.go:1408-1511), labelled as the import labels it; defaults from
 * its schema (:64-200) where vCenter reported nothing.
 */
function diskAttributes(d: InventoryVm["disks"][number]): Attributes {
  return {
    label: d.label,
    size: d.sizeGiB,
    unit_number: d.unitNumber,
    controller_type: d.controller,
    thin_provisioned: d.thinProvisioned ?? true,
    eagerly_scrub: d.eagerlyScrub ?? false,
    write_through: d.writeThrough ?? false,
    disk_sharing: d.sharing ?? "sharingNone",
    disk_mode: d.diskMode ?? "persistent",
    keep_on_remove: d.keepOnRemove ?? false,
    io_limit: d.io?.limit ?? -1,
    io_reservation: d.io?.reservation ?? 0,
    io_share_level: d.io?.sharesLevel ?? "normal",
    io_share_count: d.io?.shares ?? 0,
  };
}

/**
 * A NIC as NetworkInterfaceSubresource.Read records it (vsphere/internal/virtualdevice/
 * virtual_machine_network_interface_subresource.go:875-965): a MAC address only where it was set
 * by hand, for mac_address is Computed and a generated one is vCenter's to keep (:113-118).
 */
function nicAttributes(n: InventoryVm["nics"][number]): Attributes {
  return {
    adapter_type: n.adapterType,
    use_static_mac: n.staticMac ?? false,
    ...(n.staticMac && n.macAddress ? { mac_address: n.macAddress } : {}),
    bandwidth_limit: n.bandwidth?.limit ?? -1,
    bandwidth_reservation: n.bandwidth?.reservation ?? 0,
    bandwidth_share_level: n.bandwidth?.sharesLevel ?? "normal",
  };
}

/**
 * A NIC the application asks for and the VM lacks, as the provider creates it: a vmxnet3 adapter
 * with the schema's defaults (virtual_machine_network_interface_subresource.go:60-118). Appended
 * to the list, it is a new device, hot-added without a restart (:219-228, :778-872; only an
 * SR-IOV adapter restarts the VM, :812-817).
 */
const ADDED_NIC: Attributes = {
  adapter_type: "vmxnet3",
  use_static_mac: false,
  bandwidth_limit: -1,
  bandwidth_reservation: 0,
  bandwidth_share_level: "normal",
};

/**
 * The adopted VMs of a pool with what the inventory says they are: every one is in it and every
 * NIC maps to a segment of the tenant (rule adopted-vms), its port group named by `portGroup`;
 * then a NIC for each of `further` (the application's further segments) none of those maps to.
 */
export function adoptedVms(
  tenant: { readonly id: string; readonly config: TenantConfig },
  inventory: InventoryConfig,
  vms: readonly { readonly key: string; readonly hostname: string }[],
  portGroup: (segment: string) => string,
  further: readonly string[] = [],
): AdoptedVmModel[] {
  return vms.map(({ key, hostname }) => {
    const vm = inventory.vms[hostname]!;
    const moved = vm.nics.map((n) => {
      const target = nicTarget(tenant, inventory, n.network);
      if ("problem" in target) throw new Error(`${hostname}: a NIC ${target.problem}`);
      return {
        legacyNetwork: n.network!,
        portGroup: portGroup(target.segment),
        attributes: nicAttributes(n),
      };
    });
    const added = further
      .map(portGroup)
      .filter((pg) => !moved.some((n) => n.portGroup === pg))
      .map((pg) => ({ portGroup: pg, attributes: ADDED_NIC }));
    return {
      key,
      hostname,
      legacyPath: vm.path,
      attributes: vmAttributes(vm),
      disks: vm.disks.map(diskAttributes),
      nics: [...moved, ...added],
    };
  });
}
