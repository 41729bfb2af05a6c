// `irvn inventory` against a real vSphere API: vcsim serving Nijmegen's legacy estate
// (test/fixtures/vcsim/nijmegen-legacy.json). The reference configuration's inventory is what
// the command writes from it, byte for byte; validate accepts it; failures write nothing and
// never show the password. IRVN_UPDATE_INVENTORY=1 rewrites config/inventory/nijmegen.yaml.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/cli.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { ROOT, runBin } from "../helpers/cli.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";
import { startVcsim, type Vcsim } from "../helpers/vcsim.ts";

const ESTATE = join(ROOT, "test", "fixtures", "vcsim", "nijmegen-legacy.json");
const COMMITTED = join(ROOT, "config", "inventory", "nijmegen.yaml");
const USER = "irvn-inventory@vsphere.local";
// XML specials and a shape no message would produce by chance
const PASSWORD = "Tr0ub4dor&3<vcsim>'\"-8xq";

let vcsim: Vcsim;
let copy: TempConfig;

beforeAll(async () => {
  vcsim = await startVcsim({ estate: ESTATE, user: USER, password: PASSWORD });
  copy = tempConfig("irvn-inventory-");
}, 180_000);
afterAll(async () => {
  await vcsim?.stop();
  copy?.remove();
});

async function inventory(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(["inventory", ...args], {
    cwd: copy.root,
    env: { VSPHERE_USER: USER, VSPHERE_PASSWORD: PASSWORD, ...env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

const reference = () => [
  "--vcenter",
  vcsim.url,
  "--datacenter",
  "DC-Stadhuis",
  "--tenant",
  "nijmegen",
  "--insecure",
];

describe("irvn inventory against vcsim", () => {
  it("writes Nijmegen's legacy vCenter as the reference configuration holds it, and validate accepts it", async () => {
    const r = await inventory(reference());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "config/inventory/nijmegen.yaml: 9 VMs, 6 port groups, 2 datastores from datacenter DC-Stadhuis (1 template left out)\n",
    );
    const written = copy.read("inventory/nijmegen.yaml");
    if (process.env.IRVN_UPDATE_INVENTORY) {
      mkdirSync(dirname(COMMITTED), { recursive: true });
      writeFileSync(COMMITTED, written);
    }
    expect(
      written,
      "config/inventory/nijmegen.yaml is stale: IRVN_UPDATE_INVENTORY=1 npx vitest run test/inventory",
    ).toBe(readFileSync(COMMITTED, "utf8"));
    expect(written.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/inventory.schema.json");
    expect(written).toMatch(/^# .*read from vcsim \(govmomi's simulator\)/m);

    const validated = validateConfig(copy.config, copy.root);
    expect(validated.problems).toEqual([]);
    expect(Object.keys(validated.config!.inventories[0]!.config.vms)).toContain("nij-zs003");
  });

  it("reads the same estate the same way twice", async () => {
    const first = copy.read("inventory/nijmegen.yaml");
    expect((await inventory(reference())).code).toBe(0);
    expect(copy.read("inventory/nijmegen.yaml")).toBe(first);
  });

  it("labels the disks as vCenter does, with BIOS and EFI, guest IPs and VLANs", () => {
    const inv = parse(copy.read("inventory/nijmegen.yaml"));
    const sd1 = inv.vms["nij-sd001"];
    expect(sd1).toMatchObject({
      path: "/DC-Stadhuis/vm/Applicaties/Sociaal domein/nij-sd001",
      firmware: "bios",
      vcpu: 4,
      coresPerSocket: 2,
      memoryMiB: 16384,
    });
    expect(sd1.disks.map((d: { label: string; sizeGiB: number }) => [d.label, d.sizeGiB])).toEqual([
      ["Hard disk 1", 80],
      ["Hard disk 2", 250],
      ["Hard disk 3", 50],
    ]);
    expect(sd1.nics).toEqual([
      {
        network: "VL20-Applicaties",
        adapterType: "vmxnet3",
        macAddress: expect.stringMatching(/^00:0c:29:/),
        ipv4: ["10.1.20.11"],
        bandwidth: { reservation: 0, limit: -1, sharesLevel: "normal", shares: 50 },
      },
    ]);
    expect(inv.vms["nij-sd004"]).toMatchObject({
      firmware: "efi",
      efiSecureBoot: true,
      tools: { toolsUpgradePolicy: "upgradeAtPowerCycle" },
    });
    expect(inv.vms["nij-zs003"].disks[1]).toMatchObject({
      deviceAddress: "scsi:1:0",
      unitNumber: 15,
      thinProvisioned: false,
      io: { limit: 2000, sharesLevel: "normal" },
    });
    // the settings the provider's read records, as vCenter reports them
    expect(sd1).toMatchObject({
      controllers: { scsi: 1, sata: 0, ide: 2, nvme: 0 },
      scsiType: "lsilogic-sas",
      scsiBusSharing: "noSharing",
      cpuHotAddEnabled: false,
      flags: { diskUuidEnabled: false, enableLogging: true },
      tools: { syncTimeWithHost: false, afterPowerOn: true, beforeGuestReboot: false },
      bootOptions: { bootDelay: 0, bootRetryEnabled: false, bootRetryDelay: 10000 },
      latencySensitivity: "normal",
      swapPlacement: "inherit",
    });
    expect(inv.vms["nij-sd003"]).toMatchObject({ cpuHotAddEnabled: true, memoryHotAddEnabled: true });
    expect(inv.vms["nij-zs003"]).toMatchObject({ controllers: { scsi: 2 }, scsiType: "pvscsi" });
    expect(inv.vms["nij-zs002"]).toMatchObject({
      flags: { diskUuidEnabled: true },
      tools: { syncTimeWithHost: true },
    });
    expect(inv.portGroups["VL20-Applicaties"]).toEqual({
      type: "distributed",
      switch: "dvs-stadhuis",
      vlan: 20,
    });
    expect(inv.portGroups.Beheer).toEqual({ type: "standard", switch: "vSwitch0", vlan: 5 });
    expect(inv.datastores["STH-VMFS-02"]).toEqual({ type: "VMFS", capacityGiB: 12288 });
    expect(inv.vms["tpl-w2012r2"]).toBeUndefined();
  });

  it("limits the VMs to a folder, and records the folder and a date given", async () => {
    const r = await inventory([
      ...reference(),
      "--folder",
      "Applicaties/Zaaksysteem",
      "--date",
      "2019-03-01",
      "--out",
      "zs.yaml",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const inv = parse(readFileSync(join(copy.root, "zs.yaml"), "utf8"));
    expect(Object.keys(inv.vms)).toEqual(["nij-zs001", "nij-zs002", "nij-zs003"]);
    expect(inv.source).toMatchObject({ folder: "Applicaties/Zaaksysteem", readOn: "2019-03-01" });
  });

  it("runs as the irvn command too (the bundle in dist/ when it is fresh, which loads undici apart)", async () => {
    const r = await runBin(["inventory", ...reference(), "--out", "bin.yaml"], {
      cwd: copy.root,
      env: { VSPHERE_USER: USER, VSPHERE_PASSWORD: PASSWORD },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(copy.root, "bin.yaml"), "utf8")).toBe(readFileSync(COMMITTED, "utf8"));
  });

  it("takes the credentials from TF_VAR_vsphere_user and TF_VAR_vsphere_password when VSPHERE_* are not set", async () => {
    const r = await inventory([...reference(), "--out", "tfvar.yaml"], {
      VSPHERE_USER: undefined,
      VSPHERE_PASSWORD: undefined,
      TF_VAR_vsphere_user: USER,
      TF_VAR_vsphere_password: PASSWORD,
    });
    expect(r.code, r.stderr).toBe(0);
  });

  it("never writes or prints the password or the session cookie", async () => {
    const r = await inventory([...reference(), "--out", "secret-check.yaml"]);
    const text = readFileSync(join(copy.root, "secret-check.yaml"), "utf8");
    for (const out of [r.stdout, r.stderr, text]) {
      expect(out).not.toContain(PASSWORD);
      expect(out).not.toContain("vmware_soap_session");
      expect(out).not.toContain(USER);
    }
  });
});

describe("irvn inventory when it cannot read", () => {
  const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

  it("exits 1 on a wrong password with one clean line, the password not in it, nothing written", async () => {
    const r = await inventory([...reference(), "--out", "refused.yaml"], {
      VSPHERE_PASSWORD: `${PASSWORD}x`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "irvn inventory: vCenter refused the user name or password (InvalidLogin): check VSPHERE_USER and VSPHERE_PASSWORD; nothing was written\n",
    );
    expect(r.stdout).toBe("");
    expect(existsSync(join(copy.root, "refused.yaml"))).toBe(false);
  });

  it("refuses the simulator's self-signed certificate without --insecure", async () => {
    const r = await inventory([
      "--vcenter",
      vcsim.url,
      "--datacenter",
      "DC-Stadhuis",
      "--tenant",
      "nijmegen",
      "--out",
      "x.yaml",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^irvn inventory: the certificate of 127\.0\.0\.1:\d+ is not trusted \([A-Z_]+\): add its CA with NODE_EXTRA_CA_CERTS=<file>, or for a test simulator only pass --insecure; nothing was written\n$/,
    );
    noStack(r.stderr);
  });

  it("leaves an existing inventory as it was when the read fails", async () => {
    writeFileSync(join(copy.root, "kept.yaml"), "# as it was\n");
    const r = await inventory([
      "--vcenter",
      vcsim.url,
      "--datacenter",
      "Elders",
      "--tenant",
      "nijmegen",
      "--insecure",
      "--out",
      "kept.yaml",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'irvn inventory: no datacenter "Elders" in this vCenter (it has "DC-Stadhuis"): check --datacenter; nothing was written\n',
    );
    expect(readFileSync(join(copy.root, "kept.yaml"), "utf8")).toBe("# as it was\n");
  });

  it("names a folder that is not there", async () => {
    const r = await inventory([...reference(), "--folder", "Applicaties/Onbekend", "--out", "x.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no folder "Applicaties\/Onbekend" under the VMs of datacenter "DC-Stadhuis"/);
  });

  it("exits 1 without credentials, and for a tenant the configuration does not have", async () => {
    const none = await inventory(reference(), { VSPHERE_USER: undefined, VSPHERE_PASSWORD: undefined });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no vCenter credentials: set VSPHERE_USER and VSPHERE_PASSWORD/);
    const tenant = await inventory([
      "--vcenter",
      vcsim.url,
      "--datacenter",
      "DC-Stadhuis",
      "--tenant",
      "nijmgen",
    ]);
    expect(tenant.code).toBe(1);
    expect(tenant.stderr).toMatch(
      /no tenant "nijmgen" in config\/municipalities\/ \(did you mean "nijmegen"\?\)/,
    );
  });

  it("exits 1 when nothing answers", async () => {
    const r = await inventory([
      "--vcenter",
      "127.0.0.1:2",
      "--datacenter",
      "DC",
      "--tenant",
      "nijmegen",
      "--out",
      "x.yaml",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^irvn inventory: cannot reach vCenter at 127\.0\.0\.1:2 \(ECONNREFUSED\)/);
  });

  it.each([
    [["--datacenter", "DC", "--tenant", "nijmegen"], /--vcenter is required/],
    [
      ["--vcenter", "https://u:p@vc.example.nl/sdk", "--datacenter", "DC", "--tenant", "nijmegen"],
      /put no credentials in the URL/,
    ],
    [
      ["--vcenter", "http://vc.example.nl/sdk", "--datacenter", "DC", "--tenant", "nijmegen"],
      /http would send the password in clear/,
    ],
    [["--vcenter", "vc.example.nl", "--datacenter", "DC", "--tenant", "Nijmegen"], /--tenant must be an id/],
    [
      ["--vcenter", "vc.example.nl", "--datacenter", 'D"C', "--tenant", "nijmegen"],
      /--datacenter must be text/,
    ],
    [
      ["--vcenter", "vc.example.nl", "--datacenter", "DC", "--tenant", "nijmegen", "--date", "2019-02-30"],
      /--date must be a date/,
    ],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const r = await inventory(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("irvn inventory over plain http on loopback", () => {
  it("reads a simulator that serves http on 127.0.0.1", async () => {
    const plain = await startVcsim({ estate: ESTATE, user: USER, password: PASSWORD, plain: true });
    try {
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sdk$/);
      const r = await inventory([
        "--vcenter",
        plain.url,
        "--datacenter",
        "DC-Stadhuis",
        "--tenant",
        "nijmegen",
        "--out",
        "plain.yaml",
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(copy.root, "plain.yaml"), "utf8")).toBe(readFileSync(COMMITTED, "utf8"));
    } finally {
      await plain.stop();
    }
  }, 120_000);
});
