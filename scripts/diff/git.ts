// The git commands `irvn diff` runs: one small function each, arguments as arrays, explicit
// working directory, and a typed error that carries the exit code and git's own message.
import { execa } from "execa";

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    hint?: string,
  ) {
    const detail = stderr.trim() || "no output";
    super(
      `git ${args.join(" ")} failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}: ${detail}${hint ? `\n${hint}` : ""}`,
    );
    this.name = "GitError";
  }
}

async function git(args: string[], cwd: string): Promise<string> {
  const r = await execa("git", args, { cwd, reject: false });
  if (r.failed) throw new GitError(args, r.exitCode, r.stderr || (r.message ?? ""));
  return r.stdout;
}

/** The top directory of the repository that holds `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  try {
    return await git(["rev-parse", "--show-toplevel"], cwd);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    throw new GitError(
      err.args,
      err.exitCode,
      err.stderr,
      "Run irvn diff inside a git checkout of the configuration.",
    );
  }
}

/** How a ref is named in messages: `main (1a2b3c4)`, or the short commit when the ref is one. */
export function refLabel(ref: string, commit: string): string {
  const short = commit.slice(0, 7);
  return commit.startsWith(ref) ? short : `${ref} (${short})`;
}

/** The commit a ref names, or an error that says how to get it. */
export async function resolveCommit(ref: string, cwd: string): Promise<string> {
  const args = ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`];
  const r = await execa("git", args, { cwd, reject: false });
  if (r.failed || !r.stdout) {
    throw new GitError(
      args,
      r.exitCode,
      r.stderr,
      `"${ref}" is not a commit here: give a branch, tag or commit (git fetch it first if it is remote).`,
    );
  }
  return r.stdout.trim();
}

/** A file's text at a commit, or undefined where the commit has no such file. */
export async function fileAt(cwd: string, commit: string, path: string): Promise<string | undefined> {
  const r = await execa("git", ["show", `${commit}:${path}`], {
    cwd,
    reject: false,
    stripFinalNewline: false,
  });
  return r.failed ? undefined : r.stdout;
}

/** Paths as they are, unquoted: by default git escapes anything outside ASCII. */
const PLAIN_PATHS = ["-c", "core.quotePath=false"];

/**
 * Paths under `pathspec` that differ between two commits, or between a commit and the working
 * tree. A renamed file counts under both names: both tenants are touched.
 */
export async function changedFiles(
  cwd: string,
  base: string,
  head: string | undefined,
  pathspec: string,
): Promise<string[]> {
  const range = [base, ...(head ? [head] : [])];
  const out = await git(
    [...PLAIN_PATHS, "diff", "--name-only", "--no-renames", ...range, "--", pathspec],
    cwd,
  );
  return out.split("\n").filter(Boolean);
}

/** New files not yet added: part of the working tree, invisible to `git diff`. */
export async function untrackedFiles(cwd: string, pathspec: string): Promise<string[]> {
  const out = await git([...PLAIN_PATHS, "ls-files", "--others", "--exclude-standard", "--", pathspec], cwd);
  return out.split("\n").filter(Boolean);
}

export async function addWorktree(cwd: string, dir: string, commit: string): Promise<void> {
  await git(["worktree", "add", "--detach", dir, commit], cwd);
}

export async function removeWorktree(cwd: string, dir: string): Promise<void> {
  await git(["worktree", "remove", "--force", dir], cwd);
}

/** The directories of the repository's worktrees, the main one first. */
export async function worktreePaths(cwd: string): Promise<string[]> {
  const out = await git(["worktree", "list", "--porcelain"], cwd);
  return out
    .split("\n")
    .filter((line) => line.startsWith("worktree "))
    .map((line) => line.slice("worktree ".length));
}

export async function pruneWorktrees(cwd: string): Promise<void> {
  await git(["worktree", "prune"], cwd);
}
