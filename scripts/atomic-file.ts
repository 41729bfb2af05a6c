// Writing a file in one step: a temporary file beside it (`.irvn-tmp-<name>-<pid>`), flushed to
// disk, then renamed over it, so that a reader, a kill or a full disk leaves the old file or the
// new one, never half of one. With `unchangedSince`, the write is refused when the file changed
// after it was read (a compare-before-write; the caller holds the file's lock).
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { Failure } from "./io.ts";
import { isSystemError } from "./system-errors.ts";

/** Temporary files and directories beside what they become; `.gitignore` covers the prefix. */
export const TEMP_PREFIX = ".irvn-tmp-";

/** A file's bytes as read, or null when it did not exist. */
export type Snapshot = Buffer | null;

export function snapshot(path: string): Snapshot {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

export function writeFileAtomic(
  path: string,
  text: string,
  options: { unchangedSince?: Snapshot; mode?: number; shown?: string } = {},
): void {
  const tmp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}-${process.pid}`);
  try {
    writeFileSync(tmp, text, { mode: options.mode ?? 0o644 });
    const fd = openSync(tmp, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.unchangedSince !== undefined && !same(snapshot(path), options.unchangedSince)) {
      throw new Failure(
        `${options.shown ?? path} changed while this run worked on it (another program wrote it): ` +
          "nothing was written; run the command again",
      );
    }
    renameSync(tmp, path);
  } catch (err) {
    // a failed write (ENOSPC) names no path: it is this file's
    if (isSystemError(err) && (err.path === undefined || err.path === tmp)) err.path = path;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function same(a: Snapshot, b: Snapshot): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** Temporary files a killed writer left beside `path`; call it holding the file's lock. */
export function removeLeftoverTemps(path: string): void {
  const prefix = `${TEMP_PREFIX}${basename(path)}-`;
  for (const name of readdirSync(dirname(path))) {
    if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) {
      rmSync(join(dirname(path), name), { force: true });
    }
  }
}
