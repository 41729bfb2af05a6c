// Output directories irvn replaces whole (synth's cdktf.out, migrate plan's migration-plan): which
// --out values are refused, the marker that says irvn wrote a directory, and the replacement in one
// step that keeps the previous output whenever anything fails, also after a kill.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { TEMP_PREFIX } from "./atomic-file.ts";
import { withCleanup, yieldToSignals } from "./cleanup.ts";
import { withLock } from "./file-lock.ts";
import { UsageError } from "./io.ts";
import { isSystemError } from "./system-errors.ts";

/** In every directory irvn writes whole: only such a directory (or an empty one) is replaced. */
const MARKER = ".irvn-output";
const MARKER_TEXT = "Written by irvn: the next run replaces this whole directory. Keep nothing else here.\n";
/** Terraform's working state in a stack directory, carried over to the new output. */
const KEEP_IN_STACK = [".terraform", ".terraform.lock.hcl"];

/** What synth and `migrate plan` write at the top of their output (older versions wrote no marker). */
export const SYNTH_OUTPUT = ["manifest.json", "stacks", "docs"];
export const MIGRATION_PLAN_OUTPUT = ["plan.md", "plan.json", "runbooks"];

export interface OutDirContext {
  readonly cwd: string;
  readonly configDir: string;
  /** The top-level names the command writes: a directory holding only these is an older irvn's output. */
  readonly writes: readonly string[];
}

/** The absolute output directory, or a UsageError saying why `out` may not be replaced. */
export function checkOutDir(out: string, context: OutDirContext): string {
  const refuse = (why: string): never => {
    throw new UsageError(`--out ${JSON.stringify(out)} ${why}`);
  };
  if (out.trim() === "") refuse("is empty: name the output directory, e.g. --out cdktf.out");
  const path = resolve(context.cwd, out);
  const real = realPath(path);
  const ownDir =
    "the output directory is replaced whole, so give it a directory of its own (e.g. --out cdktf.out)";
  if (real.split(sep).includes(".git"))
    refuse(`is ${basename(real) === ".git" ? "" : "inside "}.git: ${ownDir}`);
  const around = [
    ["the checkout", checkoutRoot(context.cwd)],
    ["the working directory", realPath(context.cwd)],
  ] as const;
  for (const [name, dir] of around) {
    if (dir !== undefined && isWithin(dir, real))
      refuse(`${real === dir ? "is" : "holds"} ${name}: ${ownDir}`);
  }
  const config = realPath(resolve(context.cwd, context.configDir));
  if (isWithin(config, real))
    refuse(`${real === config ? "is" : "holds"} the configuration directory: ${ownDir}`);
  if (isWithin(real, config)) refuse(`is inside the configuration directory: ${ownDir}`);
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) refuse("is a symbolic link: give the directory it points to, or another path");
  if (stat && !stat.isDirectory()) refuse("exists and is not a directory: remove it or choose another path");
  if (stat && !writtenByIrvn(path, context.writes)) {
    refuse(
      `holds files irvn did not write (there is no ${MARKER} in it): remove it, or choose a new or empty directory`,
    );
  }
  return path;
}

/** `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!isAbsolute(rel) && rel.split(sep)[0] !== "..");
}

/** The path with the symbolic links of its existing part resolved. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

/** The top of the git checkout that holds `cwd`, if one does. */
function checkoutRoot(cwd: string): string | undefined {
  for (let dir = realPath(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function writtenByIrvn(dir: string, writes: readonly string[]): boolean {
  const entries = readdirSync(dir);
  return entries.includes(MARKER) || entries.every((e) => writes.includes(e));
}

export interface ReplaceOptions {
  /** Told when another run holds the directory, or when a killed run's output is put back. */
  readonly say: (text: string) => void;
}

/**
 * Writes a new output directory beside `outDir` and swaps it in when complete. A failure, a signal
 * or a kill at any point leaves the previous output (or the new one, once swapped) and, after the
 * next run, no temporary directory. Runs on the same directory take turns.
 */
export async function replaceDirectory(
  outDir: string,
  options: ReplaceOptions,
  write: (tmpDir: string) => void,
): Promise<void> {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const what = `the output directory ${outDir}`;
  await withLock(outDir, { what, waiting: options.say }, async () => {
    recoverLeftovers(outDir, options);
    const tmp = join(parent, `${TEMP_PREFIX}${basename(outDir)}-${process.pid}`);
    const previous = `${tmp}-previous`;
    await withCleanup(
      () => settle(outDir, tmp, previous),
      async () => {
        inOutput(tmp, outDir, () => write(tmp));
        writeFileSync(join(tmp, MARKER), MARKER_TEXT);
        await yieldToSignals();
        swap(outDir, tmp, previous);
      },
    );
  });
}

/** An error about the temporary directory names the output directory the user gave. */
function inOutput(tmp: string, outDir: string, work: () => void): void {
  try {
    work();
  } catch (err) {
    if (isSystemError(err)) err.path = err.path === undefined ? outDir : err.path.replace(tmp, outDir);
    throw err;
  }
}

/** Synchronous, so that no signal handler runs between the two renames; only a kill can. */
function swap(outDir: string, tmp: string, previous: string): void {
  if (existsSync(outDir)) {
    carryOverTerraformState(outDir, tmp);
    renameSync(outDir, previous);
  }
  renameSync(tmp, outDir);
}

/** After success or failure alike: an output in place (the previous one put back) and no temporary. */
function settle(outDir: string, tmp: string, previous: string): void {
  if (existsSync(previous) && !existsSync(outDir)) renameSync(previous, outDir);
  if (existsSync(tmp) && existsSync(outDir)) carryOverTerraformState(tmp, outDir);
  rmSync(tmp, { recursive: true, force: true });
  rmSync(previous, { recursive: true, force: true });
}

/**
 * For commands that read an output directory: what a killed run left beside it is settled first
 * (its previous output put back). Takes the directory's lock only when there is something to do.
 */
export async function settleOutputDir(outDir: string, options: ReplaceOptions): Promise<void> {
  if (leftoversOf(outDir).length === 0) return;
  await withLock(outDir, { what: `the output directory ${outDir}`, waiting: options.say }, async () =>
    recoverLeftovers(outDir, options),
  );
}

/** The temporary directories of earlier runs beside `outDir`. */
function leftoversOf(outDir: string): string[] {
  const ours = new RegExp(`^${escapeRegExp(TEMP_PREFIX + basename(outDir))}-\\d+(-previous)?$`);
  const entries = existsSync(dirname(outDir)) ? readdirSync(dirname(outDir)) : [];
  return entries.filter((e) => ours.test(e)).map((e) => join(dirname(outDir), e));
}

/** What killed runs left beside `outDir`; called under its lock, so no live run owns them. */
function recoverLeftovers(outDir: string, options: ReplaceOptions): void {
  const leftovers = leftoversOf(outDir);
  for (const previous of leftovers.filter((p) => p.endsWith("-previous"))) {
    if (existsSync(outDir)) continue;
    renameSync(previous, outDir);
    options.say(`irvn: put back ${outDir}, which an interrupted run had set aside\n`);
  }
  for (const path of leftovers) {
    if (!path.endsWith("-previous") && existsSync(path) && existsSync(outDir))
      carryOverTerraformState(path, outDir);
    rmSync(path, { recursive: true, force: true });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Moves terraform's working state of each stack that exists in both directories and lacks it in `to`. */
function carryOverTerraformState(from: string, to: string): void {
  const stacks = join(from, "stacks");
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    if (!existsSync(join(to, "stacks", stack))) continue;
    for (const name of KEEP_IN_STACK) {
      const src = join(stacks, stack, name);
      const dest = join(to, "stacks", stack, name);
      if (existsSync(src) && !existsSync(dest)) renameSync(src, dest);
    }
  }
}
