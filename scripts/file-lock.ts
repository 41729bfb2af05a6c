// An exclusive lock file beside what it guards (`.irvn-lock-<name>`), so that two runs writing the
// same committed file or output directory take turns instead of losing each other's work. The file
// names its holder (pid, host); a lock whose holder died on this machine is taken over, otherwise
// the next run waits up to `waitMs` and then fails naming the holder and the lock file.
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { withCleanup } from "./cleanup.ts";
import { Failure } from "./io.ts";

const LOCK_PREFIX = ".irvn-lock-";
const POLL_MS = 100;
/** A lock file without a holder line (its writer was killed while creating it) after this long is stale. */
const HALF_WRITTEN_MS = 5_000;

function lockFileOf(guarded: string): string {
  return join(dirname(guarded), `${LOCK_PREFIX}${basename(guarded)}`);
}

/** Tokens of the locks this process holds: two in-process commands share a pid. */
const held = new Set<string>();

export interface LockOptions {
  /** What the lock guards, for messages ("config/ipam.lock.yaml"). */
  readonly what: string;
  /** Told once when the lock is busy and this run waits. */
  readonly waiting: (text: string) => void;
  readonly waitMs?: number;
}

export async function withLock<T>(guarded: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const path = lockFileOf(guarded);
  const token = `${process.pid} ${hostname()} ${randomUUID()}`;
  await acquire(path, token, options);
  held.add(token);
  const release = () => {
    held.delete(token);
    if (holderLine(path) === token) rmSync(path, { force: true });
  };
  return withCleanup(release, work);
}

async function acquire(path: string, token: string, options: LockOptions): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let told = false;
  for (;;) {
    try {
      writeFileSync(path, `${token}\n`, { flag: "wx", mode: 0o644 });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST")
        throw Object.assign(err as Error, { syscall: "lock" });
    }
    const line = holderLine(path);
    if (line === undefined) continue; // released in the meantime
    if (isStale(path, line)) {
      if (holderLine(path) === line) rmSync(path, { force: true });
      continue;
    }
    const holder = describeHolder(line);
    if (Date.now() >= deadline) {
      throw new Failure(
        `${options.what} is locked by ${holder} (lock file ${path}): wait for that run to finish; ` +
          `if no irvn runs there any more, remove the lock file`,
      );
    }
    if (!told) options.waiting(`irvn: waiting for ${options.what}, locked by ${holder}\n`);
    told = true;
    await sleep(POLL_MS);
  }
}

function holderLine(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

function isStale(path: string, line: string): boolean {
  const [pid, host] = line.split(" ");
  if (!/^\d+$/.test(pid ?? "") || host === undefined) {
    const written = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    return Date.now() - written > HALF_WRITTEN_MS;
  }
  if (host !== hostname()) return false;
  if (Number(pid) === process.pid) return !held.has(line);
  return !isAlive(Number(pid));
}

/** A process with this pid runs on this machine (or did until a moment ago). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function describeHolder(line: string): string {
  const [pid, host] = line.split(" ");
  return /^\d+$/.test(pid ?? "") && host ? `another irvn run (pid ${pid} on ${host})` : "another irvn run";
}
