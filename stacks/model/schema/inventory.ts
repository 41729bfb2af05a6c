// inventory/<tenant>.yaml: what a tenant's legacy vCenter holds, written by `irvn inventory` and
// read by the adopted VMs' resource shape: per VM its disks as the provider's import labels them,
// NICs, firmware and size; the port groups and datastores. Facts read, not settings to edit.
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Closed, Enum, formatKeywords, Formatted, IsoDate, Text } from "./common.ts";
import { DISK_MODES, SCSI_SHARING, SHARES_LEVELS } from "./values.ts";

export const DISK_CONTROLLERS = ["scsi", "sata", "ide", "nvme"] as const;
/** The provider's names for a NIC's adapter type (virtual_machine_network_interface_subresource.go). */
export const ADAPTER_TYPES = [
  "e1000",
  "e1000e",
  "pcnet32",
  "sriov",
  "vmxnet2",
  "vmxnet3",
  "vmxnet3vrdma",
  "unknown",
] as const;
/** How ReadSCSIBusType names the SCSI controllers it reads (govmomi's VirtualDeviceList.Type), or mixed, unknown. */
export const SCSI_TYPES = [
  "pvscsi",
  "lsilogic",
  "lsilogic-sas",
  "buslogic",
  "scsi",
  "mixed",
  "unknown",
] as const;
export { DISK_MODES, SCSI_SHARING, SHARES_LEVELS };

/** A map keyed by a vSphere name (VM, port group, datastore): any safe text, not only ids. */
function NameMap<T extends TSchema>(values: T, description: string) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    description,
    propertyNames: formatKeywords("safe-text"),
    additionalProperties: values,
    maxProperties: 100_000,
  });
}

/** CPU, memory, disk I/O or network bandwidth allocation, each part as vCenter reports it. */
const Allocation = (unit: string, description: string) =>
  Closed(
    {
      reservation: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: `reservation in ${unit}` }),
      ),
      limit: Type.Optional(
        Type.Integer({ minimum: -1, maximum: 1_000_000_000, description: `limit in ${unit}; -1: none` }),
      ),
      sharesLevel: Type.Optional(Enum(SHARES_LEVELS, "shares level")),
      shares: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: "number of shares" }),
      ),
    },
    { description },
  );

const Flag = (description: string) => Type.Optional(Type.Boolean({ description }));

const Vlan = (description: string) => Type.Integer({ minimum: 0, maximum: 4095, description });

const Disk = Closed({
  label: Text(
    "the label the provider's import gives the disk: vSphere's device label (Hard disk 1), or disk<n> where the device has none",
  ),
  keepOnRemove: Type.Optional(
    Type.Boolean({ description: "true where the import generated the label: it sets keep_on_remove" }),
  ),
  controller: Enum(DISK_CONTROLLERS, "controller type"),
  bus: Type.Integer({ minimum: 0, maximum: 3, description: "the controller's bus number" }),
  unitNumber: Type.Integer({
    minimum: 0,
    maximum: 255,
    description:
      "the provider's unit_number: the unit on the bus (SCSI: less one above the controller's own unit 7) plus 15 × bus (SCSI), 30 × bus (SATA), 2 × bus (IDE) or 64 × bus (NVMe)",
  }),
  deviceAddress: Formatted(
    "device-address",
    "the provider's device_address: <controller>:<bus>:<unit on the bus>",
  ),
  sizeGiB: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description: "capacity in GiB, rounded up, as the provider reads it",
  }),
  thinProvisioned: Type.Optional(Type.Boolean({ description: "thin provisioned (flat VMDK disks)" })),
  eagerlyScrub: Type.Optional(Type.Boolean({ description: "eagerly zeroed (flat VMDK disks)" })),
  diskMode: Type.Optional(Enum(DISK_MODES, "vSphere disk mode")),
  datastore: Type.Optional(Text("name of the datastore holding the disk")),
  writeThrough: Flag("writes go straight to the file system (flat VMDK disks)"),
  sharing: Type.Optional(
    Enum(
      ["sharingNone", "sharingMultiWriter"] as const,
      "disk sharing (flat VMDK disks, vSphere 6.0 and later)",
    ),
  ),
  io: Type.Optional(Allocation("IOPS", "storage I/O allocation (storageIOAllocation)")),
  backing: Type.Optional(
    Enum(
      ["rdm", "sparse", "other"] as const,
      "present when the disk is not a flat VMDK: the provider's import refuses the VM",
    ),
  ),
});

const Nic = Closed({
  network: Type.Optional(Text("name of the port group or network the adapter is on")),
  adapterType: Enum(ADAPTER_TYPES, "adapter type, named as the provider names it"),
  macAddress: Type.Optional(Formatted("mac-address", "MAC address")),
  staticMac: Type.Optional(Type.Boolean({ description: "true where the MAC address is set by hand" })),
  ipv4: Type.Optional(
    Type.Array(Formatted("ipv4-address"), {
      description: "IPv4 addresses the guest reports on this adapter (VMware Tools), sorted",
      maxItems: 256,
      uniqueItems: true,
    }),
  ),
  bandwidth: Type.Optional(Allocation("Mbit/s", "network bandwidth allocation (resourceAllocation)")),
});

const Vm = Closed(
  {
    path: Text("inventory path, as the provider's import takes it: /<datacenter>/vm/<folder>/<name>"),
    folder: Type.Optional(Text("folder under the datacenter's VM folder; absent at its top")),
    powerState: Enum(["poweredOn", "poweredOff", "suspended"] as const, "power state when read"),
    guestId: Type.Optional(Formatted("guest-id", "vSphere guest OS identifier")),
    firmware: Enum(["bios", "efi"] as const, "firmware"),
    efiSecureBoot: Type.Boolean({ description: "EFI secure boot enabled" }),
    vcpu: Type.Integer({ minimum: 1, maximum: 768, description: "virtual CPUs" }),
    coresPerSocket: Type.Integer({ minimum: 1, maximum: 768, description: "cores per virtual socket" }),
    memoryMiB: Type.Integer({ minimum: 1, maximum: 25_165_824, description: "memory in MiB" }),
    alternateGuestName: Type.Optional(Text("guest OS name vCenter shows for otherGuest ids")),
    cpuHotAddEnabled: Flag("CPUs can be added while it runs"),
    cpuHotRemoveEnabled: Flag("CPUs can be removed while it runs"),
    memoryHotAddEnabled: Flag("memory can be added while it runs"),
    memoryReservationLockedToMax: Flag("the memory reservation follows the memory size"),
    nestedHVEnabled: Flag("nested hardware virtualization"),
    vPMCEnabled: Flag("virtual CPU performance counters"),
    swapPlacement: Type.Optional(
      Enum(["inherit", "vmDirectory", "hostLocal"] as const, "swap file placement"),
    ),
    latencySensitivity: Type.Optional(
      Enum(["low", "normal", "medium", "high", "custom"] as const, "latency sensitivity level"),
    ),
    flags: Closed(
      {
        diskUuidEnabled: Flag("disk UUIDs are shown to the guest"),
        enableLogging: Flag("the VM writes vmware.log"),
        vbsEnabled: Flag("virtualization-based security"),
        vvtdEnabled: Flag("I/O MMU virtualization (VT-d, AMD-Vi)"),
      },
      { description: "config.flags" },
    ),
    tools: Closed(
      {
        syncTimeWithHost: Flag("VMware Tools synchronizes the guest clock periodically"),
        syncTimeWithHostAllowed: Flag(
          "VMware Tools may synchronize the guest clock at startup and resume (vCenter 7.0.1 and later)",
        ),
        toolsUpgradePolicy: Type.Optional(
          Enum(["manual", "upgradeAtPowerCycle"] as const, "when VMware Tools is upgraded"),
        ),
        afterPowerOn: Flag("Tools scripts run after power-on"),
        afterResume: Flag("Tools scripts run after resume"),
        beforeGuestStandby: Flag("Tools scripts run before standby"),
        beforeGuestShutdown: Flag("Tools scripts run before shutdown"),
        beforeGuestReboot: Flag("Tools scripts run before reboot"),
      },
      { description: "config.tools: VMware Tools settings" },
    ),
    bootOptions: Closed(
      {
        bootDelay: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 10_000_000, description: "boot delay in ms" }),
        ),
        bootRetryEnabled: Flag("a failed boot is retried"),
        bootRetryDelay: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 10_000_000, description: "boot retry delay in ms" }),
        ),
      },
      { description: "config.bootOptions (EFI secure boot: efiSecureBoot)" },
    ),
    cpuAllocation: Allocation("MHz", "CPU allocation"),
    memoryAllocation: Allocation("MiB", "memory allocation"),
    controllers: Closed(
      {
        scsi: Type.Integer({ minimum: 0, maximum: 4, description: "SCSI controllers" }),
        sata: Type.Integer({ minimum: 0, maximum: 4, description: "SATA controllers" }),
        ide: Type.Integer({ minimum: 0, maximum: 2, description: "IDE controllers" }),
        nvme: Type.Integer({ minimum: 0, maximum: 4, description: "NVMe controllers" }),
      },
      {
        description:
          "controllers of each kind on contiguous buses from 0: the provider's import sets its *_controller_count from them",
      },
    ),
    scsiType: Enum(
      SCSI_TYPES,
      "the SCSI controllers those counts cover, as the provider's read names them: one type, mixed, or unknown (none)",
    ),
    scsiBusSharing: Enum(SCSI_SHARING, "their bus sharing, as the provider's read gives it"),
    disks: Type.Array(Disk, {
      description:
        "the disks the provider's import takes over, in the order its state holds them (by unit_number)",
      maxItems: 256,
    }),
    nics: Type.Array(Nic, { description: "network adapters in device order", maxItems: 10 }),
    importProblems: Type.Optional(
      Type.Array(Text("a reason"), {
        description: "what would make the provider's import fail or leave part of the VM out",
        maxItems: 300,
      }),
    ),
  },
  { description: "a virtual machine" },
);

const PortGroup = Closed({
  type: Enum(
    ["distributed", "standard", "opaque"] as const,
    "distributed port group, standard or NSX network",
  ),
  switch: Type.Optional(Text("the distributed switch, or the hosts' standard switch")),
  vlan: Type.Optional(Vlan("VLAN ID (0: untagged; 4095 on a standard switch: all)")),
  vlanRanges: Type.Optional(
    Type.Array(
      Closed({
        first: Vlan("first VLAN ID"),
        last: Vlan("last VLAN ID"),
      }),
      { description: "VLAN trunk: the ranges carried", maxItems: 4096 },
    ),
  ),
  pvlan: Type.Optional(Vlan("private VLAN ID")),
  vlanIds: Type.Optional(
    Type.Array(Vlan("VLAN ID"), {
      description: "standard port groups of this name that differ between hosts: each VLAN ID found",
      maxItems: 4096,
      uniqueItems: true,
    }),
  ),
});

const Datastore = Closed({
  type: Text("VMFS, NFS, vsan, VVOL, …"),
  capacityGiB: Type.Integer({
    minimum: 0,
    maximum: 100_000_000,
    description: "capacity in GiB, rounded down",
  }),
});

export const InventorySchema = Closed(
  {
    source: Closed({
      product: Text("the vCenter that was read, as it names itself (about.fullName)"),
      instanceUuid: Text("the vCenter's instance UUID"),
      datacenter: Text("the datacenter that was read"),
      folder: Type.Optional(Text("the VM folder the inventory was limited to, if any")),
      readOn: Type.Optional(IsoDate("the date it was read, when given with --date")),
    }),
    vms: NameMap(Vm, "virtual machines keyed by name (templates are left out)"),
    portGroups: NameMap(PortGroup, "port groups and networks VMs can attach to, keyed by name"),
    datastores: NameMap(Datastore, "datastores keyed by name"),
  },
  { description: "a tenant's legacy vCenter, read by `irvn inventory`; the file name is the tenant id" },
);

export type InventoryConfig = Static<typeof InventorySchema>;
export type InventoryVm = InventoryConfig["vms"][string];
export type InventoryDisk = InventoryVm["disks"][number];
export type InventoryNic = InventoryVm["nics"][number];
export type InventoryPortGroup = InventoryConfig["portGroups"][string];
export type InventoryAllocation = InventoryVm["cpuAllocation"];
