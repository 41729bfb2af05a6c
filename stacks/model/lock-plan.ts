// The IPAM lock as `irvn ipam` would write it: the configuration validated without its lock, the
// reviewed steps (release, rekey, grow, renumber) applied, new items allocated, and the result
// checked as validate checks a lock; or everything that stops it.
import { join } from "node:path";
import { type Allocation, allocate, type Shortage } from "./ipam/allocate.ts";
import { LOCK_FILE, readLock, renderLock } from "./ipam/lock-file.ts";
import { poolsOf, requestsOf } from "./ipam/requests.ts";
import { type Replan, replan } from "./ipam/replan.ts";
import { type Finding, pointer, type Problem } from "./problems.ts";
import type { IpamLock } from "./schema/index.ts";
import { checkPhase, locator, validateConfig } from "./validate.ts";

export type LockPlan =
  | {
      readonly ok: true;
      readonly result: Allocation;
      /** The lock file as it is, when there is one. */
      readonly previousText: string | undefined;
      /** The lock file as shown to the user. */
      readonly lockFile: string;
    }
  | { readonly ok: false; readonly problems: readonly Problem[] }
  /** A reviewed step that cannot be taken (a key to release that is not in the lock…), one line each. */
  | { readonly ok: false; readonly refusals: readonly string[] };

export function planLock(
  configDir: string,
  cwd: string,
  release: readonly string[] = [],
  plan: Replan = {},
): LockPlan {
  const validated = validateConfig(configDir, cwd, { withoutLock: true });
  if (!validated.config) return { ok: false, problems: validated.problems };
  const lockFile = validated.files.lock;
  const read = readLock(join(configDir, LOCK_FILE), lockFile);
  if (!read.lock) return { ok: false, problems: read.problems };
  const previous = read.lock;
  const unknown = release.filter((k) => !inLock(previous, k));
  if (unknown.length > 0)
    return { ok: false, refusals: [`--release ${unknown.join(", ")}: no such entry in ${lockFile}`] };
  const pools = poolsOf(validated.config);
  const requests = requestsOf(validated.config);
  const replanned = replan(withoutKeys(previous, release), pools, requests, plan);
  if (replanned.problems.length > 0)
    return { ok: false, refusals: replanned.problems.map((p) => `${p} (${lockFile})`) };
  const result = allocate(pools, requests, replanned.lock);
  if (result.shortages.length > 0)
    return {
      ok: false,
      problems: validated.locateAll(result.shortages.map((s) => shortageFinding(s, validated.files))),
    };
  // entries edited by hand can be inconsistent in ways allocation does not repair
  const lockRules = checkPhase("lock", {
    config: validated.config,
    files: validated.files,
    lock: result.lock,
  }).findings;
  const problems = locator(validated.files, read, validated.locateAll)(lockRules);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, result, previousText: read.exists ? renderLock(previous) : undefined, lockFile };
}

function inLock(lock: IpamLock, key: string): boolean {
  return Object.hasOwn(lock.blocks, key) || Object.hasOwn(lock.segments, key) || Object.hasOwn(lock.nat, key);
}

function withoutKeys(lock: IpamLock, keys: readonly string[]): IpamLock {
  const drop = <T>(m: Record<string, T>) =>
    Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
  return { version: 1, blocks: drop(lock.blocks), segments: drop(lock.segments), nat: drop(lock.nat) };
}

function shortageFinding(s: Shortage, files: { region: string; tenant: (id: string) => string }): Finding {
  switch (s.pool) {
    case "supernet":
      return { file: files.region, pointer: pointer("addressing", "ipv4", "supernet"), message: s.message };
    case "ipv6":
      return { file: files.region, pointer: pointer("addressing", "ipv6", "block"), message: s.message };
    case "vlans":
      return { file: files.region, pointer: pointer("addressing", "vlans"), message: s.message, atKey: true };
    case "natPool":
      return { file: files.region, pointer: pointer("addressing", "ipv4"), message: s.message, atKey: true };
    case "tenant-block":
      return {
        file: files.tenant(s.key.split("/")[0]!),
        pointer: pointer("segments"),
        message: s.message,
        atKey: true,
      };
  }
}
