// The semantic comparison of two generated trees: pure, no git, no synth, no file system.
// Everything `irvn diff` prints is rendered from the report this returns.
import { compareAllocations } from "./ipam.ts";
import { compareDocuments } from "./documents.ts";
import { Owners } from "./owners.ts";
import { findRisks } from "./risks.ts";
import { compareStacks } from "./stacks.ts";
import { CENTRAL, type DiffReport } from "./types.ts";
import { type GeneratedTree } from "../terraform-json/tree.ts";
import { summarize } from "./summary.ts";

export interface CompareOptions {
  /** How the sides are named in the report (`main (3f2c1aa)`, `working tree`). */
  readonly baseLabel?: string;
  readonly headLabel?: string;
  /** Config files changed between the sides; without it there is no blast-radius flag. */
  readonly changedFiles?: readonly string[];
}

export function compareTrees(
  base: GeneratedTree,
  head: GeneratedTree,
  options: CompareOptions = {},
): DiffReport {
  const tenants = [...new Set([...base.tenants, ...head.tenants])];
  const owners = new Owners(tenants);
  const stacks = compareStacks(base.stacks, head.stacks, owners);
  const allocations = compareAllocations(base.ipamLock, head.ipamLock, owners);
  const documents = compareDocuments(base.documents, head.documents, owners);
  const risks = findRisks({ base, head, stacks, allocations, documents, changedFiles: options.changedFiles });
  const replaced = new Set(risks.filter((r) => r.replaces).map((r) => `${r.stack} ${r.subject}`));
  const municipalities = summarize([...tenants, CENTRAL], stacks, allocations, documents, replaced);
  return {
    base: options.baseLabel ?? "base",
    head: options.headLabel ?? "head",
    changed: stacks.length + allocations.length + documents.length > 0,
    municipalities,
    risks,
    stacks,
    allocations,
    documents,
    names: { ...base.tenantNames, ...head.tenantNames },
    ...(options.changedFiles ? { changedFiles: options.changedFiles } : {}),
  };
}
