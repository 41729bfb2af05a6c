// The two sides `irvn plan --changed` compares: the stacks about to be planned (the output
// directory and the committed provider locks) and the base's, either synthesized from a git ref by
// that ref's own code in a temporary checkout (as `irvn diff` does) or read from an output
// directory synthesized earlier (a pipeline's artefact of the main branch).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { refLabel, repoRoot, resolveCommit } from "../diff/git.ts";
import { synthSide } from "../diff/sides.ts";
import { removeLeftovers, withScratch, withWorktree } from "../diff/worktree.ts";
import type { Env } from "./exec.ts";
import { readManifest, type Stack } from "./manifest.ts";
import type { StackSide } from "./changed-stacks.ts";
import { committedLockFile } from "./provider-locks.ts";
import { inlineTables, type TerraformJson } from "../terraform-json/blocks.ts";

export interface BaseStacks {
  /** `main (1a2b3c4)` or the output directory's path, for messages. */
  readonly label: string;
  readonly side: StackSide;
  /** Whether the base's provider lock files are known (a ref's are; an output directory has none). */
  readonly comparesLocks: boolean;
}

export async function baseFromRef(
  cwd: string,
  ref: string,
  at: string | undefined,
  env: Env,
): Promise<BaseStacks> {
  const repo = await repoRoot(cwd);
  await removeLeftovers(repo);
  const commit = await resolveCommit(ref, repo);
  const label = refLabel(ref, commit);
  const side = await withScratch((scratch) =>
    withWorktree(repo, commit, join(scratch, "base"), async (checkout) => {
      const tree = await synthSide(checkout, {
        label,
        isCommit: true,
        outDir: join(scratch, "base-out"),
        ...(at === undefined ? {} : { at }),
        env,
      });
      return new Map(
        Object.entries(tree.stacks).map(([name, config]) => [
          name,
          { config, lock: readLock(checkout, name) },
        ]),
      );
    }),
  );
  return { label, side, comparesLocks: true };
}

export async function baseFromOutDir(cwd: string, outDir: string): Promise<BaseStacks> {
  const dir = resolve(cwd, outDir);
  const stacks = await readManifest(dir);
  return { label: outDir, side: configsOf(stacks, () => undefined), comparesLocks: false };
}

/** The stacks about to be planned, with the committed lock files when the base has its own. */
export function headSide(projectDir: string, stacks: readonly Stack[], withLocks: boolean): StackSide {
  return configsOf(stacks, (name) => (withLocks ? readLock(projectDir, name) : undefined));
}

function configsOf(stacks: readonly Stack[], lock: (name: string) => string | undefined): StackSide {
  return new Map(
    stacks.map((s) => [
      s.name,
      // a table read as part of its block, whether the stack holds it inline or in a local
      {
        config: inlineTables(JSON.parse(readFileSync(s.configFile, "utf8")) as TerraformJson),
        lock: lock(s.name),
      },
    ]),
  );
}

function readLock(projectDir: string, stack: string): string | undefined {
  const file = committedLockFile(projectDir, stack);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}
