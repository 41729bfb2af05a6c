// cdktf's output directory: which stacks exist, where their Terraform JSON lives and which
// stacks each depends on. Turned into a dependency order (dependencies first) and a selection.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import picomatch from "picomatch";
import { UsageError } from "../io.ts";

export interface Stack {
  readonly name: string;
  /** Names of the stacks that must be planned and applied before this one. */
  readonly dependencies: readonly string[];
  /** Absolute path of the directory terraform runs in. */
  readonly dir: string;
  /** Absolute path of the synthesized `cdk.tf.json`. */
  readonly configFile: string;
}

/** The output directory is missing, malformed or inconsistent. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestError";
  }
}

interface ManifestJson {
  stacks?: Record<
    string,
    { name?: unknown; dependencies?: unknown; synthesizedStackPath?: unknown; workingDirectory?: unknown }
  >;
}

// Stack names become file names (saved plans, lock files): nothing that could leave a directory.
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The stacks of `<outDir>/manifest.json`, in the manifest's order. */
export async function readManifest(outDir: string): Promise<Stack[]> {
  const file = join(outDir, "manifest.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ManifestError(
      `${file} not found: synthesize first (\`irvn synth\`, or \`irvn plan\` without --skip-synth)`,
    );
  }
  let manifest: ManifestJson;
  try {
    manifest = JSON.parse(text) as ManifestJson;
  } catch (err) {
    throw new ManifestError(`${file} is not valid JSON (${(err as Error).message}): synthesize again`);
  }
  const entries = Object.entries(manifest.stacks ?? {});
  if (entries.length === 0) throw new ManifestError(`${file} lists no stacks: synthesize again`);
  return entries.map(([key, entry]) => {
    const name = typeof entry.name === "string" ? entry.name : key;
    const deps = entry.dependencies ?? [];
    if (!STACK_NAME.test(name)) throw new ManifestError(`${file}: stack name "${name}" is not a plain name`);
    if (!Array.isArray(deps) || !deps.every((d) => typeof d === "string")) {
      throw new ManifestError(`${file}: stacks.${key}.dependencies must be a list of stack names`);
    }
    if (typeof entry.workingDirectory !== "string" || typeof entry.synthesizedStackPath !== "string") {
      throw new ManifestError(`${file}: stacks.${key} lacks workingDirectory or synthesizedStackPath`);
    }
    return {
      name,
      dependencies: deps as string[],
      dir: resolve(outDir, entry.workingDirectory),
      configFile: resolve(outDir, entry.synthesizedStackPath),
    };
  });
}

/** Dependencies before dependents; among stacks that are free to go, alphabetical. */
export function orderStacks(stacks: readonly Stack[]): Stack[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  for (const stack of stacks) {
    for (const dep of stack.dependencies) {
      if (!byName.has(dep))
        throw new ManifestError(`stack "${stack.name}" depends on "${dep}", which is not in the manifest`);
    }
  }
  const ordered: Stack[] = [];
  const done = new Set<string>();
  while (ordered.length < stacks.length) {
    const ready = stacks
      .filter((s) => !done.has(s.name) && s.dependencies.every((d) => done.has(d)))
      .sort((a, b) => a.name.localeCompare(b.name, "en"));
    if (ready.length === 0)
      throw new ManifestError(`stack dependency cycle: ${findCycle(stacks, done).join(" → ")}`);
    for (const stack of ready) {
      ordered.push(stack);
      done.add(stack.name);
    }
  }
  return ordered;
}

/** A cycle among the stacks not yet ordered, as names with the first repeated at the end. */
function findCycle(stacks: readonly Stack[], done: ReadonlySet<string>): string[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const start = stacks.find((s) => !done.has(s.name))!;
  const path: string[] = [];
  let current = start;
  // Every unordered stack has an unordered dependency, so walking those must revisit a stack.
  while (!path.includes(current.name)) {
    path.push(current.name);
    current = byName.get(current.dependencies.find((d) => !done.has(d))!)!;
  }
  return [...path.slice(path.indexOf(current.name)), current.name];
}

/** The stacks whose names match any of the globs (all stacks when there are none), order kept. */
export function selectStacks(stacks: readonly Stack[], globs: readonly string[]): Stack[] {
  if (globs.length === 0) return [...stacks];
  const names = stacks.map((s) => s.name);
  for (const glob of globs) {
    if (!names.some((name) => picomatch.isMatch(name, glob))) {
      throw new UsageError(`--stack ${glob} matches no stack (stacks: ${names.join(", ")})`);
    }
  }
  return stacks.filter((s) => picomatch.isMatch(s.name, globs as string[]));
}

/**
 * Municipalities (tenants) known from the stack names: per-tenant stacks are `<layer>-<tenant>`
 * (`network-nijmegen`, `workplace-berg-en-dal`); the layer itself has no hyphen.
 */
export function tenantsOf(stacks: readonly Stack[]): Set<string> {
  return new Set(stacks.flatMap((s) => stackTenant(s.name) ?? []));
}

/** The tenant a per-tenant stack belongs to, or undefined for a shared stack. */
export function stackTenant(stackName: string): string | undefined {
  const hyphen = stackName.indexOf("-");
  return hyphen < 0 ? undefined : stackName.slice(hyphen + 1);
}
