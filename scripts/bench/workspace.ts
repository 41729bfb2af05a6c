// The directories one size is measured in: its configuration (with and without the lock), a
// head configuration for the diff, the outputs synthesized once before measuring, and the
// pre-serialized outputs the floor writes.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { LOCK_FILE } from "../../stacks/model/index.ts";
import { blocksOf, type TerraformJson } from "../terraform-json/blocks.ts";
import { allocateLock, assertValid, generateConfig, growStaff, type SizeId } from "./generate.ts";
import { runChild, runCli } from "./measure.ts";

/** The head of the diff: every tenant's staff 2% larger, so every workplace stack changes. */
const HEAD_GROWTH_PERCENT = 2;

export interface SizeDirs {
  /** Checkouts (`<dir>/config`), as `irvn diff` reads them. */
  readonly base: string;
  readonly head: string;
  /** The base configuration without its lock: what `irvn ipam` allocates from nothing. */
  readonly unlocked: string;
  readonly baseOut: string;
  readonly headOut: string;
  /** Scratch output directory of the measured runs. */
  readonly scratch: string;
  readonly floorFull: string;
  readonly floorWorkplaces: string;
}

export interface SizeInfo {
  readonly tenants: number;
  readonly stacks: number;
  readonly segments: number;
  readonly vms: number;
  readonly workplaceVms: number;
}

export const configOf = (checkout: string) => join(checkout, "config");

/** Relative path → parsed JSON (stacks, manifest) or text (documents), for floor.mjs. */
function serializeTree(dir: string, file: string): void {
  const files: Record<string, unknown> = {};
  for (const path of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    if (!statSync(join(dir, path)).isFile()) continue;
    const text = readFileSync(join(dir, path), "utf8");
    files[path] = path.endsWith(".json") ? JSON.parse(text) : text;
  }
  writeFileSync(file, JSON.stringify(files));
}

/** VM instances per stack: the instances of its vsphere_virtual_machine blocks. */
function vmsByStack(outDir: string): Map<string, number> {
  const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const counts = new Map<string, number>();
  for (const [name, s] of Object.entries(manifest.stacks)) {
    const tf = JSON.parse(readFileSync(join(outDir, s.synthesizedStackPath), "utf8")) as TerraformJson;
    const vms = [...blocksOf(tf).values()].filter(
      (b) => b.mode === "resource" && b.type === "vsphere_virtual_machine",
    );
    counts.set(
      name,
      vms.reduce((n, b) => n + b.items.size, 0),
    );
  }
  return counts;
}

/**
 * Generates the configurations of a size under `root`, allocates and checks their locks,
 * synthesizes the base once (which also warms the file cache), and, unless only the series
 * measurements run (`seriesOnly`), the head too, and writes the floor's inputs.
 */
export function prepareSize(
  root: string,
  size: SizeId,
  seriesOnly = false,
): { dirs: SizeDirs; info: SizeInfo } {
  const dir = join(root, size);
  const dirs: SizeDirs = {
    base: join(dir, "base"),
    head: join(dir, "head"),
    unlocked: join(dir, "unlocked"),
    baseOut: join(dir, "out", "base"),
    headOut: join(dir, "out", "head"),
    scratch: join(dir, "out", "scratch"),
    floorFull: join(dir, "floor-full.json"),
    floorWorkplaces: join(dir, "floor-workplaces.json"),
  };
  generateConfig(size, configOf(dirs.base));
  if (!seriesOnly) {
    cpSync(configOf(dirs.base), configOf(dirs.unlocked), { recursive: true });
    rmSync(join(configOf(dirs.unlocked), LOCK_FILE), { force: true });
  }
  if (size !== "reference") allocateLock(configOf(dirs.base));
  assertValid(configOf(dirs.base));
  runCli(["synth", "--config", configOf(dirs.base), "--out", dirs.baseOut]);
  mkdirSync(dirs.scratch, { recursive: true });
  if (!seriesOnly) {
    cpSync(configOf(dirs.base), configOf(dirs.head), { recursive: true });
    growStaff(configOf(dirs.head), HEAD_GROWTH_PERCENT);
    assertValid(configOf(dirs.head));
    runCli(["synth", "--config", configOf(dirs.head), "--out", dirs.headOut]);
    serializeTree(dirs.baseOut, dirs.floorFull);
    const workplacesOut = join(dir, "out", "workplaces");
    runChild(["workplaces", "ours", configOf(dirs.base), workplacesOut]);
    serializeTree(workplacesOut, dirs.floorWorkplaces);
  }

  const vms = vmsByStack(dirs.baseOut);
  const lock = parse(readFileSync(join(configOf(dirs.base), LOCK_FILE), "utf8")) as { segments: object };
  const info: SizeInfo = {
    tenants: readdirSync(join(configOf(dirs.base), "municipalities")).length,
    stacks: vms.size,
    segments: Object.keys(lock.segments).length,
    vms: [...vms.values()].reduce((a, b) => a + b, 0),
    workplaceVms: [...vms]
      .filter(([stack]) => stack.startsWith("workplace-"))
      .reduce((n, [, count]) => n + count, 0),
  };
  return { dirs, info };
}
