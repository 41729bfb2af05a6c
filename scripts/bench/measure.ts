// Running one measured process and summarizing repeated runs: wall-clock from the parent, phases
// and peak RSS from the child's own report (or from /usr/bin/time for the CLI). The processes run
// what users run: the CLI bundle in dist/, and child.ts bundled the same way.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { bundle } from "../bundle.ts";
import type { ChildReport } from "./child.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const REPO = here("../..");
/** Inside the project, so that the bundle finds node_modules and templates/ as dist/ does. */
const CHILD_DIR = join(REPO, "node_modules", ".cache", "irvn-bench");
const CHILD = join(CHILD_DIR, "child.js");
const FLOOR = here("./floor.mjs");
const IRVN = here("../bin/irvn.js");
const CLI_BUNDLE = join(REPO, "dist", "cli.js");
const GNU_TIME = "/usr/bin/time";
const SOURCE_DIRS = ["stacks", "scripts", "templates"];

/** Builds dist/ as `npm run build` does, and the measuring child the same way. */
export async function buildRunners(): Promise<void> {
  await bundle(join(REPO, "scripts", "cli.ts"), join(REPO, "dist"));
  await bundle(here("./child.ts"), CHILD_DIR);
}

function newestSource(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => /\.(ts|hbs)$/.test(path))
    .reduce((newest, path) => Math.max(newest, statSync(join(dir, path)).mtimeMs), 0);
}

/**
 * Whether the CLI still runs its bundle: scripts/bin/irvn.js falls back to the TypeScript sources
 * through tsx as soon as one is newer, and a source edited during a run would mix the two.
 */
export function cliBundleIsFresh(): boolean {
  if (!existsSync(CLI_BUNDLE)) return false;
  const built = statSync(CLI_BUNDLE).mtimeMs;
  return SOURCE_DIRS.every((dir) => newestSource(join(REPO, dir)) <= built);
}

export interface Sample {
  readonly wallMs: number;
  readonly report: ChildReport;
}

function run(command: string, args: readonly string[]): { wallMs: number; stdout: string; stderr: string } {
  const t0 = performance.now();
  const result = spawnSync(command, args, {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  const wallMs = performance.now() - t0;
  if (result.status !== 0)
    throw new Error(`${[command, ...args].join(" ")} exited ${result.status}:\n${result.stderr}`);
  return { wallMs, stdout: result.stdout, stderr: result.stderr };
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";

/** A measurement of child.ts, bundled by `buildRunners`. */
export function runChild(args: readonly string[]): Sample {
  const { wallMs, stdout } = run(process.execPath, [CHILD, ...args]);
  return { wallMs, report: JSON.parse(lastLine(stdout)) as ChildReport };
}

/** The floor (floor.mjs) on a pre-serialized output. */
export function runFloor(input: string, outDir: string): Sample {
  const { wallMs, stdout } = run(process.execPath, [FLOOR, input, outDir]);
  return { wallMs, report: JSON.parse(lastLine(stdout)) as ChildReport };
}

export const hasGnuTime = existsSync(GNU_TIME);

export interface ProcessRun {
  readonly wallMs: number;
  /** From GNU time, when it is installed. */
  readonly maxRssKb?: number;
}

/** `node ARGS`, timed from the parent; peak RSS from GNU time when it is installed. */
function runNode(args: readonly string[]): ProcessRun {
  if (!hasGnuTime) return { wallMs: run(process.execPath, args).wallMs };
  const { wallMs, stderr } = run(GNU_TIME, ["-f", "%M", process.execPath, ...args]);
  return { wallMs, maxRssKb: Number(lastLine(stderr)) };
}

/** `node scripts/bin/irvn.js ARGS` as a user runs it. */
export const runCli = (args: readonly string[]): ProcessRun => runNode([IRVN, ...args]);

/** `node -e 0`, run the same way: what any command pays before its first line runs. */
export const runNodeStart = (): ProcessRun => runNode(["-e", "0"]);

/** Bytes of all files under a directory. */
export function directoryBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((path) => statSync(join(dir, path)))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + s.size, 0);
}

export interface Stat {
  readonly unit: string;
  readonly runs: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function stat(unit: string, runs: readonly number[]): Stat {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    unit,
    runs: runs.map(round),
    median: round(median(runs)),
    min: round(Math.min(...runs)),
    max: round(Math.max(...runs)),
  };
}
