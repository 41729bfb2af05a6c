// validate = load (syntax, shape) + rules (meaning). All problems of all files at once: the rules
// check every file whose shape is valid, even while others have shape problems.
import { join } from "node:path";
import { LOCK_FILE, type LockRead, readLock } from "./ipam/lock-file.ts";
import { type ConfigFiles, loadConfig, type RawConfig } from "./load.ts";
import type { Finding, Problem } from "./problems.ts";
import { type Phase, PHASES, type RuleContext } from "./rules/context.ts";
import { RULES } from "./rules/index.ts";
import type { IpamLock } from "./schema/index.ts";

export interface Validated {
  /** Present when there are no problems. */
  readonly config?: RawConfig;
  readonly lock?: IpamLock;
  readonly files: ConfigFiles;
  readonly problems: readonly Problem[];
  /** Locates findings in the configuration files (not the lock). */
  readonly locateAll: (findings: readonly Finding[]) => Problem[];
}

export interface ValidateOptions {
  /** Skip the lock file checks: `irvn ipam` validates the configuration it allocates for. */
  readonly withoutLock?: boolean;
}

export function validateConfig(dir: string, cwd = process.cwd(), options: ValidateOptions = {}): Validated {
  const loaded = loadConfig(dir, cwd);
  const { files, locateAll } = loaded;
  // read once: the rules learn which tenants are established from it, the lock rules check it
  const read = readLock(join(dir, LOCK_FILE), files.lock);
  const established = new Set(Object.keys(read.lock?.blocks ?? {}));
  const problems: Problem[] = [...loaded.problems];
  // with shape problems, the first phase still checks every file whose shape is valid
  const checked = loaded.config ? { config: loaded.config } : loaded.partial;
  if (!checked) return { files, locateAll, problems };
  const ctx: RuleContext = { ...checked, files, established };
  const locate = locator(files, read, locateAll);
  // a phase runs while every problem so far leaves the configuration as it needs it: none, or
  // only findings of independent rules (a profile share too small, a cluster short of capacity)
  let blocked = problems.length > 0;
  for (const phase of Object.keys(PHASES) as Phase[]) {
    if (phase !== "shape-valid" && blocked) break;
    if (phase === "lock") {
      if (options.withoutLock) break;
      const unusable = unusableLock(read, files.lock);
      if (unusable.length > 0 || !read.lock) {
        problems.push(...unusable);
        break;
      }
    }
    const { findings, blocking } = checkPhase(phase, phase === "lock" ? { ...ctx, lock: read.lock! } : ctx);
    if (blocking) blocked = true;
    problems.push(...locate(findings));
  }
  if (problems.length > 0 || !loaded.config) return { files, locateAll, problems };
  const lock = options.withoutLock ? {} : { lock: read.lock! };
  return { config: loaded.config, ...lock, files, locateAll, problems };
}

/**
 * The findings of every rule of a phase, in the order of the rule table, and whether one of a rule
 * that is not independent is among them (the later phases then do not run).
 */
export function checkPhase(phase: Phase, ctx: RuleContext): { findings: Finding[]; blocking: boolean } {
  let blocking = false;
  const findings = RULES.filter((rule) => rule.phase === phase).flatMap((rule) => {
    const found = rule.check(ctx);
    if (found.length > 0 && !rule.independent) blocking = true;
    return found;
  });
  return { findings, blocking };
}

/** Findings located where they point: in the lock file as read, or in the configuration files. */
export function locator(
  files: ConfigFiles,
  read: LockRead,
  locateAll: (findings: readonly Finding[]) => Problem[],
): (findings: readonly Finding[]) => Problem[] {
  return (findings) => [
    ...findings.filter((f) => f.file === files.lock).map((f) => ({ ...f, ...read.position(f.pointer) })),
    ...locateAll(findings.filter((f) => f.file !== files.lock)),
  ];
}

/** Why the lock cannot be checked: unreadable, or not there yet. */
function unusableLock(read: LockRead, file: string): Problem[] {
  if (!read.lock) return read.problems;
  if (read.exists) return [];
  const message = "missing: run `irvn ipam` to allocate addresses and VLANs";
  return [{ file, line: 1, col: 1, pointer: "", message }];
}
