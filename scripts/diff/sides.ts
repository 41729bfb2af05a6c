// Producing one side of a diff: a commit is synthesized in a temporary worktree by its own
// `irvn synth`, the working tree by the current checkout's; both run as a child process so
// each side runs exactly the code (and options) it has.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../io.ts";
import { readGeneratedTree } from "./tree.ts";
import type { GeneratedTree } from "./types.ts";
import { withWorktree } from "./worktree.ts";

export class SynthFailed extends Error {
  constructor(
    readonly side: string,
    readonly output: string,
  ) {
    super(`synth of ${side} failed:\n${output.trim()}`);
    this.name = "SynthFailed";
  }
}

export interface SideSpec {
  /** The repository root (the current checkout). */
  readonly repo: string;
  /** A commit to check out, or undefined for the working tree as it is. */
  readonly commit?: string;
  /** How the side is named in messages. */
  readonly label: string;
  /** A fresh directory for this side's checkout and output. */
  readonly scratch: string;
  readonly at?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function generateSide(spec: SideSpec): Promise<GeneratedTree> {
  const outDir = join(spec.scratch, "out");
  const run = async (checkout: string) => {
    await synthCheckout(checkout, outDir, spec);
    return readGeneratedTree(outDir, checkout);
  };
  return spec.commit === undefined
    ? run(spec.repo)
    : withWorktree(spec.repo, spec.commit, join(spec.scratch, "checkout"), run);
}

const BIN = join("scripts", "bin", "irvn.js");

async function synthCheckout(checkout: string, outDir: string, spec: SideSpec): Promise<void> {
  if (!existsSync(join(checkout, BIN))) {
    throw new SynthFailed(
      spec.label,
      `${BIN} does not exist there: that commit predates the irvn command line.`,
    );
  }
  const args = [
    BIN,
    "synth",
    "--config",
    "config",
    "--out",
    outDir,
    ...(spec.at === undefined ? [] : ["--at", spec.at]),
  ];
  const r = await execa("node", args, {
    cwd: checkout,
    env: { ...spec.env, CHECKPOINT_DISABLE: "1" },
    extendEnv: false,
    reject: false,
  });
  if (!r.failed) return;
  if (spec.at !== undefined && /Unknown option '--at'/.test(r.stderr)) {
    throw new UsageError(
      `--at needs \`irvn synth --at\`, which the code of ${spec.label} does not have yet; run irvn diff without --at, or compare commits that have it.`,
    );
  }
  throw new SynthFailed(spec.label, r.stderr || r.stdout || (r.message ?? ""));
}
