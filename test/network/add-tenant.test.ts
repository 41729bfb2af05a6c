// Onboarding an eighth tenant changes nothing that exists: every resource and for_each item of
// every existing stack stays byte for byte the same, and only additions appear.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";
import { inlineTables } from "../../scripts/terraform-json/blocks.ts";

type Block = Record<string, unknown> & { for_each?: Record<string, unknown> };
type StackJson = Record<string, Record<string, Record<string, Block>>>;

function stacks(out: string): Record<string, StackJson> {
  const dir = join(out, "stacks");
  return Object.fromEntries(
    readdirSync(dir).map((s) => [
      s,
      inlineTables(JSON.parse(readFileSync(join(dir, s, "cdk.tf.json"), "utf8"))) as StackJson,
    ]),
  );
}

describe("adding a municipality", () => {
  let t: TempConfig;
  let before: Record<string, StackJson>;
  let after: Record<string, StackJson>;
  let lockBefore: string[];
  let lockAfter: string[];

  beforeAll(async () => {
    t = tempConfig();
    expect((await runCli(["synth", "--config", t.config, "--out", join(t.root, "a")], t.root)).code).toBe(0);
    lockBefore = t.read("ipam.lock.yaml").split("\n");
    t.write(
      "municipalities/ubbergen.yaml",
      t
        .read("municipalities/heumen.yaml")
        .replace("name: Heumen", "name: Ubbergen")
        .replace("code: heu", "code: ubb")
        // greenfield: nothing legacy to move, so no wave
        .replace(/\nlegacy:\n(?: .*\n)+/, "\n"),
    );
    const ipam = await runCli(["ipam", "--config", t.config], t.root);
    expect(ipam.code, ipam.stderr).toBe(0);
    lockAfter = t.read("ipam.lock.yaml").split("\n");
    const synth = await runCli(["synth", "--config", t.config, "--out", join(t.root, "b")], t.root);
    expect(synth.code, synth.stderr).toBe(0);
    before = stacks(join(t.root, "a"));
    after = stacks(join(t.root, "b"));
  });
  afterAll(() => t.remove());

  it("only adds lines to the lock file", () => {
    expect(lockBefore.filter((l) => !lockAfter.includes(l))).toEqual([]);
    expect(
      lockAfter.filter((l) => !lockBefore.includes(l)).some((l) => l.startsWith("  ubbergen/workplace:")),
    ).toBe(true);
  });

  it("adds the new tenant's network and workplace stacks", () => {
    expect(Object.keys(after).filter((s) => !(s in before))).toEqual([
      "network-ubbergen",
      "workplace-ubbergen",
    ]);
    expect(Object.keys(after.central!.resource!.vsphere_folder!.tenant_folders!.for_each!)).toContain(
      "ubbergen",
    );
  });

  it("keeps every existing resource and for_each item identical", () => {
    let items = 0;
    for (const [name, stack] of Object.entries(before)) {
      for (const section of ["resource", "data"] as const) {
        for (const [type, blocks] of Object.entries(stack[section] ?? {})) {
          for (const [id, block] of Object.entries(blocks)) {
            const next = after[name]![section]![type]![id]!;
            const { for_each: each, ...rest } = block;
            const { for_each: nextEach, ...nextRest } = next;
            expect(nextRest, `${name} ${type}.${id}`).toEqual(rest);
            for (const [key, value] of Object.entries(each ?? {})) {
              expect(nextEach?.[key], `${name} ${type}.${id}["${key}"]`).toEqual(value);
              items++;
            }
          }
        }
      }
    }
    expect(items).toBeGreaterThan(150);
  });
});
