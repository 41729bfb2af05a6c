// State files of the `local` backend hold every attribute of every resource in clear: the
// directory is made 0700 before terraform first writes there, and the files 0600 after it did.
// The stacks share the directory and run in parallel: each touches only its own state and backup
// (another stack's terraform may replace or remove its files between a listing and a chmod).
import { chmod, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { StackConfig } from "./stack-config.ts";

/** The state file of a stack with a local backend, or undefined for a remote backend. */
function localStatePath(stackDir: string, config: StackConfig): string | undefined {
  const path = config.terraform?.backend?.local?.path;
  return typeof path === "string" ? resolve(stackDir, path) : undefined;
}

/** Before terraform runs: the directory exists and only its owner can enter it. */
export async function guardLocalStateDir(stackDir: string, config: StackConfig): Promise<void> {
  const path = localStatePath(stackDir, config);
  if (path === undefined) return;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await chmod(dirname(path), 0o700);
  await restrictStateFiles(path);
}

/** After terraform wrote state (and its backup): owner read and write only. */
export async function restrictLocalStateFiles(stackDir: string, config: StackConfig): Promise<void> {
  const path = localStatePath(stackDir, config);
  if (path !== undefined) await restrictStateFiles(path);
}

/** The state and terraform's backup of it, those that exist (before the first apply, neither). */
async function restrictStateFiles(path: string): Promise<void> {
  for (const file of [path, `${path}.backup`]) {
    try {
      await chmod(file, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}
