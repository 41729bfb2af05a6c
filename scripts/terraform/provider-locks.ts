// Provider lock files (`.terraform.lock.hcl`, the provider versions and checksums) are committed
// under providers/locks/, one per stack, because cdktf.out/ is generated and not committed. They
// are copied into a stack's directory before `terraform init`, and back after `providers lock`.
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { type Snapshot, writeFileAtomic } from "../atomic-file.ts";
import type { Stack } from "./manifest.ts";

export const LOCKS_DIR = "providers/locks";
const LOCK_FILE = ".terraform.lock.hcl";

/** Platforms `irvn providers lock` records checksums for unless --platform says otherwise. */
export const DEFAULT_PLATFORMS = ["linux_amd64", "darwin_amd64", "darwin_arm64", "windows_amd64"] as const;

/** providers/locks/<stack>.terraform.lock.hcl under the project directory. */
export function committedLockFile(projectDir: string, stack: string): string {
  return join(projectDir, LOCKS_DIR, `${stack}${LOCK_FILE}`);
}

/** Copies the committed lock file into the stack directory; false when there is none yet. */
export async function copyLockIntoStack(projectDir: string, stack: Stack): Promise<boolean> {
  const committed = committedLockFile(projectDir, stack.name);
  if (!existsSync(committed)) return false;
  await copyFile(committed, join(stack.dir, LOCK_FILE));
  return true;
}

/**
 * Copies the stack directory's lock file to its committed place, in one step and only over the
 * bytes it started from (`before`, read when copied in); returns that path.
 */
export async function saveLockFromStack(projectDir: string, stack: Stack, before: Snapshot): Promise<string> {
  const committed = committedLockFile(projectDir, stack.name);
  await mkdir(join(projectDir, LOCKS_DIR), { recursive: true });
  const text = await readFile(join(stack.dir, LOCK_FILE), "utf8");
  writeFileAtomic(committed, text, { unchangedSince: before, shown: relative(projectDir, committed) });
  return committed;
}
