// Workplaces follow the configuration: no office automation, no workplace stack; too much
// demand fails validation naming the cluster, the shortfall and the pool that tips it over;
// hostile names are escaped for the format they land in; no secret reaches the output.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runBin, runCli } from "../helpers/cli.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

let t: TempConfig;
afterEach(() => t?.remove());

function allText(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((p) => (statSync(p).isDirectory() ? allText(p) : readFileSync(p, "utf8")))
    .join("\n");
}

describe("workplaces follow the configuration", () => {
  it("gives a municipality without office automation no workplace stack", async () => {
    t = tempConfig();
    t.edit("municipalities/druten.yaml", /  office-automation:\n    since: [\d-]+\n/, "");
    t.edit(
      "municipalities/druten.yaml",
      "segments: [server, workplace, printers, voip,",
      "segments: [server, voip,",
    );
    t.edit("municipalities/druten.yaml", /workplaces:\n(  .*\n)+/, "workplaces: {}\n");
    // no session-host users, no profile share (validate asks to remove it)
    t.edit("municipalities/druten.yaml", /\nprofileShareGiB: \d+\n/, "\n");
    expect((await runCli(["ipam", "--config", t.config], t.root)).code).toBe(0);
    const r = await runCli(["synth", "--config", t.config, "--out", join(t.root, "out")], t.root);
    expect(r.code, r.stderr).toBe(0);
    const stacks = readdirSync(join(t.root, "out", "stacks"));
    expect(stacks).not.toContain("workplace-druten");
    expect(stacks).toContain("workplace-heumen");
    // nor its own servers of the session platform; the shared ones still serve the others
    expect(readFileSync(join(t.root, "out", "docs", "inputs", "druten.md"), "utf8")).toContain(
      "No session-host users: no profile share and no servers of the session platform of its own.",
    );
    expect(stacks).toContain("platform");
  });

  it("fails validation when Nijmegen's staff grows a hundredfold, naming the cluster, the shortfall and the pool", async () => {
    t = tempConfig();
    t.edit("municipalities/nijmegen.yaml", "people: 1650", "people: 165000");
    // a profile share for 140,250 session-host users: then the clusters are what falls short
    t.edit("municipalities/nijmegen.yaml", "profileShareGiB: 25600", "profileShareGiB: 2200000");
    const r = await runBin(["validate", "--config", t.config], { cwd: t.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /config\/municipalities\/nijmegen\.yaml:\d+:3 {2}\/workplaces\/office-session {2}cluster "werkplek" \(IRVN-Werkplek\) is short of [\d,]+ vCPU: its VMs need [\d,]+, it holds 2,496 \(13 of 14 hosts with 1 failed\); nijmegen\/office-session \([\d,]+ VMs\) alone needs [\d,]+: lower its demand/,
    );
    expect(r.stderr).toMatch(/is short of [\d,]+ GiB RAM/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("escapes a tenant name for the OU distinguished name of its customization specification", async () => {
    t = tempConfig();
    t.edit("municipalities/druten.yaml", "name: Druten", "name: Druten & Afferden, Deest");
    const r = await runCli(["synth", "--config", t.config, "--out", join(t.root, "out")], t.root);
    expect(r.code, r.stderr).toBe(0);
    const specs = readFileSync(join(t.root, "out", "docs", "guest", "customization-specs.md"), "utf8");
    expect(specs).toContain(
      "| `irvn-druten-windows` | Druten & Afferden, Deest | irvn.local | `OU=Druten & Afferden\\, Deest,OU=Gemeenten,DC=irvn,DC=local` |",
    );
  });

  it("refuses a tenant name that would inject into a generated file", async () => {
    t = tempConfig();
    t.edit("municipalities/druten.yaml", "name: Druten", 'name: "Druten</MachineObjectOU>${var.x}"');
    const r = await runCli(["validate", "--config", t.config], t.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /druten\.yaml:\d+:7 {2}\/name {2}must be text of 1-200 characters without line breaks/,
    );
  });

  it("writes no credential into any generated file", async () => {
    t = tempConfig();
    const secret = "Zeer-Geheim-2026!";
    const r = await runBin(["synth", "--config", t.config, "--out", join(t.root, "out")], {
      cwd: t.root,
      env: {
        TF_VAR_vsphere_password: secret,
        TF_VAR_domain_join_password: secret,
        TF_VAR_local_admin_password: secret,
        PG_CONN_STR: `postgres://u:${secret}@db/x`,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const text = allText(join(t.root, "out"));
    expect(text).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain(secret);
    // every password attribute is a variable reference
    for (const m of text.matchAll(/"password": "([^"]*)"/g)) expect(m[1]).toMatch(/^\$\{var\.[a-z_]+\}$/);
  });
});
