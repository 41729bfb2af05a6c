// End to end: the CLI synthesizes the reference configuration; the output is what vCenter
// needs, holds no secret, absolute path or timestamp, and is byte-identical across runs,
// time zones and locales. A failed synth leaves the previous output intact.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDS } from "../scripts/terraform/lookups.ts";
import { ROOT, runBin, runCli } from "./helpers/cli.ts";
import { inlineTables } from "../scripts/terraform-json/blocks.ts";

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

type Tf = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable: Record<string, { sensitive?: boolean }>;
  terraform: { backend: Record<string, { path?: string }> };
};

describe("irvn synth on the reference configuration", () => {
  let work: string;
  let central: Tf;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "irvn-synth-"));
    const r = await runCli(["synth", "--out", join(work, "a")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    central = inlineTables(
      JSON.parse(readFileSync(join(work, "a", "stacks", "central", "cdk.tf.json"), "utf8")),
    ) as Tf;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("writes a manifest and one cdk.tf.json per stack", () => {
    const manifest = JSON.parse(readFileSync(join(work, "a", "manifest.json"), "utf8")) as {
      stacks: Record<string, unknown>;
    };
    expect(Object.keys(manifest.stacks)).toContain("central");
  });

  it("protects the datacenter and content library with prevent_destroy, not the cluster table", () => {
    expect(central.resource.vsphere_datacenter!.datacenter!.lifecycle).toMatchObject({
      prevent_destroy: true,
    });
    const library = inlineTables(
      JSON.parse(readFileSync(join(work, "a", "stacks", "library", "cdk.tf.json"), "utf8")),
    ) as Tf;
    expect(library.resource.vsphere_content_library!.content_library!.lifecycle).toEqual({
      prevent_destroy: true,
    });
    // prevent_destroy on a for_each table refuses any plan that retires one item: clusters are
    // protected by irvn apply's guardrails instead; hosts and vSAN belong to their owners
    const clusters = central.resource.vsphere_compute_cluster!.clusters!;
    expect(clusters.lifecycle).not.toHaveProperty("prevent_destroy");
    expect(clusters.host_managed).toBe(true);
    expect(clusters.lifecycle).toMatchObject({ ignore_changes: expect.arrayContaining(["vsan_enabled"]) });
  });

  it("looks up only what exists before its stack is applied, and uses every lookup", () => {
    // an empty vCenter has no datastore until hosts join: the central stack looks none up
    expect(central.data ?? {}).not.toHaveProperty("vsphere_datastore");
    for (const stack of readdirSync(join(work, "a", "stacks"))) {
      const tf = inlineTables(
        JSON.parse(readFileSync(join(work, "a", "stacks", stack, "cdk.tf.json"), "utf8")),
      ) as Tf;
      const text = JSON.stringify(tf);
      for (const [type, blocks] of Object.entries(tf.data ?? {})) {
        for (const [name, body] of Object.entries(blocks)) {
          const address = `data.${type}.${name}`;
          const indexes = [
            ...text.matchAll(new RegExp(`${address.replace(/\./g, "\\.")}(\\[[^\\]]*\\])?\\.`, "g")),
          ].map((m) => m[1]);
          expect(indexes.length, `${stack}: ${address} is never used`).toBeGreaterThan(0);
          // a table only ever indexed by literal keys must use each of its keys
          const literal = indexes.map((i) => /^\[\\"(.*)\\"\]$/.exec(i ?? "")?.[1]);
          if (body.for_each && literal.every((k) => k !== undefined)) {
            const unused = Object.keys(body.for_each as object).filter((k) => !literal.includes(k));
            expect(unused, `${stack}: ${address} looks up what it never uses`).toEqual([]);
          }
        }
      }
    }
  });

  it("names in the first-rollout document every object a stack looks up that no stack creates", () => {
    const doc = readFileSync(join(work, "a", "docs", "rollout", "first-rollout.md"), "utf8");
    const external: string[] = [];
    for (const stack of readdirSync(join(work, "a", "stacks"))) {
      const tf = inlineTables(
        JSON.parse(readFileSync(join(work, "a", "stacks", stack, "cdk.tf.json"), "utf8")),
      ) as Tf;
      for (const [type, blocks] of Object.entries(tf.data ?? {})) {
        if (FINDS[type] !== undefined) continue; // found in a stack that creates it
        for (const block of Object.values(blocks)) {
          const items = (block.for_each as Record<string, { name: string }> | undefined) ?? { "": block };
          for (const item of Object.values(items)) external.push(String(item.name));
        }
      }
    }
    expect(external.length).toBeGreaterThan(0);
    for (const name of new Set(external)) expect(doc, name).toContain(`\`${name}\``);
  });

  it("weighs each tenant's resource pool by what its VMs there take, not equally", () => {
    const pools = central.resource.vsphere_resource_pool!.tenant_pools!;
    expect(pools.cpu_share_level).toBe("custom");
    const each = pools.for_each as Record<string, { cpu_shares: number; memory_shares: number }>;
    // Nijmegen: 95 session hosts × 8 vCPU + 84 desktops × 4; Mook en Middelaar: 5 × 8 + 5 × 4
    expect(each["nijmegen/werkplek"]!.cpu_shares).toBe(95 * 8 + 84 * 4);
    expect(each["mook-en-middelaar/werkplek"]!.cpu_shares).toBe(5 * 8 + 5 * 4);
    expect(each["nijmegen/werkplek"]!.memory_shares).toBe(95 * 48 + 84 * 16);
    // on the server cluster Druten has only its profile file server
    expect(each["druten/server"]!.cpu_shares).toBe(8);
    // the shared servers weigh as what they take: 2 brokers × 4, 2 gateways × 4, licensing 2
    const shared = central.resource.vsphere_resource_pool!.shared_pools!.for_each as Record<
      string,
      { cpu_shares: number; name: string }
    >;
    expect(shared).toEqual({
      "facilities/server": expect.objectContaining({ name: "irvn-facilities", cpu_shares: 18 }),
    });
  });

  it("keys clusters, resource pools, folders and tags by config ids", () => {
    const keys = (type: string, name: string) =>
      Object.keys(central.resource[type]![name]!.for_each as object);
    expect(keys("vsphere_compute_cluster", "clusters")).toEqual(["beheer", "server", "werkplek"]);
    expect(keys("vsphere_resource_pool", "tenant_pools")).toContain("wijchen/werkplek");
    expect(keys("vsphere_folder", "tenant_folders")).toHaveLength(7);
    expect(keys("vsphere_tag", "tags")).toEqual(
      expect.arrayContaining(["tenant/druten", "zone/chain", "service/office-automation"]),
    );
  });

  it("takes credentials from sensitive variables and keeps state on a relative path", () => {
    expect(central.variable.vsphere_password?.sensitive).toBe(true);
    expect(central.variable.vsphere_user?.sensitive).toBe(true);
    const path = central.terraform.backend.local?.path ?? "";
    expect(path.startsWith("/")).toBe(false);
  });

  it("holds no absolute path, timestamp or password value anywhere", () => {
    for (const [file, text] of Object.entries(tree(join(work, "a")))) {
      expect(text, file).not.toContain(ROOT);
      expect(text, file).not.toContain(tmpdir());
      expect(text, file).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
      expect(text, file).not.toMatch(/"password":\s*"(?!\$\{var\.)/);
    }
  });

  it("is byte-identical across runs, time zones and locales", async () => {
    const b = join(work, "b");
    const r = await runBin(["synth", "--out", b], {
      env: { TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(tree(b)).toEqual(tree(join(work, "a")));
  });

  it("leaves the previous output intact when the configuration is invalid", async () => {
    const config = join(work, "config");
    cpSync(join(ROOT, "config"), config, { recursive: true });
    const druten = join(config, "municipalities", "druten.yaml");
    writeFileSync(druten, readFileSync(druten, "utf8").replace("people: 155", "people: veel"));
    const before = tree(join(work, "a"));
    const r = await runCli(["synth", "--config", config, "--out", join(work, "a")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/druten\.yaml:\d+:\d+ {2}\/staff\/people {2}must be an integer/);
    expect(r.stderr).toContain("nothing was written");
    expect(tree(join(work, "a"))).toEqual(before);
  });

  it("prints a summary with stacks, resources and time", async () => {
    const r = await runCli(["synth", "--out", join(work, "c")]);
    expect(r.stdout).toMatch(/^synthesized \d+ stacks? to .*c\/ in \d+\.\d\d s\n/);
    expect(r.stdout).toMatch(/\n {2}central +\d+ resources, +\d+ instances\n/);
    // one column for the counts, however long the longest stack name (applications-nijmegen)
    const columns = r.stdout
      .split("\n")
      .filter((l) => l.includes(" resources, "))
      .map((l) => l.indexOf(" resources, "));
    expect(columns.length).toBeGreaterThan(10);
    expect(new Set(columns).size).toBe(1);
    expect(r.stdout).toMatch(/\n {2}applications-nijmegen +\d+ resources/);
  });
});
