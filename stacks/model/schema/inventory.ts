// inventory/<tenant>.yaml: what a tenant's legacy vCenter holds, written by `irvn inventory` and
// read by the adopted VMs' resource shape: per VM its disks as the provider's import labels them,
// NICs, firmware and size; the port groups and datastores. Facts read, not settings to edit.
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Closed, Enum, IsoDate, Text } from "./common.ts";

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
export const DISK_MODES = [
  "persistent",
  "nonpersistent",
  "undoable",
  "independent_persistent",
  "independent_nonpersistent",
  "append",
] as const;

/** A map keyed by a vSphere name (VM, port group, datastore): any safe text, not only ids. */
function NameMap<T extends TSchema>(values: T, description: string) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    description,
    propertyNames: { format: "safe-text" },
    additionalProperties: values,
    maxProperties: 100_000,
  });
}

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
  deviceAddress: Type.String({
    format: "device-address",
    description: "the provider's device_address: <controller>:<bus>:<unit on the bus>",
  }),
  sizeGiB: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description: "capacity in GiB, rounded up, as the provider reads it",
  }),
  thinProvisioned: Type.Optional(Type.Boolean({ description: "thin provisioned (flat VMDK disks)" })),
  eagerlyScrub: Type.Optional(Type.Boolean({ description: "eagerly zeroed (flat VMDK disks)" })),
  diskMode: Type.Optional(Enum(DISK_MODES, "vSphere disk mode")),
  datastore: Type.Optional(Text("name of the datastore holding the disk")),
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
  macAddress: Type.Optional(Type.String({ format: "mac-address", description: "MAC address" })),
  staticMac: Type.Optional(Type.Boolean({ description: "true where the MAC address is set by hand" })),
  ipv4: Type.Optional(
    Type.Array(Type.String({ format: "ipv4-address" }), {
      description: "IPv4 addresses the guest reports on this adapter (VMware Tools), sorted",
      maxItems: 256,
      uniqueItems: true,
    }),
  ),
});

const Vm = Closed(
  {
    path: Text("inventory path, as the provider's import takes it: /<datacenter>/vm/<folder>/<name>"),
    folder: Type.Optional(Text("folder under the datacenter's VM folder; absent at its top")),
    powerState: Enum(["poweredOn", "poweredOff", "suspended"] as const, "power state when read"),
    guestId: Type.Optional(Type.String({ format: "guest-id", description: "vSphere guest OS identifier" })),
    firmware: Enum(["bios", "efi"] as const, "firmware"),
    efiSecureBoot: Type.Boolean({ description: "EFI secure boot enabled" }),
    vcpu: Type.Integer({ minimum: 1, maximum: 768, description: "virtual CPUs" }),
    coresPerSocket: Type.Integer({ minimum: 1, maximum: 768, description: "cores per virtual socket" }),
    memoryMiB: Type.Integer({ minimum: 1, maximum: 25_165_824, description: "memory in MiB" }),
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
