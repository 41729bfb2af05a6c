// A temporary checkout of another commit, so its own code generates its own output. It shares
// the current checkout's node_modules through a symlink and is always removed afterwards,
// whether the work inside succeeded or not.
import { existsSync, lstatSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { addWorktree, pruneWorktrees, removeWorktree } from "./git.ts";

export async function withWorktree<T>(
  repo: string,
  commit: string,
  dir: string,
  work: (checkout: string) => Promise<T>,
): Promise<T> {
  await addWorktree(repo, dir, commit);
  const modules = join(dir, "node_modules");
  try {
    if (existsSync(join(repo, "node_modules")) && !existsSync(modules)) {
      symlinkSync(join(repo, "node_modules"), modules, "dir");
    }
    return await work(dir);
  } finally {
    // Unlink first: removing the worktree must never reach into the shared node_modules.
    if (lstatSync(modules, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(modules);
    await removeWorktree(repo, dir).catch(async () => {
      rmSync(dir, { recursive: true, force: true });
      await pruneWorktrees(repo).catch(() => undefined);
    });
  }
}
