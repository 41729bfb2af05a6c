// `irvn inventory` on an estate built to be awkward: disks on SCSI, SATA and IDE, a controller
// past a gap, a size that is not whole GiB, a hand-set MAC, a VM outside any folder, a name the
// configuration cannot hold, twins of one name. The file is kept as a snapshot. (A disk without
// a device label, which the import calls disk<n>, the simulator cannot make: disks.test.ts.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/cli.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";
import { startVcsim, type Vcsim } from "../helpers/vcsim.ts";

const USER = "reader";
const PASSWORD = "edge-estate-password-41";

const base = {
  datacenter: "DC-Rand",
  cluster: "Rand",
  hosts: 2,
  datastores: [{ name: "RAND-01", capacityGiB: 1000 }],
  switches: [{ name: "dvs-rand", portGroups: [{ name: "VL30-Data", vlan: 30 }] }],
  standardNetworks: [{ name: "Opslag", vlan: 40 }],
};
const EDGE = {
  ...base,
  folders: ["Rand"],
  vms: [
    {
      name: "los01",
      folder: "",
      guestId: "otherGuest64",
      cpus: 1,
      memoryMiB: 1024,
      datastore: "RAND-01",
      powerState: "off",
      disks: [{ unit: 0, sizeGiB: 8, thin: true }],
      nics: [],
    },
    {
      name: "mixed01",
      folder: "Rand",
      guestId: "rhel7_64Guest",
      firmware: "efi",
      cpus: 2,
      memoryMiB: 4096,
      datastore: "RAND-01",
      disks: [
        { unit: 0, sizeGiB: 20, thin: true },
        { controller: "sata", unit: 0, sizeGiB: 30, thin: true },
        { controller: "ide", unit: 0, sizeGiB: 1, thin: false },
        { unit: 1, sizeGiB: 4, extraBytes: 1, thin: true, label: "data" },
      ],
      nics: [
        { network: "Opslag", adapter: "e1000", mac: "00:50:56:3f:00:01" },
        { network: "VL30-Data", ipv4: "10.30.0.5" },
      ],
    },
    {
      name: "gap01",
      folder: "Rand",
      guestId: "otherGuest64",
      cpus: 1,
      memoryMiB: 1024,
      datastore: "RAND-01",
      disks: [
        { controller: "sata", bus: 0, unit: 0, sizeGiB: 10, thin: true },
        { bus: 1, unit: 0, sizeGiB: 10, thin: true },
      ],
      nics: [{ network: "VL30-Data" }],
    },
    {
      name: 'quote"vm',
      folder: "Rand",
      guestId: "otherGuest64",
      cpus: 1,
      memoryMiB: 512,
      datastore: "RAND-01",
      disks: [{ unit: 0, sizeGiB: 1, thin: true }],
      nics: [],
    },
  ],
};
const TWINS = {
  ...base,
  folders: ["Dubbel/A", "Dubbel/B"],
  vms: ["Dubbel/A", "Dubbel/B"].map((folder) => ({
    name: "twin",
    folder,
    guestId: "otherGuest64",
    cpus: 1,
    memoryMiB: 512,
    datastore: "RAND-01",
    disks: [{ unit: 0, sizeGiB: 1, thin: true }],
    nics: [],
  })),
};

let copy: TempConfig;
beforeAll(() => void (copy = tempConfig("irvn-inventory-edge-")));
afterAll(() => copy?.remove());

async function inventory(vcsim: Vcsim, extra: string[] = []) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    [
      "inventory",
      "--vcenter",
      vcsim.url,
      "--datacenter",
      "DC-Rand",
      "--tenant",
      "heumen",
      "--insecure",
      ...extra,
    ],
    {
      cwd: copy.root,
      env: { VSPHERE_USER: USER, VSPHERE_PASSWORD: PASSWORD },
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    },
  );
  return { code, stdout, stderr };
}

describe("irvn inventory on an awkward estate", () => {
  let vcsim: Vcsim;
  beforeAll(async () => {
    vcsim = await startVcsim({ estate: EDGE, user: USER, password: PASSWORD });
  }, 180_000);
  afterAll(async () => vcsim?.stop());

  it("writes what the provider's import would take, says what it left out, and the file validates", async () => {
    const r = await inventory(vcsim, ["--out", "edge.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'irvn inventory: left out VM "quote\\"vm": its name or folder holds characters the configuration does not accept\n',
    );
    const text = readFileSync(join(copy.root, "edge.yaml"), "utf8");
    await expect(text).toMatchFileSnapshot("__snapshots__/edge-estate.yaml");
    copy.write("inventory/heumen.yaml", text);
    expect(validateConfig(copy.config, copy.root).problems).toEqual([]);
  });
});

describe("irvn inventory on VMs of one name", () => {
  let vcsim: Vcsim;
  beforeAll(async () => {
    vcsim = await startVcsim({ estate: TWINS, user: USER, password: PASSWORD });
  }, 180_000);
  afterAll(async () => vcsim?.stop());

  it("refuses twins, which it cannot key by name, and suggests --folder", async () => {
    const r = await inventory(vcsim, ["--out", "twins.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'irvn inventory: 2 VMs are named "twin" (in "Dubbel/A", "Dubbel/B"): the inventory keys VMs by name; narrow it with --folder; nothing was written\n',
    );
    const one = await inventory(vcsim, ["--folder", "Dubbel/B", "--out", "twins.yaml"]);
    expect(one.code, one.stderr).toBe(0);
  });
});
