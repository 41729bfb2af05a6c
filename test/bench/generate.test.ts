// The benchmark's synthetic configurations: the same seed writes the same files, and the big
// sizes are valid configurations (lock from the real allocator) of the size the issue names.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allocateLock, generateConfig, SEED } from "../../scripts/bench/generate.ts";
import { workplaceGroups } from "../../stacks/model/sizing.ts";
import { validateConfig } from "../../stacks/model/validate.ts";

const work = mkdtempSync(join(tmpdir(), "irvn-bench-gen-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    if (statSync(join(dir, path)).isFile()) out[path] = readFileSync(join(dir, path), "utf8");
  }
  return out;
}

describe("synthetic benchmark configurations", () => {
  it("are identical for the same seed and differ for another", () => {
    generateConfig("tenants-10x", join(work, "a"));
    generateConfig("tenants-10x", join(work, "b"));
    generateConfig("tenants-10x", join(work, "c"), SEED + 1);
    const a = files(join(work, "a"));
    // region, catalog, zones, migration, 70 tenants, and an inventory for Nijmegen and each of its 9 clones
    expect(Object.keys(a)).toHaveLength(4 + 70 + 10);
    expect(files(join(work, "b"))).toEqual(a);
    expect(files(join(work, "c"))).not.toEqual(a);
  });

  it("10x tenants: 70 tenants with distinct codes, valid with the allocated lock", () => {
    const dir = join(work, "a");
    allocateLock(dir);
    const validated = validateConfig(dir, dir);
    expect(validated.problems).toEqual([]);
    const codes = validated.config!.tenants.map((t) => t.config.code);
    expect(new Set(codes).size).toBe(70);
  });

  it("10,000 workplace VMs: valid with the allocated lock", () => {
    const dir = join(work, "workplaces");
    generateConfig("workplaces-10k", dir);
    allocateLock(dir);
    const validated = validateConfig(dir, dir);
    expect(validated.problems).toEqual([]);
    const { catalog, tenants } = validated.config!;
    const vms = tenants
      .flatMap((t) => workplaceGroups(catalog, t.id, t.config))
      .reduce((n, g) => n + g.vms, 0);
    expect(vms).toBeGreaterThanOrEqual(10_000);
    expect(vms).toBeLessThan(10_500);
  });
});
