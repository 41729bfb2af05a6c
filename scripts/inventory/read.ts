// Reading a legacy vCenter into an inventory: what the property collector returns for one
// datacenter, turned into the inventory file's shape. The disks are labelled and ordered as the
// vSphere provider's import does it (v2.15.0, cited below), so adopted VMs can match them.
import {
  compare,
  DISK_MODES,
  FORMATS,
  type InventoryAllocation,
  type InventoryConfig,
  type InventoryDisk,
  type InventoryNic,
  type InventoryPortGroup,
  type InventoryVm,
  SCSI_SHARING,
  SHARES_LEVELS,
} from "../../stacks/model/index.ts";
import {
  type About,
  type ObjectContent,
  type Ref,
  refOf,
  VsphereClient,
  VsphereError,
} from "../vsphere/client.ts";
import { child, childrenNamed, childText, type XmlElement } from "../vsphere/xml.ts";

/** What was read from vCenter, before it is shaped: the raw objects of one datacenter. */
export interface RawEstate {
  readonly about: About;
  readonly datacenter: { readonly name: string; readonly vmFolder: string };
  readonly objects: readonly ObjectContent[];
  /** Each host's standard port groups (HostNetworkSystem networkInfo.portgroup). */
  readonly hostPortGroups: readonly XmlElement[];
}

export interface ReadOptions {
  readonly datacenter: string;
  /** Limit the VMs to this folder (a path under the datacenter's VM folder) and below. */
  readonly folder?: string;
  /** YYYY-MM-DD, recorded as `source.readOn`. */
  readonly date?: string;
}

export interface Shaped {
  readonly inventory: InventoryConfig;
  /** What was left out and why, one line each. */
  readonly warnings: readonly string[];
  /** Templates are never imported; counted for the summary. */
  readonly templates: number;
}

const VM_PATHS = [
  "name",
  "parent",
  "config.template",
  "config.guestId",
  "config.firmware",
  "config.bootOptions",
  "config.alternateGuestName",
  "config.cpuHotAddEnabled",
  "config.cpuHotRemoveEnabled",
  "config.memoryHotAddEnabled",
  "config.memoryReservationLockedToMax",
  "config.nestedHVEnabled",
  "config.vPMCEnabled",
  "config.swapPlacement",
  "config.latencySensitivity",
  "config.flags",
  "config.tools",
  "config.cpuAllocation",
  "config.memoryAllocation",
  "config.hardware.numCPU",
  "config.hardware.numCoresPerSocket",
  "config.hardware.memoryMB",
  "config.hardware.device",
  "guest.net",
  "runtime.powerState",
];

/** Reads one datacenter; throws VsphereError (one line, no credential) on any failure. */
export async function readEstate(client: VsphereClient, options: ReadOptions): Promise<RawEstate> {
  const top = await client.createContainerView(client.service("rootFolder"), ["Datacenter"]);
  let datacenters: ObjectContent[];
  try {
    datacenters = await client.retrieveView(top, [{ type: "Datacenter", paths: ["name", "vmFolder"] }]);
  } finally {
    await client.destroyView(top);
  }
  const named = datacenters.filter((d) => d.props.get("name")?.text === options.datacenter);
  if (named.length !== 1) {
    const names = datacenters.map((d) => d.props.get("name")?.text ?? "").sort(compare);
    throw new VsphereError(
      "fault",
      named.length === 0
        ? `no datacenter "${options.datacenter}" in this vCenter (it has ${names.map((n) => `"${n}"`).join(", ") || "none"}): check --datacenter`
        : `${named.length} datacenters are named "${options.datacenter}": this vCenter cannot be read by datacenter name`,
    );
  }
  const dc = named[0]!;
  const vmFolder = refOf(dc.props.get("vmFolder"))?.value ?? "";
  const view = await client.createContainerView(dc.obj, [
    "VirtualMachine",
    "Folder",
    "Network",
    "DistributedVirtualSwitch",
    "Datastore",
    "HostSystem",
  ]);
  let objects: ObjectContent[];
  try {
    objects = await client.retrieveView(view, [
      { type: "VirtualMachine", paths: VM_PATHS },
      { type: "Folder", paths: ["name", "parent"] },
      { type: "Network", paths: ["name"] },
      {
        type: "DistributedVirtualPortgroup",
        paths: ["key", "config.defaultPortConfig", "config.distributedVirtualSwitch"],
      },
      { type: "DistributedVirtualSwitch", paths: ["name", "config.uplinkPortgroup"] },
      { type: "Datastore", paths: ["name", "summary.capacity", "summary.type"] },
      { type: "HostSystem", paths: ["configManager.networkSystem"] },
    ]);
  } finally {
    await client.destroyView(view);
  }
  const networkSystems = objects
    .filter((o) => o.obj.type === "HostSystem")
    .map((o) => refOf(o.props.get("configManager.networkSystem")))
    .filter((r): r is Ref => r !== undefined);
  const hostNetworks = await client.retrieveObjects(networkSystems, [
    { type: "HostNetworkSystem", paths: ["networkInfo.portgroup"] },
  ]);
  return {
    about: client.about(),
    datacenter: { name: options.datacenter, vmFolder },
    objects,
    hostPortGroups: hostNetworks.flatMap((h) => {
      const pgs = h.props.get("networkInfo.portgroup");
      return pgs ? [pgs] : [];
    }),
  };
}

// ---- values out of XML -------------------------------------------------------------------

const int = (el: XmlElement | undefined): number | undefined => {
  if (!el || !/^-?\d+$/.test(el.text.trim())) return undefined;
  return Number(el.text.trim());
};
const bool = (el: XmlElement | undefined): boolean | undefined =>
  el ? el.text.trim() === "true" : undefined;

/** `{ key: value }` for a value vCenter reported, nothing for one it left out. */
function present<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The text when it is one of `values`. */
function oneOf<T extends string>(values: readonly T[], text: string | undefined): T | undefined {
  const t = text?.trim() ?? "";
  return (values as readonly string[]).includes(t) ? (t as T) : undefined;
}

/** A ResourceAllocationInfo, StorageIOAllocationInfo or NIC allocation: what vCenter reports of it. */
function allocation(el: XmlElement | undefined, sharesName = "shares"): InventoryAllocation {
  const shares = child(el, sharesName);
  return {
    ...present("reservation", int(child(el, "reservation"))),
    ...present("limit", int(child(el, "limit"))),
    ...present("sharesLevel", oneOf(SHARES_LEVELS, childText(shares, "level"))),
    ...present("shares", int(child(shares, "shares"))),
  };
}

/** Text that the configuration accepts as a name or label (the loader's safe-text format). */
const safe = (text: string | undefined): text is string =>
  text !== undefined && FORMATS["safe-text"]!.check(text);

/** About's product name for a comment and `source.product`: what safe-text refuses is dropped. */
export function safeProduct(name: string): string {
  const cleaned = [...name]
    .filter((c) => FORMATS["safe-text"]!.check(`x${c}x`))
    .join("")
    .trim();
  return cleaned.slice(0, 200) || "an unnamed vCenter";
}

// ---- devices -----------------------------------------------------------------------------

type ControllerKind = "scsi" | "sata" | "ide" | "nvme";

interface Controller {
  readonly kind: ControllerKind;
  readonly bus: number;
  /** The SCSI controller's own unit on its bus (7). */
  readonly scsiUnit: number;
  /** SCSI: its type as govmomi's VirtualDeviceList.Type names it, and its bus sharing. */
  readonly scsiType?: string;
  readonly sharing?: string;
}

interface Disk {
  readonly index: number;
  readonly controllerKey: number;
  readonly unit: number;
  readonly label: string;
  readonly el: XmlElement;
}

/** SCSI controller types and the names govmomi's VirtualDeviceList.Type gives them (pvscsi, lsilogic-sas by case, the rest by its deviceName pattern). */
const SCSI: Readonly<Record<string, string>> = {
  VirtualSCSIController: "scsi",
  ParaVirtualSCSIController: "pvscsi",
  VirtualBusLogicController: "buslogic",
  VirtualLsiLogicController: "lsilogic",
  VirtualLsiLogicSASController: "lsilogic-sas",
};
const SATA = new Set(["VirtualSATAController", "VirtualAHCIController"]);

function controllerKind(type: string | undefined): ControllerKind | undefined {
  if (type === undefined) return undefined;
  if (Object.hasOwn(SCSI, type)) return "scsi";
  if (SATA.has(type)) return "sata";
  if (type === "VirtualIDEController") return "ide";
  if (type === "VirtualNVMEController") return "nvme";
  return undefined;
}

/** The provider's adapter_type names: virtualEthernetCardString, virtual_machine_network_interface_subresource.go:757. */
const ADAPTERS: Record<string, InventoryNic["adapterType"]> = {
  VirtualE1000: "e1000",
  VirtualE1000e: "e1000e",
  VirtualPCNet32: "pcnet32",
  VirtualSriovEthernetCard: "sriov",
  VirtualVmxnet2: "vmxnet2",
  VirtualVmxnet3: "vmxnet3",
  VirtualVmxnet3Vrdma: "vmxnet3vrdma",
};
const ETHERNET = new Set([...Object.keys(ADAPTERS), "VirtualVmxnet", "VirtualEthernetCard"]);

/** The disk controllers of a device list, by device key. */
function controllersOf(devices: readonly XmlElement[]): Map<number, Controller> {
  const out = new Map<number, Controller>();
  for (const d of devices) {
    const key = int(child(d, "key"));
    const kind = controllerKind(d.xsiType);
    if (key === undefined || !kind) continue;
    out.set(key, {
      kind,
      bus: int(child(d, "busNumber")) ?? 0,
      scsiUnit: int(child(d, "scsiCtlrUnitNumber")) ?? 7,
      ...(kind === "scsi" ? { scsiType: SCSI[d.xsiType!]!, sharing: childText(d, "sharedBus") ?? "" } : {}),
    });
  }
  return out;
}

/** Buses per controller kind the importer looks at (resource_vsphere_virtual_machine.go:1192-1195). */
const BUSES: Record<ControllerKind, number> = { scsi: 4, sata: 4, ide: 2, nvme: 4 };

/**
 * The number of controllers of a kind the provider manages after an import: those on
 * contiguous buses from 0 (resource_vsphere_virtual_machine.go:1188-1211, controllerCount at :1240).
 */
function controllerCounts(controllers: Iterable<Controller>): Record<ControllerKind, number> {
  const present = {
    scsi: new Set<number>(),
    sata: new Set<number>(),
    ide: new Set<number>(),
    nvme: new Set<number>(),
  };
  for (const c of controllers) present[c.kind].add(c.bus);
  const count = (kind: ControllerKind) => {
    let n = 0;
    while (n < BUSES[kind] && present[kind].has(n)) n++;
    return n;
  };
  return { scsi: count("scsi"), sata: count("sata"), ide: count("ide"), nvme: count("nvme") };
}

/**
 * The controllers as the import counts them, and the SCSI bus as the read that follows records
 * it: ReadSCSIBusType and ReadSCSIBusSharing over the first scsi_controller_count SCSI
 * controllers (resource_vsphere_virtual_machine.go:579-580;
 * vsphere/internal/virtualdevice/virtual_machine_device_subresource.go:737-778): one type or
 * sharing for all, `mixed` when they differ, `unknown` without a controller on bus 0.
 */
export function controllerSettings(
  devices: readonly XmlElement[],
): Pick<InventoryVm, "controllers" | "scsiType" | "scsiBusSharing"> {
  const controllers = [...controllersOf(devices).values()];
  const counts = controllerCounts(controllers);
  const byBus: (Controller | undefined)[] = Array.from({ length: counts.scsi });
  for (const c of controllers) if (c.kind === "scsi" && c.bus < counts.scsi) byBus[c.bus] = c;
  const first = byBus[0];
  if (!first) return { controllers: counts, scsiType: "unknown", scsiBusSharing: "unknown" };
  const same = (f: (c: Controller) => string | undefined) => byBus.every((c) => c && f(c) === f(first));
  return {
    controllers: counts,
    scsiType: same((c) => c.scsiType) ? (first.scsiType as InventoryVm["scsiType"]) : "mixed",
    scsiBusSharing: same((c) => c.sharing) ? (oneOf(SCSI_SHARING, first.sharing) ?? "unknown") : "mixed",
  };
}

/** The provider's unit_number of a disk: findControllerInfo, virtual_machine_disk_subresource.go:2183-2211. */
function providerUnit(c: Controller, unit: number): number {
  switch (c.kind) {
    case "scsi":
      return (unit > c.scsiUnit ? unit - 1 : unit) + 15 * c.bus;
    case "sata":
      return unit + 30 * c.bus;
    case "ide":
      return unit + 2 * c.bus;
    case "nvme":
      return unit + 64 * c.bus;
  }
}

/** Stable sort (Go's sort.Sort is an insertion sort, so stable, up to 12 elements). */
function stableSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => cmp(a.item, b.item) || a.i - b.i)
    .map((x) => x.item);
}

/**
 * The disks as a `terraform import` of the VM puts them in state, with vsphere provider v2.15.0:
 *
 * 1. The importer counts the controllers of each kind on contiguous buses from 0
 *    (resource_vsphere_virtual_machine.go:1188-1211) and DiskImportOperation
 *    (vsphere/internal/virtualdevice/virtual_machine_disk_subresource.go:1216) takes the disks
 *    on those controllers (SelectDisks, :1218-1224 and :2304-2331), sorted by bus number, then
 *    unit number, the controller kind not considered (virtualDeviceListSorter.Less, :2254-2273;
 *    sorted at :1231; Go's sort is an insertion sort up to 12 disks, so ties keep device order).
 * 2. Each disk's label is vSphere's device label ("Hard disk 1") when it has one, else
 *    `disk<n>` with n its index in that order, and then keep_on_remove is set (:1275-1293).
 *    A disk that is not a flat VMDK makes the import fail (:1260-1267).
 * 3. The read that follows (DiskRefreshOperation, :396) reads those disks (:415-436) and takes
 *    the disks of the controllers it counts, with the SCSI count standing in for SATA and IDE
 *    (:398-404), as orphans labelled `orphaned_disk_<n>` with keep_on_remove (:477-505); then
 *    it sorts the state's disks by the provider's unit_number (:510, virtualDiskSubresourceSorter
 *    :2289-2293), which findControllerInfo (:2183-2211) derives from bus and unit; the size is
 *    read rounded up to whole GiB (diskCapacityInGiB :2415, structure.ByteToGiB).
 *
 * Configuration disks are matched to these by label (DiskDiffOperation :564, matching at
 * :648-668); a state disk no configuration disk names is deleted, or only detached where
 * keep_on_remove is set (:695-712).
 */
export function importedDisks(
  devices: readonly XmlElement[],
  datastoreName: (ref: string) => string | undefined,
): { disks: InventoryDisk[]; problems: string[] } {
  const controllers = controllersOf(devices);
  const disks: Disk[] = [];
  for (const d of devices) {
    const key = int(child(d, "key"));
    if (key === undefined || d.xsiType !== "VirtualDisk") continue;
    disks.push({
      index: disks.length,
      controllerKey: int(child(d, "controllerKey")) ?? -1,
      unit: int(child(d, "unitNumber")) ?? -1,
      label: childText(child(d, "deviceInfo"), "label") ?? "",
      el: d,
    });
  }
  const problems: string[] = [];
  const onController = disks.filter((d) => {
    if (controllers.has(d.controllerKey) && d.unit >= 0) return true;
    problems.push(
      `disk ${d.index + 1} in device order is on no controller the provider knows (scsi, sata, ide, nvme)`,
    );
    return false;
  });
  const ctl = (d: Disk) => controllers.get(d.controllerKey)!;
  const counts = controllerCounts(controllers.values());
  const imported = stableSort(
    onController.filter((d) => ctl(d).bus < counts[ctl(d).kind]),
    (a, b) => ctl(a).bus - ctl(b).bus || a.unit - b.unit,
  );
  const refreshCounts = { scsi: counts.scsi, sata: counts.scsi, ide: counts.scsi, nvme: counts.nvme };
  const orphans = onController.filter(
    (d) => !imported.includes(d) && ctl(d).bus < refreshCounts[ctl(d).kind],
  );
  for (const d of onController) {
    if (!imported.includes(d) && !orphans.includes(d))
      problems.push(
        `the disk at ${ctl(d).kind}:${ctl(d).bus}:${d.unit} is beyond the controllers on contiguous buses from 0 that the provider manages: it stays out of the state`,
      );
  }

  const shaped = (d: Disk, label: string, keepOnRemove: boolean): { unit: number; disk: InventoryDisk } => {
    const c = ctl(d);
    const backing = child(d.el, "backing");
    const flat = backing?.xsiType === "VirtualDiskFlatVer2BackingInfo";
    const bytes = int(child(d.el, "capacityInBytes"));
    const kb = int(child(d.el, "capacityInKB")) ?? 0;
    const size = bytes !== undefined && bytes > 0 ? bytes : kb * 1024;
    const datastore = datastoreName(refOf(child(backing, "datastore"))?.value ?? "");
    const mode = childText(backing, "diskMode");
    const unit = providerUnit(c, d.unit);
    const disk: InventoryDisk = {
      label,
      ...(keepOnRemove ? { keepOnRemove: true } : {}),
      controller: c.kind,
      bus: c.bus,
      unitNumber: unit,
      deviceAddress: `${c.kind}:${c.bus}:${d.unit}`,
      sizeGiB: Math.ceil(size / 1024 ** 3),
      ...(flat
        ? {
            thinProvisioned: bool(child(backing, "thinProvisioned")) ?? false,
            eagerlyScrub: bool(child(backing, "eagerlyScrub")) ?? false,
            ...present("writeThrough", bool(child(backing, "writeThrough"))),
            ...present(
              "sharing",
              oneOf(["sharingNone", "sharingMultiWriter"] as const, childText(backing, "sharing")),
            ),
          }
        : {}),
      ...present("diskMode", oneOf(DISK_MODES, mode)),
      ...(datastore !== undefined ? { datastore } : {}),
      ...(child(d.el, "storageIOAllocation") ? { io: allocation(child(d.el, "storageIOAllocation")) } : {}),
      ...(flat
        ? {}
        : {
            backing: /RawDiskMapping/.test(backing?.xsiType ?? "")
              ? ("rdm" as const)
              : /Sparse/.test(backing?.xsiType ?? "")
                ? ("sparse" as const)
                : ("other" as const),
          }),
    };
    if (!flat && imported.includes(d))
      problems.push(
        `the disk at ${c.kind}:${c.bus}:${d.unit} is not a flat VMDK (${backing?.xsiType ?? "no backing"}): the provider's import refuses the VM`,
      );
    return { unit, disk };
  };
  const inState = [
    ...imported.map((d, i) => (d.label ? shaped(d, d.label, false) : shaped(d, `disk${i}`, true))),
    ...orphans.map((d, i) => shaped(d, `orphaned_disk_${i}`, true)),
  ];
  const labels = new Set<string>();
  for (const { disk } of inState) {
    if (labels.has(disk.label))
      problems.push(`two disks carry the label ${disk.label}: the provider cannot tell them apart by label`);
    labels.add(disk.label);
  }
  return { disks: stableSort(inState, (a, b) => a.unit - b.unit).map((x) => x.disk), problems };
}

/**
 * The NICs in device order, as the provider's read lists them after an import (every adapter is
 * new to it: NetworkInterfaceRefreshOperation, virtual_machine_network_interface_subresource.go:249,
 * selects them in device order at :251-256 and adds them in that order at :311-332).
 */
function nics(
  devices: readonly XmlElement[],
  guestNet: XmlElement | undefined,
  networkName: (backing: XmlElement | undefined) => string | undefined,
): InventoryNic[] {
  const ips = new Map<string, string[]>();
  for (const g of childrenNamed(guestNet, "GuestNicInfo")) {
    const key = childText(g, "deviceConfigId");
    if (key === undefined) continue;
    const v4 = childrenNamed(g, "ipAddress")
      .map((a) => a.text.trim())
      .filter((a) => FORMATS["ipv4-address"]!.check(a));
    ips.set(key, [...(ips.get(key) ?? []), ...v4]);
  }
  const byNumber = (a: string, b: string) => {
    const n = (ip: string) => ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    return n(a) - n(b);
  };
  return devices
    .filter((d) => ETHERNET.has(d.xsiType ?? ""))
    .map((d) => {
      const mac = childText(d, "macAddress")?.trim().toLowerCase();
      const v4 = [...new Set(ips.get(childText(d, "key") ?? "") ?? [])].sort(byNumber);
      const network = networkName(child(d, "backing"));
      return {
        ...(network !== undefined ? { network } : {}),
        adapterType: ADAPTERS[d.xsiType ?? ""] ?? "unknown",
        ...(mac && FORMATS["mac-address"]!.check(mac) ? { macAddress: mac } : {}),
        ...(childText(d, "addressType") === "manual" ? { staticMac: true } : {}),
        ...(v4.length > 0 ? { ipv4: v4 } : {}),
        ...(child(d, "resourceAllocation")
          ? { bandwidth: allocation(child(d, "resourceAllocation"), "share") }
          : {}),
      };
    });
}

// ---- settings -----------------------------------------------------------------------------

type Settings = Omit<
  InventoryVm,
  | "path"
  | "folder"
  | "powerState"
  | "guestId"
  | "firmware"
  | "efiSecureBoot"
  | "vcpu"
  | "coresPerSocket"
  | "memoryMiB"
  | "disks"
  | "nics"
  | "importProblems"
>;

/**
 * The VM's settings that the provider's read records (flattenVirtualMachineConfigInfo and the
 * functions it calls, vsphere/virtual_machine_config_structure.go:1009-1060, 446-531, 617-640),
 * each as vCenter reports it and left out when it reports none; the controllers as the import
 * counts them (resource_vsphere_virtual_machine.go:1188-1211) and the SCSI bus as the read then
 * names it (:579-580).
 */
function settings(props: ReadonlyMap<string, XmlElement>, devices: readonly XmlElement[]): Settings {
  const flag = (path: string, el = props.get(path)) => bool(el);
  const flags = props.get("config.flags");
  const tools = props.get("config.tools");
  const boot = props.get("config.bootOptions");
  const alternate = props.get("config.alternateGuestName")?.text;
  return {
    ...(alternate && safe(alternate) ? { alternateGuestName: alternate } : {}),
    ...present("cpuHotAddEnabled", flag("config.cpuHotAddEnabled")),
    ...present("cpuHotRemoveEnabled", flag("config.cpuHotRemoveEnabled")),
    ...present("memoryHotAddEnabled", flag("config.memoryHotAddEnabled")),
    ...present("memoryReservationLockedToMax", flag("config.memoryReservationLockedToMax")),
    ...present("nestedHVEnabled", flag("config.nestedHVEnabled")),
    ...present("vPMCEnabled", flag("config.vPMCEnabled")),
    ...present(
      "swapPlacement",
      oneOf(["inherit", "vmDirectory", "hostLocal"] as const, props.get("config.swapPlacement")?.text),
    ),
    ...present(
      "latencySensitivity",
      oneOf(
        ["low", "normal", "medium", "high", "custom"] as const,
        childText(props.get("config.latencySensitivity"), "level"),
      ),
    ),
    flags: {
      ...present("diskUuidEnabled", bool(child(flags, "diskUuidEnabled"))),
      ...present("enableLogging", bool(child(flags, "enableLogging"))),
      ...present("vbsEnabled", bool(child(flags, "vbsEnabled"))),
      ...present("vvtdEnabled", bool(child(flags, "vvtdEnabled"))),
    },
    tools: {
      ...present("syncTimeWithHost", bool(child(tools, "syncTimeWithHost"))),
      ...present("syncTimeWithHostAllowed", bool(child(tools, "syncTimeWithHostAllowed"))),
      ...present(
        "toolsUpgradePolicy",
        oneOf(["manual", "upgradeAtPowerCycle"] as const, childText(tools, "toolsUpgradePolicy")),
      ),
      ...present("afterPowerOn", bool(child(tools, "afterPowerOn"))),
      ...present("afterResume", bool(child(tools, "afterResume"))),
      ...present("beforeGuestStandby", bool(child(tools, "beforeGuestStandby"))),
      ...present("beforeGuestShutdown", bool(child(tools, "beforeGuestShutdown"))),
      ...present("beforeGuestReboot", bool(child(tools, "beforeGuestReboot"))),
    },
    // the delays are plain integers that vCenter may leave out when 0, and govmomi reads as 0
    bootOptions: boot
      ? {
          bootDelay: int(child(boot, "bootDelay")) ?? 0,
          ...present("bootRetryEnabled", bool(child(boot, "bootRetryEnabled"))),
          bootRetryDelay: int(child(boot, "bootRetryDelay")) ?? 0,
        }
      : {},
    cpuAllocation: allocation(props.get("config.cpuAllocation")),
    memoryAllocation: allocation(props.get("config.memoryAllocation")),
    ...controllerSettings(devices),
  };
}

const PASSTHROUGH =
  "a PCI passthrough device: the provider's read records it in pci_device_id (resource_vsphere_virtual_machine.go:562-571), which an adopted VM does not set, and a VM bound to a host's device is not moved by vMotion";
const passthrough = (devices: readonly XmlElement[]) =>
  devices.some((d) => d.xsiType === "VirtualPCIPassthrough");

// ---- the whole estate --------------------------------------------------------------------

function sortedMap<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort((a, b) => compare(a[0], b[0]))) out[k] = v;
  return out;
}

function vlanOf(setting: XmlElement | undefined): Pick<InventoryPortGroup, "vlan" | "vlanRanges" | "pvlan"> {
  const vlan = child(setting, "vlan");
  switch (vlan?.xsiType) {
    case "VmwareDistributedVirtualSwitchVlanIdSpec": {
      const id = int(child(vlan, "vlanId"));
      return id !== undefined ? { vlan: id } : {};
    }
    case "VmwareDistributedVirtualSwitchTrunkVlanSpec":
      return {
        vlanRanges: childrenNamed(vlan, "vlanId").map((r) => ({
          first: int(child(r, "start")) ?? 0,
          last: int(child(r, "end")) ?? 0,
        })),
      };
    case "VmwareDistributedVirtualSwitchPvlanSpec": {
      const id = int(child(vlan, "pvlanId"));
      return id !== undefined ? { pvlan: id } : {};
    }
    default:
      return {};
  }
}

/** What the shaping steps share: the objects read, and where they say what they left out. */
interface Shaping {
  readonly raw: RawEstate;
  readonly of: (type: string | ((t: string) => boolean)) => ObjectContent[];
  readonly left: (what: string, name: string, why: string) => void;
  readonly warnings: string[];
}

const nameOf = (o: ObjectContent) => o.props.get("name")?.text;
const UNSAFE_NAME =
  "its name holds characters the configuration does not accept (quotes, backslashes, <, >, |, ${, line breaks)";

/** Shapes what was read into the inventory file's content; pure, so the tests can feed it. */
export function shapeInventory(raw: RawEstate, options: ReadOptions): Shaped {
  const warnings: string[] = [];
  const ctx: Shaping = {
    raw,
    warnings,
    of: (type) =>
      raw.objects.filter((o) => (typeof type === "string" ? o.obj.type === type : type(o.obj.type))),
    left: (what, name, why) => warnings.push(`left out ${what} ${JSON.stringify(name)}: ${why}`),
  };
  const { datastoreNames, datastores } = shapeDatastores(ctx);
  const { portGroups, networkName } = shapePortGroups(ctx);
  const { folderPath, folderRefs } = vmFolders(ctx);
  const wanted = options.folder?.split("/").filter((p) => p !== "");

  let templates = 0;
  const vms = new Map<string, InventoryVm>();
  const seen = new Map<string, string[]>();
  for (const o of ctx.of("VirtualMachine")) {
    const n = nameOf(o) ?? o.obj.value;
    if (bool(o.props.get("config.template"))) {
      templates++;
      continue;
    }
    const parts = folderPath(refOf(o.props.get("parent"))?.value);
    if (parts === undefined) {
      ctx.left(
        "VM",
        n,
        "it is not in a folder of the datacenter's VMs (a vApp?): the provider imports VMs by folder path",
      );
      continue;
    }
    if (wanted && !wanted.every((p, i) => parts[i] === p)) continue;
    seen.set(n, [...(seen.get(n) ?? []), parts.join("/")]);
    const vm = shapeVm(ctx, o, n, parts, (ref) => datastoreNames.get(ref), networkName);
    if (vm) vms.set(n, vm);
  }
  const duplicates = [...seen].filter(([, where]) => where.length > 1);
  if (duplicates.length > 0) {
    const [n, where] = duplicates[0]!;
    throw new VsphereError(
      "fault",
      `${where.length} VMs are named ${JSON.stringify(n)} (in ${where.map((w) => JSON.stringify(w || "/")).join(", ")})${duplicates.length > 1 ? ` and ${duplicates.length - 1} more names are taken twice` : ""}: the inventory keys VMs by name; narrow it with --folder`,
    );
  }
  if (wanted && !folderRefs.some((ref) => folderPath(ref)?.join("/") === wanted.join("/"))) {
    throw new VsphereError(
      "fault",
      `no folder "${options.folder}" under the VMs of datacenter "${raw.datacenter.name}": check --folder`,
    );
  }

  const product = safeProduct(raw.about.fullName);
  return {
    inventory: {
      source: {
        product,
        instanceUuid: safe(raw.about.instanceUuid) ? raw.about.instanceUuid : "unknown",
        datacenter: raw.datacenter.name,
        ...(options.folder ? { folder: wanted!.join("/") } : {}),
        ...(options.date ? { readOn: options.date } : {}),
      },
      vms: sortedMap(vms),
      portGroups: sortedMap(portGroups),
      datastores: sortedMap(datastores),
    },
    warnings: warnings.sort(compare),
    templates,
  };
}

/** The datastores by name, and each one's name by its reference (for the disks' backings). */
function shapeDatastores({ of, left }: Shaping) {
  const datastoreNames = new Map<string, string>();
  const datastores: [string, InventoryConfig["datastores"][string]][] = [];
  for (const o of of("Datastore")) {
    const n = nameOf(o);
    if (!safe(n)) {
      left("datastore", n ?? o.obj.value, UNSAFE_NAME);
      continue;
    }
    datastoreNames.set(o.obj.value, n);
    const capacity = int(o.props.get("summary.capacity")) ?? 0;
    datastores.push([
      n,
      { type: o.props.get("summary.type")?.text || "unknown", capacityGiB: Math.floor(capacity / 1024 ** 3) },
    ]);
  }
  return { datastoreNames, datastores };
}

/**
 * Port groups: distributed (by key, for the NIC backings), standard networks, NSX networks; and
 * the name of the network a NIC's backing points at.
 */
function shapePortGroups({ raw, of, left, warnings }: Shaping) {
  const switches = new Map<string, { name: string; uplinks: Set<string> }>();
  for (const o of of((t) => t.endsWith("DistributedVirtualSwitch"))) {
    const uplinks = new Set(
      childrenNamed(o.props.get("config.uplinkPortgroup"), "ManagedObjectReference").map((r) => r.text),
    );
    switches.set(o.obj.value, { name: nameOf(o) ?? "", uplinks });
  }
  const standardVlans = new Map<string, { vlans: Set<number>; vswitch: string }>();
  for (const list of raw.hostPortGroups) {
    for (const pg of childrenNamed(list, "HostPortGroup")) {
      const spec = child(pg, "spec");
      const n = childText(spec, "name");
      const vlan = int(child(spec, "vlanId"));
      if (n === undefined || vlan === undefined) continue;
      const entry = standardVlans.get(n) ?? {
        vlans: new Set<number>(),
        vswitch: childText(spec, "vswitchName") ?? "",
      };
      entry.vlans.add(vlan);
      standardVlans.set(n, entry);
    }
  }
  const portGroupByKey = new Map<string, string>();
  const networkByRef = new Map<string, string>();
  const portGroups: [string, InventoryPortGroup][] = [];
  for (const o of of(
    (t) => t === "Network" || t === "DistributedVirtualPortgroup" || t === "OpaqueNetwork",
  )) {
    const n = nameOf(o);
    if (!safe(n)) {
      left("port group", n ?? o.obj.value, UNSAFE_NAME);
      continue;
    }
    networkByRef.set(o.obj.value, n);
    if (o.obj.type === "DistributedVirtualPortgroup") {
      const key = o.props.get("key")?.text ?? o.obj.value;
      portGroupByKey.set(key, n);
      const sw = switches.get(refOf(o.props.get("config.distributedVirtualSwitch"))?.value ?? "");
      // the switch's uplink port group carries its uplinks, not VMs
      if (sw?.uplinks.has(o.obj.value)) continue;
      portGroups.push([
        n,
        {
          type: "distributed",
          ...(sw && safe(sw.name) ? { switch: sw.name } : {}),
          ...vlanOf(o.props.get("config.defaultPortConfig")),
        },
      ]);
    } else if (o.obj.type === "OpaqueNetwork") {
      portGroups.push([n, { type: "opaque" }]);
    } else {
      const host = standardVlans.get(n);
      const vlans = [...(host?.vlans ?? [])].sort((a, b) => a - b);
      if (vlans.length > 1)
        warnings.push(
          `standard port group ${JSON.stringify(n)} has VLAN ${vlans.join(", ")} on different hosts`,
        );
      portGroups.push([
        n,
        {
          type: "standard",
          ...(host && safe(host.vswitch) ? { switch: host.vswitch } : {}),
          ...(vlans.length === 1 ? { vlan: vlans[0]! } : vlans.length > 1 ? { vlanIds: vlans } : {}),
        },
      ]);
    }
  }
  return { portGroups, networkName: networkNames(portGroupByKey, networkByRef) };
}

/** The name of the network a NIC's backing points at: a distributed port group by key, a standard or NSX network. */
function networkNames(
  portGroupByKey: ReadonlyMap<string, string>,
  networkByRef: ReadonlyMap<string, string>,
) {
  return (backing: XmlElement | undefined): string | undefined => {
    switch (backing?.xsiType) {
      case "VirtualEthernetCardDistributedVirtualPortBackingInfo":
        return portGroupByKey.get(childText(child(backing, "port"), "portgroupKey") ?? "");
      case "VirtualEthernetCardNetworkBackingInfo": {
        const byRef = networkByRef.get(refOf(child(backing, "network"))?.value ?? "");
        const device = childText(backing, "deviceName");
        return byRef ?? (safe(device) ? device : undefined);
      }
      case "VirtualEthernetCardOpaqueNetworkBackingInfo": {
        const id = childText(backing, "opaqueNetworkId");
        return safe(id) ? id : undefined;
      }
      default:
        return undefined;
    }
  };
}

/** A VM's path is its parent chain up to the datacenter's VM folder. */
function vmFolders({ raw, of }: Shaping) {
  const folders = new Map<string, { name: string; parent?: string }>();
  for (const o of of("Folder")) {
    const parent = refOf(o.props.get("parent"));
    folders.set(o.obj.value, {
      name: nameOf(o) ?? "",
      ...(parent?.type === "Folder" ? { parent: parent.value } : {}),
    });
  }
  const folderPath = (ref: string | undefined): string[] | undefined => {
    const parts: string[] = [];
    for (let at = ref, hops = 0; at !== raw.datacenter.vmFolder; hops++) {
      const f = at === undefined ? undefined : folders.get(at);
      if (!f || hops > 64) return undefined;
      parts.unshift(f.name);
      at = f.parent;
    }
    return parts;
  };
  return { folderPath, folderRefs: [...folders.keys()] };
}

/** One VM as the inventory holds it, or undefined (said in `left`) when it cannot be adopted. */
function shapeVm(
  { raw, left }: Shaping,
  o: ObjectContent,
  n: string,
  parts: string[],
  datastoreName: (ref: string) => string | undefined,
  networkName: (backing: XmlElement | undefined) => string | undefined,
): InventoryVm | undefined {
  const devices = o.props.get("config.hardware.device")?.children ?? [];
  if (!o.props.has("config.hardware.device")) {
    left("VM", n, "vCenter returned no configuration for it (inaccessible or orphaned)");
    return undefined;
  }
  const texts = [n, ...parts];
  if (!texts.every((t) => safe(t))) {
    left("VM", n, `its name or folder holds characters the configuration does not accept`);
    return undefined;
  }
  const { disks, problems } = importedDisks(devices, datastoreName);
  if (!disks.every((d) => safe(d.label))) {
    left("VM", n, "a disk label holds characters the configuration does not accept");
    return undefined;
  }
  const firmware = o.props.get("config.firmware")?.text === "efi" ? "efi" : "bios";
  const guestId = o.props.get("config.guestId")?.text;
  const vcpu = int(o.props.get("config.hardware.numCPU")) ?? 1;
  const state = o.props.get("runtime.powerState")?.text;
  const folder = parts.join("/");
  return {
    path: ["", raw.datacenter.name, "vm", ...parts, n].join("/"),
    ...(folder ? { folder } : {}),
    powerState: state === "poweredOn" || state === "suspended" ? state : "poweredOff",
    ...(guestId && FORMATS["guest-id"]!.check(guestId) ? { guestId } : {}),
    firmware,
    efiSecureBoot: bool(child(o.props.get("config.bootOptions"), "efiSecureBootEnabled")) ?? false,
    vcpu,
    coresPerSocket: int(o.props.get("config.hardware.numCoresPerSocket")) ?? 1,
    memoryMiB: int(o.props.get("config.hardware.memoryMB")) ?? 0,
    ...settings(o.props, devices),
    disks,
    nics: nics(devices, o.props.get("guest.net"), networkName),
    ...(problems.length > 0 || passthrough(devices)
      ? { importProblems: [...problems, ...(passthrough(devices) ? [PASSTHROUGH] : [])] }
      : {}),
  };
}
