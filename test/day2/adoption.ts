// What the vSphere provider (v2.15.0) records for an adopted VM: its import, then the read that
// follows, from the VM's inventory and where the move put it. Written apart from the stacks, line
// by line from the provider's source, so that a plan of the stacks against it shows what the
// first plan after the import would change. Citations are to vsphere/ at tag v2.15.0: `:n` in
// resource_vsphere_virtual_machine.go, `C:n` in virtual_machine_config_structure.go.
import type { InventoryVm } from "../../stacks/model/schema/inventory.ts";
import type { JsonObject } from "../../scripts/terraform-json/json.ts";

/**
 * An attribute as the provider records it, and what the provider plans when a configuration
 * leaves it unset: the state's value (`keeps`: Optional and Computed, or Computed), or its
 * default (the schema's Default, or the zero value of an Optional attribute without one).
 */
interface Recorded {
  readonly value: unknown;
  readonly unset: "keeps" | { readonly default: unknown };
}

const keeps = (value: unknown): Recorded => ({ value, unset: "keeps" });
const orDefault = (value: unknown, d: unknown): Recorded => ({ value, unset: { default: d } });

/** Where the move put the VM, in the shadow's terms (the ids its lookups resolve to). */
export interface Placement {
  readonly hostname: string;
  readonly resourcePoolId: string;
  readonly datastoreId: string;
  readonly folder: string;
  /** The target port group's id for a NIC on this legacy network. */
  readonly networkId: (legacyNetwork: string) => string;
  /** Tags attached in the central vCenter. */
  readonly tags: readonly string[];
}

/** A value the inventory must hold for this mapping: the reference's vCenter reports each. */
function reported<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`test setup: the inventory does not report ${what}`);
  return value;
}

/** The VM's own attributes after import and read (resource_vsphere_virtual_machine.go unless named). */
function vmRecorded(vm: InventoryVm, at: Placement): Record<string, Recorded> {
  const { flags, tools, bootOptions: boot } = vm;
  const allocation = (kind: "cpu" | "memory", a: InventoryVm["cpuAllocation"]) => ({
    // flattenVirtualMachineResourceAllocation, C:634-638; schema C:553-579
    [`${kind}_share_level`]: orDefault(reported(a.sharesLevel, `${kind} shares`), "normal"),
    [`${kind}_share_count`]: keeps(a.shares),
    [`${kind}_limit`]: orDefault(reported(a.limit, `${kind} limit`), -1),
    [`${kind}_reservation`]: orDefault(reported(a.reservation, `${kind} reservation`), 0),
  });
  return {
    name: orDefault(at.hostname, undefined), // C:1010, Required
    resource_pool_id: orDefault(at.resourcePoolId, undefined), // :470, Required
    datastore_id: keeps(at.datastoreId), // :521, Optional+Computed
    folder: orDefault(at.folder, ""), // :487
    host_system_id: keeps("host-of-the-cluster"), // :491, Optional+Computed
    moid: keeps("vm-1001"), // :457, Computed
    // flattenVirtualMachineConfigInfo, C:1009-1060
    guest_id: keeps(vm.guestId), // C:1011, Optional+Computed
    alternate_guest_name: orDefault(vm.alternateGuestName ?? "", ""), // C:1012
    annotation: keeps(""), // C:1013, Optional+Computed
    num_cpus: orDefault(vm.vcpu, 1), // C:1014
    num_cores_per_socket: orDefault(vm.coresPerSocket, 1), // C:1015
    memory: orDefault(vm.memoryMiB, 1024), // C:1016
    memory_hot_add_enabled: orDefault(reported(vm.memoryHotAddEnabled, "memory hot add"), false), // C:1017
    memory_reservation_locked_to_max: orDefault(
      reported(vm.memoryReservationLockedToMax, "memory lock"),
      false,
    ), // C:1019-1023
    cpu_hot_add_enabled: orDefault(reported(vm.cpuHotAddEnabled, "CPU hot add"), false), // C:1024
    cpu_hot_remove_enabled: orDefault(reported(vm.cpuHotRemoveEnabled, "CPU hot remove"), false), // C:1025
    swap_placement_policy: orDefault(reported(vm.swapPlacement, "swap placement"), "inherit"), // C:1026
    firmware: orDefault(vm.firmware, "bios"), // C:1027
    nested_hv_enabled: orDefault(reported(vm.nestedHVEnabled, "nested HV"), false), // C:1028
    cpu_performance_counters_enabled: orDefault(reported(vm.vPMCEnabled, "vPMC"), false), // C:1029
    hardware_version: keeps(13), // C:1032, Optional+Computed
    // flattenToolsConfigInfo, C:517-536: the central vCenter is 7.0.1 or later, where
    // sync_time_with_host is syncTimeWithHostAllowed (which a VM that never had it set allows)
    sync_time_with_host: orDefault(tools.syncTimeWithHostAllowed ?? true, true), // C:530
    sync_time_with_host_periodically: orDefault(
      reported(tools.syncTimeWithHost, "periodic time sync"),
      false,
    ), // C:531
    tools_upgrade_policy: orDefault(reported(tools.toolsUpgradePolicy, "Tools upgrade policy"), "manual"), // C:519
    run_tools_scripts_after_power_on: orDefault(reported(tools.afterPowerOn, "Tools after power-on"), true), // C:520
    run_tools_scripts_after_resume: orDefault(reported(tools.afterResume, "Tools after resume"), true), // C:521
    run_tools_scripts_before_guest_standby: orDefault(
      reported(tools.beforeGuestStandby, "Tools before standby"),
      true,
    ), // C:522
    run_tools_scripts_before_guest_shutdown: orDefault(
      reported(tools.beforeGuestShutdown, "Tools before shutdown"),
      true,
    ), // C:523
    run_tools_scripts_before_guest_reboot: orDefault(
      reported(tools.beforeGuestReboot, "Tools before reboot"),
      false,
    ), // C:524
    // flattenVirtualMachineFlagInfo, C:476-491 (vbs and vvtd from vCenter 6.7 on)
    enable_disk_uuid: orDefault(reported(flags.diskUuidEnabled, "disk UUIDs"), false), // C:477
    hv_mode: keeps("hvAuto"), // C:478, Optional+Computed
    ept_rvi_mode: keeps("automatic"), // C:479, Optional+Computed
    enable_logging: orDefault(reported(flags.enableLogging, "logging"), false), // C:480
    vbs_enabled: orDefault(reported(flags.vbsEnabled, "VBS"), false), // C:486
    vvtd_enabled: orDefault(reported(flags.vvtdEnabled, "VT-d"), false), // C:487
    ...allocation("cpu", vm.cpuAllocation),
    ...allocation("memory", vm.memoryAllocation),
    latency_sensitivity: orDefault(reported(vm.latencySensitivity, "latency sensitivity"), "normal"), // C:622
    // flattenVirtualMachineBootOptions, C:446-452
    boot_delay: orDefault(reported(boot.bootDelay, "boot delay"), 0),
    efi_secure_boot_enabled: orDefault(vm.efiSecureBoot, false),
    boot_retry_enabled: orDefault(reported(boot.bootRetryEnabled, "boot retry"), false),
    boot_retry_delay: orDefault(reported(boot.bootRetryDelay, "boot retry delay"), 10000),
    storage_policy_id: keeps("vsan-default"), // :556, Optional+Computed
    pci_device_id: orDefault([], []), // :560-571: no passthrough device (validated)
    // the import's controller counts, :1208-1211 (the read never sets them), and its defaults,
    // :1227-1234, the schema's
    scsi_controller_count: orDefault(vm.controllers.scsi, 1),
    sata_controller_count: orDefault(vm.controllers.sata, 0),
    ide_controller_count: orDefault(vm.controllers.ide, 2),
    nvme_controller_count: orDefault(vm.controllers.nvme, 0),
    force_power_off: orDefault(true, true),
    shutdown_wait_timeout: orDefault(3, 3),
    extra_config_reboot_required: orDefault(true, true),
    // the SCSI bus over those controllers, :579-580
    scsi_type: orDefault(vm.scsiType, "pvscsi"),
    scsi_bus_sharing: orDefault(vm.scsiBusSharing, "noSharing"),
    // only the keys a configuration names, C:725-746: none before the first apply
    extra_config: orDefault({}, {}),
    // tags attached in vCenter, tags_helper.go:179-193
    tags: orDefault([...at.tags], []),
    power_state: keeps("on"), // :618, Computed
  };
}

/**
 * A disk as the import labels it (DiskImportOperation, internal/virtualdevice/
 * virtual_machine_disk_subresource.go:1216-1300) and DiskSubresource.Read reads it (:1408-1511).
 * DiskDiffOperation carries the computed parts over and keeps io_share_count unless the share
 * level is custom (:1612-1662).
 */
function diskRecorded(d: InventoryVm["disks"][number]): Record<string, Recorded> {
  const io = reported(d.io, `the I/O allocation of ${d.deviceAddress}`);
  return {
    label: orDefault(d.label, undefined), // :1279-1284, Required
    keep_on_remove: orDefault(d.keepOnRemove ?? false, false), // :1281-1293
    unit_number: orDefault(d.unitNumber, 0), // :1418
    controller_type: orDefault(d.controller, "scsi"), // :1422-1431
    key: keeps(2000), // :1419 (SaveDevIDs), Computed
    device_address: keeps(d.deviceAddress), // :1419, Computed
    uuid: keeps("6000C29a-0000"), // :1481, Computed
    disk_mode: orDefault(reported(d.diskMode, "disk mode"), "persistent"), // :1482
    write_through: orDefault(reported(d.writeThrough, "write-through"), false), // :1483
    disk_sharing: orDefault(reported(d.sharing, "disk sharing"), "sharingNone"), // :1490-1492
    thin_provisioned: orDefault(reported(d.thinProvisioned, "thin provisioning"), true), // :1495
    eagerly_scrub: orDefault(reported(d.eagerlyScrub, "eager zeroing"), false), // :1496
    datastore_id: keeps(d.datastore), // :1498, Optional+Computed (normalized :1636-1656)
    path: keeps(`${d.label}.vmdk`), // :1506
    size: orDefault(d.sizeGiB, 0), // :1507
    io_limit: orDefault(reported(io.limit, "I/O limit"), -1), // :1452
    io_reservation: orDefault(reported(io.reservation, "I/O reservation"), 0), // :1453
    io_share_level: orDefault(reported(io.sharesLevel, "I/O shares"), "normal"), // :1455
    io_share_count: io.sharesLevel === "custom" ? orDefault(io.shares, 0) : keeps(io.shares), // :1456, :1659-1662
    attach: orDefault(false, false), // never read
    storage_policy_id: keeps(""), // :1460-1474, Optional+Computed
  };
}

/** A NIC as NetworkInterfaceSubresource.Read reads it (internal/virtualdevice/virtual_machine_network_interface_subresource.go:875-968). */
function nicRecorded(n: InventoryVm["nics"][number], at: Placement): Record<string, Recorded> {
  const bandwidth = reported(n.bandwidth, "a NIC's bandwidth allocation");
  return {
    adapter_type: orDefault(n.adapterType, "vmxnet3"), // :892
    network_id: orDefault(at.networkId(reported(n.network, "a NIC's network")), undefined), // :940, Required
    use_static_mac: orDefault(n.staticMac ?? false, false), // :941
    mac_address: keeps(n.macAddress), // :942, Optional+Computed
    bandwidth_limit: orDefault(reported(bandwidth.limit, "bandwidth limit"), -1), // :946
    bandwidth_reservation: orDefault(reported(bandwidth.reservation, "bandwidth reservation"), 0), // :947
    bandwidth_share_count: keeps(bandwidth.shares), // :948, Optional+Computed
    bandwidth_share_level: orDefault(reported(bandwidth.sharesLevel, "bandwidth shares"), "normal"), // :949
    physical_function: orDefault("", ""), // :934, SR-IOV only
    key: keeps(4000), // :965, Computed
    device_address: keeps("pci:0:7"), // :965, Computed
  };
}

/**
 * The state's attributes as a plan compares them with a configuration that sets `isSet`: what
 * the configuration sets is compared; of the rest, what the provider keeps drops out, and so does
 * a value equal to the default it would plan. What is left shows as a change.
 */
function compared(recorded: Record<string, Recorded>, isSet: (name: string) => boolean): JsonObject {
  const out: JsonObject = {};
  for (const [name, { value, unset }] of Object.entries(recorded)) {
    if (isSet(name)) out[name] = value as JsonObject[string];
    else if (unset !== "keeps" && JSON.stringify(value) !== JSON.stringify(unset.default))
      out[name] = value as JsonObject[string];
  }
  return out;
}

/** What a configuration's VM block sets, for one of its VMs: attribute names, and per disk and NIC. */
export interface ConfigSets {
  readonly vm: (name: string) => boolean;
  readonly disk: (index: number, name: string) => boolean;
  readonly nic: (index: number, name: string) => boolean;
}

/** The adopted VM's state, as the plan compares it with a configuration that sets `sets`. */
export function recordedState(vm: InventoryVm, at: Placement, sets: ConfigSets): JsonObject {
  return {
    ...compared(vmRecorded(vm, at), sets.vm),
    disk: vm.disks.map((d, i) => compared(diskRecorded(d), (name) => sets.disk(i, name))),
    network_interface: vm.nics.map((n, i) => compared(nicRecorded(n, at), (name) => sets.nic(i, name))),
  };
}
