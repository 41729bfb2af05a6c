// `npm run check:fork`: the exit from archived cdktf, proven. Installs the community fork (cdktn)
// under the name cdktf, with the constructs it needs and the archived vSphere bindings, in an
// isolated directory (the project's own install and lock stay as they are), synthesizes the
// reference configuration and a migration wave with it and with the pinned cdktf, and compares
// the stacks semantically: any difference in resources, keys, lifecycle, settings or documents
// fails the check.
import { execa } from "execa";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareTrees } from "./diff/compare.ts";
import { readGeneratedTree } from "./terraform-json/tree.ts";
import type { GeneratedTree } from "./terraform-json/tree.ts";

/** What replaces cdktf 0.21.0 and constructs 10.4.5; the bindings stay the archived ones. */
export const FORK = {
  cdktf: "npm:cdktn@0.24.0",
  constructs: "10.6.0",
  "@cdktf/provider-vsphere": "11.2.1",
} as const;

/** Points in time synthesized on both sides: the target, and a wave with adoption and transit. */
const POINTS: readonly (string | undefined)[] = [undefined, "servers-2019"];

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "scripts", "bin", "irvn.js");

/** The semantic differences between two synthesized trees, one line each; none when equivalent. */
export function semanticDifferences(normal: GeneratedTree, fork: GeneratedTree): string[] {
  const report = compareTrees(normal, fork, { baseLabel: "cdktf", headLabel: "fork" });
  const lines: string[] = [];
  for (const stack of report.stacks) {
    if (stack.status !== "changed") {
      lines.push(
        `stack ${stack.name}: ${stack.status === "added" ? "only with the fork" : "missing with the fork"}`,
      );
      continue;
    }
    for (const block of stack.blocks) {
      const at = (key: string | null) =>
        `${stack.name} ${block.address}${key === null ? "" : `[${JSON.stringify(key)}]`}`;
      for (const i of block.added) lines.push(`${at(i.key)}: only with the fork`);
      for (const i of block.removed) lines.push(`${at(i.key)}: missing with the fork`);
      for (const i of block.changed) {
        for (const c of i.changes) {
          lines.push(`${at(i.key)} ${c.path}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
        }
      }
    }
    for (const c of stack.settings?.changes ?? []) {
      lines.push(`${stack.name} ${c.path}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
    }
  }
  for (const d of report.documents) lines.push(`document ${d.path}: ${d.status}`);
  return lines;
}

/** The fork installed once per version set, under node_modules/.cache (git-ignored). */
async function installFork(log: (text: string) => void): Promise<string> {
  const key = Object.values(FORK)
    .join("_")
    .replace(/[^\w.-]/g, "-");
  const dir = join(ROOT, "node_modules", ".cache", "irvn-fork", key);
  const marker = join(dir, "node_modules", "cdktf", "package.json");
  if (existsSync(marker) && (JSON.parse(readFileSync(marker, "utf8")) as { name: string }).name === "cdktn")
    return dir;
  log(
    `installing ${Object.entries(FORK)
      .map(([n, v]) => `${n}@${v}`)
      .join(", ")} into ${dir}\n`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, dependencies: FORK }, null, 2));
  // the archived bindings declare cdktf ^0.21 as a peer: the fork is that peer under another version
  await execa("npm", ["install", "--no-audit", "--no-fund", "--legacy-peer-deps", "--ignore-scripts"], {
    cwd: dir,
    stdio: "inherit",
  });
  return dir;
}

async function synthesize(
  out: string,
  at: string | undefined,
  env: Record<string, string>,
): Promise<GeneratedTree> {
  const r = await execa("node", [BIN, "synth", "--out", out, ...(at ? ["--at", at] : [])], {
    cwd: ROOT,
    env: { ...env, CHECKPOINT_DISABLE: "1" },
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(`irvn synth${at ? ` --at ${at}` : ""} failed:\n${r.stderr}`);
  return readGeneratedTree(out, ROOT);
}

/** The cdktf version a synthesized stack records: proves which library wrote it. */
function writtenBy(tree: GeneratedTree): string {
  const first = Object.values(tree.stacks)[0] as { "//"?: { metadata?: { version?: string } } };
  return first["//"]?.metadata?.version ?? "unknown";
}

export async function checkFork(log: (text: string) => void): Promise<number> {
  const modules = await installFork(log);
  const scratch = mkdtempSync(join(tmpdir(), "irvn-fork-check-"));
  let problems = 0;
  try {
    for (const at of POINTS) {
      const label = at ? `at ${at}` : "target";
      const normal = await synthesize(join(scratch, `cdktf-${label}`), at, {});
      const fork = await synthesize(join(scratch, `fork-${label}`), at, { IRVN_CDK_MODULES: modules });
      const versions = `cdktf ${writtenBy(normal)} vs fork ${writtenBy(fork)}`;
      if (writtenBy(normal) === writtenBy(fork)) {
        log(`${label}: both sides were written by ${writtenBy(normal)}: the fork was not loaded\n`);
        problems++;
        continue;
      }
      const differences = semanticDifferences(normal, fork);
      const count = Object.keys(normal.stacks).length;
      if (differences.length === 0) log(`${label}: ${count} stacks semantically identical (${versions})\n`);
      else
        log(`${label}: ${differences.length} difference(s) (${versions}):\n  ${differences.join("\n  ")}\n`);
      problems += differences.length;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return problems === 0 ? 0 : 1;
}

// run as `npm run check:fork`; imported by the tests for semanticDifferences
if (process.argv[1] === import.meta.filename) {
  process.exitCode = await checkFork((text) => process.stdout.write(text));
}
