// State files of the `local` backend hold every attribute of every resource in clear: the
// directory is made 0700 before terraform first writes there, and the files 0600 after it did.
import { chmod, mkdir, readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { StackConfig } from "./stack-config.ts";

/** The state directory of a stack with a local backend, or undefined for a remote backend. */
export function localStateDir(stackDir: string, config: StackConfig): string | undefined {
  const path = config.terraform?.backend?.local?.path;
  return typeof path === "string" ? dirname(resolve(stackDir, path)) : undefined;
}

/** Before terraform runs: the directory exists and only its owner can enter it. */
export async function guardLocalStateDir(stackDir: string, config: StackConfig): Promise<void> {
  const dir = localStateDir(stackDir, config);
  if (dir === undefined) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await restrictStateFiles(dir);
}

/** After terraform wrote state (and its backup): owner read and write only. */
export async function restrictLocalStateFiles(stackDir: string, config: StackConfig): Promise<void> {
  const dir = localStateDir(stackDir, config);
  if (dir !== undefined) await restrictStateFiles(dir);
}

async function restrictStateFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (/\.tfstate(\.backup)?$/.test(name)) await chmod(join(dir, name), 0o600);
  }
}
