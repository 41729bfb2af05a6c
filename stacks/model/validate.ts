// validate = load (syntax, shape) + rules (meaning). All problems of all files at once.
import { type ConfigFiles, loadConfig, type RawConfig } from "./load.ts";
import type { Problem } from "./problems.ts";
import { addressPlan } from "./rules/addressing.ts";
import { backupLocation, linkEncryption } from "./rules/bio.ts";
import { capacity } from "./rules/capacity.ts";
import { dates, uniqueNames } from "./rules/consistency.ts";
import type { Rule } from "./rules/context.ts";
import { participation } from "./rules/participation.ts";
import { kinds, references } from "./rules/references.ts";

/** Rules that only read what the schema guarantees; each tolerates unresolved references. */
export const RULES: readonly Rule[] = [references, kinds, participation, dates, uniqueNames, addressPlan, linkEncryption, backupLocation];
/** Rules that follow references: they run once every reference resolves. */
export const RESOLVED_RULES: readonly Rule[] = [capacity];

export interface Validated {
  readonly config?: RawConfig;
  readonly files: ConfigFiles;
  readonly problems: readonly Problem[];
}

export function validateConfig(dir: string, cwd = process.cwd()): Validated {
  const loaded = loadConfig(dir, cwd);
  if (!loaded.config || loaded.problems.length > 0) return { files: loaded.files, problems: loaded.problems };
  const ctx = { config: loaded.config, files: loaded.files };
  const findings = RULES.flatMap((rule) => rule.check(ctx));
  if (findings.length === 0) findings.push(...RESOLVED_RULES.flatMap((rule) => rule.check(ctx)));
  const problems = loaded.locateAll(findings);
  return problems.length > 0 ? { files: loaded.files, problems } : { config: loaded.config, files: loaded.files, problems };
}
