// Temporary checkouts of other commits, so that each commit's own code generates its own output,
// and the scratch directory they live in. A checkout shares the current node_modules through a
// symlink and is removed however the work ends, also on a signal; what a killed run left (its
// scratch directory, a registered worktree) is recognised by its dead pid and removed by the next.
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { withCleanup } from "../cleanup.ts";
import { isAlive } from "../file-lock.ts";
import { addWorktree, pruneWorktrees, removeWorktree, worktreePaths } from "./git.ts";

/** `irvn-diff-<pid>-<random>` in the system's temporary directory. */
const SCRATCH = /^irvn-diff-(\d+)-/;

export async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `irvn-diff-${process.pid}-`));
  return withCleanup(
    () => rmSync(dir, { recursive: true, force: true }),
    () => work(dir),
  );
}

export async function withWorktree<T>(
  repo: string,
  commit: string,
  dir: string,
  work: (checkout: string) => Promise<T>,
): Promise<T> {
  let adding: Promise<void> | undefined;
  const remove = async () => {
    if (adding === undefined) return;
    await adding.catch(() => undefined); // a signal during the add waits for it, then undoes it
    await removeCheckout(repo, dir);
  };
  return withCleanup(remove, async () => {
    adding = addWorktree(repo, dir, commit);
    await adding;
    const modules = join(repo, "node_modules");
    if (existsSync(modules) && !existsSync(join(dir, "node_modules"))) {
      symlinkSync(modules, join(dir, "node_modules"), "dir");
    }
    return work(dir);
  });
}

async function removeCheckout(repo: string, dir: string): Promise<void> {
  // Unlink first: removing the worktree must never reach into the shared node_modules.
  const modules = join(dir, "node_modules");
  if (lstatSync(modules, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(modules);
  await removeWorktree(repo, dir).catch(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pruneWorktrees(repo).catch(() => undefined);
  });
}

/** The worktrees and scratch directories of diff runs whose process is gone. */
export async function removeLeftovers(repo: string): Promise<void> {
  const deadPid = (component: string) => {
    const pid = SCRATCH.exec(component)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  };
  for (const path of await worktreePaths(repo)) {
    if (path.split(sep).some(deadPid)) await removeCheckout(repo, path);
  }
  for (const name of readdirSync(tmpdir()).filter(deadPid)) {
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
  await pruneWorktrees(repo);
}
