// The benchmark's synthetic configurations: the same seed writes the same files, a larger tenant
// count adds tenants to a smaller one's, and every size is a valid configuration (lock from the
// real allocator) of the size it is named after.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allocateLock, generateConfig, SEED, SHAPES } from "../../scripts/bench/generate.ts";
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

/** Allocates the lock and validates; the configuration as the model sees it. */
function validWithLock(dir: string) {
  allocateLock(dir);
  const validated = validateConfig(dir, dir);
  expect(validated.problems).toEqual([]);
  return validated.config!;
}

describe("synthetic benchmark configurations", () => {
  it("are identical for the same seed and differ for another", () => {
    generateConfig("tenants-70", join(work, "a"));
    generateConfig("tenants-70", join(work, "b"));
    generateConfig("tenants-70", join(work, "c"), SEED + 1);
    const a = files(join(work, "a"));
    // region, catalog, zones, migration, 70 tenants, and an inventory for Nijmegen and each of its 9 clones
    expect(Object.keys(a)).toHaveLength(4 + 70 + 10);
    expect(files(join(work, "b"))).toEqual(a);
    expect(files(join(work, "c"))).not.toEqual(a);
  });

  it("70 tenants: distinct codes, valid with the allocated lock", () => {
    const config = validWithLock(join(work, "a"));
    const codes = config.tenants.map((t) => t.config.code);
    expect(new Set(codes).size).toBe(70);
  });

  it(
    "300 tenants: the 70 tenants' files and 230 more, valid with the allocated lock",
    { timeout: 120_000 },
    () => {
      const dir = join(work, "tenants-300");
      generateConfig("tenants-300", dir);
      const small = files(join(work, "b"));
      const large = files(dir);
      const tenantFiles = (all: Record<string, string>) =>
        Object.entries(all).filter(([path]) => /^(municipalities|inventory)\//.test(path));
      expect(tenantFiles(large)).toEqual(expect.arrayContaining(tenantFiles(small)));
      const config = validWithLock(dir);
      expect(config.tenants).toHaveLength(SHAPES["tenants-300"].tenants);
      expect(new Set(config.tenants.map((t) => t.config.code)).size).toBe(300);
    },
  );

  it.each(["workplaces-1k", "workplaces-10k", "workplaces-50k"] as const)(
    "%s: valid with the allocated lock, at least as many workplace VMs as named and at most 1% more",
    { timeout: 60_000 },
    (size) => {
      const dir = join(work, size);
      generateConfig(size, dir);
      const { catalog, tenants } = validWithLock(dir);
      const vms = tenants
        .flatMap((t) => workplaceGroups(catalog, t.id, t.config))
        .reduce((n, g) => n + g.vms, 0);
      const named = SHAPES[size].workplaceVms;
      expect(tenants).toHaveLength(7);
      expect(vms).toBeGreaterThanOrEqual(named);
      expect(vms).toBeLessThanOrEqual(named * 1.01);
    },
  );
});
