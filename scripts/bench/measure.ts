// Running one measured process and summarizing repeated runs: wall-clock from the parent, phases
// and peak RSS from the child's own report (or from /usr/bin/time for the CLI).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { ChildReport } from "./child.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const REPO = here("../..");
const CHILD = here("./child.ts");
const FLOOR = here("./floor.mjs");
const IRVN = here("../bin/irvn.js");
const GNU_TIME = "/usr/bin/time";

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

/** A measurement of child.ts: `node --import tsx scripts/bench/child.ts ARGS`. */
export function runChild(args: readonly string[]): Sample {
  const { wallMs, stdout } = run(process.execPath, ["--import", "tsx", CHILD, ...args]);
  return { wallMs, report: JSON.parse(lastLine(stdout)) as ChildReport };
}

/** The floor (floor.mjs) on a pre-serialized output. */
export function runFloor(input: string, outDir: string): Sample {
  const { wallMs, stdout } = run(process.execPath, [FLOOR, input, outDir]);
  return { wallMs, report: JSON.parse(lastLine(stdout)) as ChildReport };
}

export const hasGnuTime = existsSync(GNU_TIME);

/** `node scripts/bin/irvn.js ARGS` as a user runs it; peak RSS from GNU time when it is installed. */
export function runCli(args: readonly string[]): { wallMs: number; maxRssKb?: number } {
  if (!hasGnuTime) return { wallMs: run(process.execPath, [IRVN, ...args]).wallMs };
  const { wallMs, stderr } = run(GNU_TIME, ["-f", "%M", process.execPath, IRVN, ...args]);
  return { wallMs, maxRssKb: Number(lastLine(stderr)) };
}

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

export function stat(unit: string, runs: readonly number[]): Stat {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    unit,
    runs: runs.map(round),
    median: round(median),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}
