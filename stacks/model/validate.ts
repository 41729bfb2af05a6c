// validate = load (syntax, shape) + rules (meaning). All problems of all files at once: the rules
// check every file whose shape is valid, even while others have shape problems.
import { join } from "node:path";
import { LOCK_FILE, readLock } from "./ipam/lock-file.ts";
import { poolsOf, requestsOf } from "./ipam/requests.ts";
import { type ConfigFiles, loadConfig, type RawConfig } from "./load.ts";
import type { Finding, Problem } from "./problems.ts";
import type { IpamLock } from "./schema/index.ts";
import { addressPlan } from "./rules/addressing.ts";
import { backupLocation, linkEncryption } from "./rules/bio.ts";
import { capacity } from "./rules/capacity.ts";
import { classification } from "./rules/classification.ts";
import { dates, uniqueNames } from "./rules/consistency.ts";
import type { Rule } from "./rules/context.ts";
import { adoptedVms, inventoryTenants } from "./rules/inventory.ts";
import { ipv6Categories } from "./rules/ipv6-categories.ts";
import { adoptedNicsOnPortGroups, segmentPlacement, siteDemand } from "./rules/site-subnets.ts";
import { participation } from "./rules/participation.ts";
import { platformRoles } from "./rules/platform.ts";
import { checkCoexistence, checkLock } from "./rules/network.ts";
import { hostParts, kinds, references, windowsTimeZone } from "./rules/references.ts";
import { legacyInAWave, waveDates } from "./rules/waves.ts";
import { zonePolicy } from "./rules/zones.ts";

/** Rules that only read what the schema guarantees; each tolerates unresolved references. */
export const RULES: readonly Rule[] = [
  references,
  kinds,
  participation,
  platformRoles,
  dates,
  uniqueNames,
  addressPlan,
  ipv6Categories,
  segmentPlacement,
  siteDemand,
  linkEncryption,
  backupLocation,
  zonePolicy,
  classification,
  inventoryTenants,
  adoptedVms,
  legacyInAWave,
  waveDates,
];
/** Rules that follow references: they run once every reference resolves. */
export const RESOLVED_RULES: readonly Rule[] = [
  capacity,
  hostParts,
  windowsTimeZone,
  adoptedNicsOnPortGroups,
];

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
  // read once: the rules learn which tenants are established from it, the lock checks use it
  const read = readLock(join(dir, LOCK_FILE), files.lock);
  const established = new Set(Object.keys(read.lock?.blocks ?? {}));
  if (!loaded.config) {
    // shape problems: the rules still check every file whose shape is valid, all at once
    const partial = loaded.partial;
    const findings = partial ? RULES.flatMap((rule) => rule.check({ ...partial, files, established })) : [];
    return { files, locateAll, problems: [...loaded.problems, ...locateAll(findings)] };
  }
  const config = loaded.config;
  const ctx = { config, files, established };
  const findings = RULES.flatMap((rule) => rule.check(ctx));
  // capacity sums over every tenant: with a file left out, or references unresolved, it waits
  if (findings.length === 0 && loaded.problems.length === 0)
    findings.push(...RESOLVED_RULES.flatMap((rule) => rule.check(ctx)));
  const problems = [...loaded.problems, ...locateAll(findings)];
  if (problems.length > 0) return { files, locateAll, problems };
  if (options.withoutLock) return { config, files, locateAll, problems };

  if (!read.lock) return { files, locateAll, problems: read.problems };
  if (!read.exists) {
    return {
      files,
      locateAll,
      problems: [
        {
          file: files.lock,
          line: 1,
          col: 1,
          pointer: "",
          message: "missing: run `irvn ipam` to allocate addresses and VLANs",
        },
      ],
    };
  }
  const lockProblems = checkLock(files.lock, read.lock, poolsOf(config), requestsOf(config)).map((f) => ({
    ...f,
    ...read.position(f.pointer),
  }));
  const coexistence = locateAll(checkCoexistence(config, files, read.lock));
  const all = [...lockProblems, ...coexistence];
  return all.length > 0
    ? { files, locateAll, problems: all }
    : { config, lock: read.lock, files, locateAll, problems: [] };
}
