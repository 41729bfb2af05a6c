// Producing one side of a diff: a checkout (the working tree, or a temporary worktree of a commit)
// is synthesized by its own `irvn synth` in a child process, so each side runs exactly the code
// (and options) it has; the child is stopped and waited for if this run is interrupted.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withCleanup } from "../cleanup.ts";
import { UsageError } from "../io.ts";
import { readGeneratedTree } from "../terraform-json/tree.ts";
import type { GeneratedTree } from "../terraform-json/tree.ts";

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
  /** How the side is named in messages. */
  readonly label: string;
  /** Whether the checkout is a commit's (its own code), not the working tree. */
  readonly isCommit: boolean;
  /** Where the side's output goes; a fresh path in the scratch directory. */
  readonly outDir: string;
  readonly at?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const BIN = join("scripts", "bin", "irvn.js");

export async function synthSide(checkout: string, spec: SideSpec): Promise<GeneratedTree> {
  if (!existsSync(join(checkout, BIN))) {
    throw new SynthFailed(
      spec.label,
      `${BIN} does not exist there: that commit predates the irvn command line.`,
    );
  }
  const args = [BIN, "synth", "--config", "config", "--out", spec.outDir];
  const child = execa("node", [...args, ...(spec.at === undefined ? [] : ["--at", spec.at])], {
    cwd: checkout,
    env: { ...spec.env, CHECKPOINT_DISABLE: "1" },
    extendEnv: false,
    reject: false,
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await child;
  };
  const r = await withCleanup(stop, async () => child);
  if (!r.failed) return readGeneratedTree(spec.outDir, checkout);
  if (spec.at !== undefined && /Unknown option '--at'/.test(r.stderr)) {
    throw new UsageError(
      `--at needs \`irvn synth --at\`, which the code of ${spec.label} does not have yet; run irvn diff without --at, or compare commits that have it.`,
    );
  }
  // an internal error or a usage error of that commit's own code is not about its configuration
  if (spec.isCommit && (r.exitCode === 2 || /: internal error \(/.test(r.stderr))) {
    throw new SynthFailed(
      spec.label,
      `the code of that commit cannot synthesize as irvn diff asks (its own \`irvn synth --config config --out DIR\` stopped with ${r.exitCode === 2 ? "a usage error" : "an internal error"}): it predates a working irvn synth; compare against a later commit.`,
    );
  }
  throw new SynthFailed(spec.label, r.stderr || r.stdout || (r.message ?? ""));
}
