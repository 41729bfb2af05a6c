// The disks of an inventory are what `terraform import` of the VM puts in state (vsphere provider
// 2.15.0): labels, order, unit numbers and sizes, on device lists built to hit each rule.
import { describe, expect, it } from "vitest";
import { controllerSettings, importedDisks } from "../../scripts/inventory/read.ts";
import { parseXml } from "../../scripts/vsphere/xml.ts";

const dev = (type: string, inner: string) => `<VirtualDevice xsi:type="${type}">${inner}</VirtualDevice>`;
const controller = (type: string, key: number, bus: number) =>
  dev(
    type,
    `<key>${key}</key><deviceInfo><label>${type} ${bus}</label></deviceInfo><busNumber>${bus}</busNumber>` +
      (type.includes("SCSI") || type.includes("LsiLogic")
        ? "<scsiCtlrUnitNumber>7</scsiCtlrUnitNumber>"
        : ""),
  );
const disk = (
  key: number,
  controllerKey: number,
  unit: number,
  label: string,
  bytes: number,
  backing = "VirtualDiskFlatVer2BackingInfo",
) =>
  dev(
    "VirtualDisk",
    `<key>${key}</key>` +
      (label ? `<deviceInfo><label>${label}</label><summary>x</summary></deviceInfo>` : "") +
      `<backing xsi:type="${backing}"><fileName>[ds1] vm/vm_${key}.vmdk</fileName>` +
      `<datastore type="Datastore">datastore-1</datastore><diskMode>persistent</diskMode>` +
      `<thinProvisioned>true</thinProvisioned><eagerlyScrub>false</eagerlyScrub></backing>` +
      `<controllerKey>${controllerKey}</controllerKey><unitNumber>${unit}</unitNumber>` +
      `<capacityInKB>${Math.floor(bytes / 1024)}</capacityInKB><capacityInBytes>${bytes}</capacityInBytes>`,
  );
const GiB = 1024 ** 3;

const list = (devices: string[]) =>
  parseXml(`<val xsi:type="ArrayOfVirtualDevice">${devices.join("")}</val>`).children;

function disks(...devices: string[]) {
  return importedDisks(list(devices), (ref) => (ref === "datastore-1" ? "DS1" : undefined));
}

describe("the disks as the provider's import puts them in state", () => {
  it("keeps vSphere's labels and orders by unit, with size, provisioning and datastore", () => {
    const { disks: d, problems } = disks(
      controller("ParaVirtualSCSIController", 1000, 0),
      disk(2001, 1000, 1, "Hard disk 2", 250 * GiB),
      disk(2000, 1000, 0, "Hard disk 1", 80 * GiB),
    );
    expect(problems).toEqual([]);
    expect(d).toEqual([
      {
        label: "Hard disk 1",
        controller: "scsi",
        bus: 0,
        unitNumber: 0,
        deviceAddress: "scsi:0:0",
        sizeGiB: 80,
        thinProvisioned: true,
        eagerlyScrub: false,
        diskMode: "persistent",
        datastore: "DS1",
      },
      expect.objectContaining({ label: "Hard disk 2", unitNumber: 1, sizeGiB: 250 }),
    ]);
  });

  it("labels a disk without a device label disk<n> by its place in bus-then-unit order, with keep_on_remove", () => {
    const { disks: d } = disks(
      controller("VirtualLsiLogicSASController", 1000, 0),
      controller("VirtualLsiLogicSASController", 1001, 1),
      disk(2002, 1001, 0, "", 10 * GiB),
      disk(2001, 1000, 1, "", 10 * GiB),
      disk(2000, 1000, 0, "Hard disk 1", 10 * GiB),
    );
    expect(d.map((x) => [x.label, x.deviceAddress, x.unitNumber, x.keepOnRemove])).toEqual([
      ["Hard disk 1", "scsi:0:0", 0, undefined],
      ["disk1", "scsi:0:1", 1, true],
      ["disk2", "scsi:1:0", 15, true],
    ]);
  });

  it("compares bus and unit across controller kinds for the labels, and sorts the state by unit_number", () => {
    // import order (bus, unit; ties in device order): scsi0:0, sata0:0, sata0:1, scsi0:9
    // state order (unit_number; SATA bus 0 adds 0, SCSI skips its own unit 7): 0, 0, 1, 8
    const { disks: d } = disks(
      controller("ParaVirtualSCSIController", 1000, 0),
      controller("VirtualAHCIController", 15000, 0),
      disk(2000, 1000, 0, "", GiB),
      disk(2001, 1000, 9, "", GiB),
      disk(16000, 15000, 0, "", GiB),
      disk(16001, 15000, 1, "", GiB),
    );
    expect(d.map((x) => [x.label, x.deviceAddress, x.unitNumber])).toEqual([
      ["disk0", "scsi:0:0", 0],
      ["disk1", "sata:0:0", 0],
      ["disk2", "sata:0:1", 1],
      ["disk3", "scsi:0:9", 8],
    ]);
  });

  it("rounds a size up to whole GiB, as the provider reads it", () => {
    const { disks: d } = disks(
      controller("ParaVirtualSCSIController", 1000, 0),
      disk(2000, 1000, 0, "Hard disk 1", 10 * GiB + 1),
    );
    expect(d[0]!.sizeGiB).toBe(11);
  });

  it("reads a disk on a controller past a gap as an orphan, or leaves it out of the state, and says so", () => {
    // two SCSI buses; SATA only on bus 1: the import skips it (no SATA bus 0), but the read after
    // it counts SATA buses with the SCSI count (2) and takes it in as an orphan. NVMe only on
    // bus 2: counted 0 by both, so it never enters the state
    const { disks: d, problems } = disks(
      controller("ParaVirtualSCSIController", 1000, 0),
      controller("ParaVirtualSCSIController", 1001, 1),
      controller("VirtualAHCIController", 15000, 1),
      controller("VirtualNVMEController", 31000, 2),
      disk(2000, 1000, 0, "Hard disk 1", GiB),
      disk(16000, 15000, 0, "Hard disk 2", GiB),
      disk(32000, 31000, 0, "Hard disk 3", GiB),
    );
    expect(d.map((x) => [x.label, x.deviceAddress, x.keepOnRemove])).toEqual([
      ["Hard disk 1", "scsi:0:0", undefined],
      ["orphaned_disk_0", "sata:1:0", true],
    ]);
    expect(problems).toEqual([
      "the disk at nvme:2:0 is beyond the controllers on contiguous buses from 0 that the provider manages: it stays out of the state",
    ]);
  });

  it("marks a disk that is not a flat VMDK: the import refuses the VM", () => {
    const { disks: d, problems } = disks(
      controller("ParaVirtualSCSIController", 1000, 0),
      disk(2000, 1000, 0, "Hard disk 1", GiB),
      disk(2001, 1000, 1, "Hard disk 2", GiB, "VirtualDiskRawDiskMappingVer1BackingInfo"),
    );
    expect(d[1]).toMatchObject({ label: "Hard disk 2", backing: "rdm" });
    expect(d[1]!.thinProvisioned).toBeUndefined();
    expect(problems).toEqual([
      "the disk at scsi:0:1 is not a flat VMDK (VirtualDiskRawDiskMappingVer1BackingInfo): the provider's import refuses the VM",
    ]);
  });

  it("says when two disks carry one label: the provider matches disks by label", () => {
    const { problems } = disks(
      controller("ParaVirtualSCSIController", 1000, 0),
      disk(2000, 1000, 0, "data", GiB),
      disk(2001, 1000, 1, "data", GiB),
    );
    expect(problems).toEqual([
      "two disks carry the label data: the provider cannot tell them apart by label",
    ]);
  });
});

describe("the controllers as the import counts them and the read names the SCSI bus", () => {
  const scsi = (type: string, key: number, bus: number, sharing = "noSharing") =>
    controller(type, key, bus).replace(
      "</VirtualDevice>",
      `<sharedBus>${sharing}</sharedBus></VirtualDevice>`,
    );

  it("counts each kind on contiguous buses from 0 and names the type and sharing they share", () => {
    expect(
      controllerSettings(
        list([
          scsi("VirtualLsiLogicSASController", 1000, 0),
          scsi("VirtualLsiLogicSASController", 1001, 1),
          scsi("VirtualLsiLogicSASController", 1003, 3),
          controller("VirtualAHCIController", 15000, 0),
          controller("VirtualIDEController", 200, 0),
          controller("VirtualIDEController", 201, 1),
        ]),
      ),
    ).toEqual({
      controllers: { scsi: 2, sata: 1, ide: 2, nvme: 0 },
      scsiType: "lsilogic-sas",
      scsiBusSharing: "noSharing",
    });
  });

  it("says mixed when the counted controllers differ, and looks no further than the count", () => {
    const mixed = controllerSettings(
      list([
        scsi("ParaVirtualSCSIController", 1000, 0),
        scsi("VirtualLsiLogicController", 1001, 1, "physicalSharing"),
      ]),
    );
    expect(mixed).toMatchObject({ scsiType: "mixed", scsiBusSharing: "mixed" });
    // bus 2 is past a gap: not counted, so its type does not matter
    const gap = controllerSettings(
      list([scsi("VirtualBusLogicController", 1000, 0), scsi("ParaVirtualSCSIController", 1002, 2)]),
    );
    expect(gap).toMatchObject({ controllers: { scsi: 1 }, scsiType: "buslogic" });
  });

  it("says unknown without a SCSI controller on bus 0", () => {
    expect(controllerSettings(list([scsi("ParaVirtualSCSIController", 1001, 1)]))).toEqual({
      controllers: { scsi: 0, sata: 0, ide: 0, nvme: 0 },
      scsiType: "unknown",
      scsiBusSharing: "unknown",
    });
  });
});
