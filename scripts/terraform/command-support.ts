// What plan, apply and providers share: loading and selecting stacks, the terraform preflight,
// the synth step and the grouped output of one stack.
import { writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type CommandIo, UsageError } from "../io.ts";
import { checkOutDir, settleOutputDir, SYNTH_OUTPUT } from "../output-dir.ts";
import { ManifestError, orderStacks, readManifest, selectStacks, type Stack } from "./manifest.ts";
import { checkTerraform, PreflightError } from "./preflight.ts";

export const DEFAULT_OUT_DIR = "cdktf.out";
export const DEFAULT_CONFIG_DIR = "config";

/** All stacks in dependency order and the selected ones among them, or a printed error. */
export async function loadStacks(
  io: CommandIo,
  command: string,
  outDir: string,
  globs: readonly string[],
): Promise<{ all: Stack[]; selected: Stack[] } | undefined> {
  const dir = resolve(io.cwd, outDir);
  await settleOutputDir(dir, { say: io.stderr });
  try {
    const all = orderStacks(await readManifest(dir));
    return { all, selected: selectStacks(all, globs) };
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    io.stderr(`irvn ${command}: ${err.message}\n`);
    return undefined;
  }
}

/** The terraform version, or undefined after printing what to install. */
export async function preflight(io: CommandIo, command: string): Promise<string | undefined> {
  try {
    return await checkTerraform({ cwd: io.cwd, env: io.env });
  } catch (err) {
    if (!(err instanceof PreflightError)) throw err;
    io.stderr(`irvn ${command}: ${err.message}\n`);
    return undefined;
  }
}

/** Before anything runs: a usage error when synthesizing would replace what --out may not name. */
export function checkSynthOutDir(io: CommandIo, configDir: string, outDir: string): void {
  checkOutDir(outDir, { cwd: io.cwd, configDir, writes: SYNTH_OUTPUT });
}

/** Synthesizes into outDir; false after printing the configuration problems. */
/** Synthesizes before planning; `usage` when `at` names no wave or date. */
export async function synthesizeFirst(
  io: CommandIo,
  configDir: string,
  outDir: string,
  at?: string,
): Promise<"ok" | "invalid" | "usage"> {
  // Loaded only here: --skip-synth must not pay for loading the model and cdktf.
  const { synthesize } = await import("../synthesize.ts");
  const result = await synthesize({
    configDir,
    outDir,
    cwd: io.cwd,
    say: io.stderr,
    ...(at === undefined ? {} : { at }),
  });
  if (result.ok) return "ok";
  io.stderr(result.usage ? `irvn: ${result.report}` : result.report);
  return result.usage ? "usage" : "invalid";
}

export function positiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} must be a whole number ≥ 1 (got "${value}")`);
  return n;
}

/** A stack's block: the progress line, then its output indented under it. */
export function stackBlock(progress: string, output: string): string {
  const body = output
    .trimEnd()
    .split("\n")
    .map((line) => (line === "" ? "" : `    ${line}`))
    .join("\n");
  return body.trim() === "" ? `${progress}\n` : `${progress}\n${body}\n\n`;
}

export async function writeOutputFile(io: CommandIo, file: string, text: string): Promise<void> {
  const path = resolve(io.cwd, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
