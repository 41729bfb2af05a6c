// Drift traps a synthesized stack leaves open: attributes the provider fills from vCenter that a
// resource block neither sets nor tells Terraform to ignore, so that a plan would undo what
// vCenter or someone else did (hosts joined to a cluster, vSAN, tags attached by others).
import { compare } from "../../stacks/model/index.ts";
import { driftTraps } from "./facts.ts";

export interface DriftTrapProblem {
  readonly stack: string;
  /** The resource block, e.g. `vsphere_compute_cluster.clusters` (a for_each table is one block). */
  readonly address: string;
  readonly attribute: string;
  readonly why: string;
  readonly cite: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function unhandledDriftTraps(stackName: string, terraformJson: unknown): DriftTrapProblem[] {
  const problems: DriftTrapProblem[] = [];
  const resources = isObject(terraformJson) ? terraformJson.resource : undefined;
  if (!isObject(resources)) return problems;
  for (const [type, blocks] of Object.entries(resources)) {
    if (!isObject(blocks)) continue;
    for (const [name, block] of Object.entries(blocks)) {
      if (!isObject(block)) continue;
      const ignored = ignoredPaths(block);
      for (const trap of driftTraps(type)) {
        if (isSet(block, trap.path) || ignored.some((i) => i === "*" || covers(i, trap.path))) continue;
        if (trap.handledBy !== undefined && block[trap.handledBy] === true) continue;
        problems.push({
          stack: stackName,
          address: `${type}.${name}`,
          attribute: trap.path,
          why: trap.trap,
          cite: trap.cite,
        });
      }
    }
  }
  return problems.sort((a, b) => compare(a.address, b.address) || compare(a.attribute, b.attribute));
}

/** Whether the block gives the path a value: as an attribute, a nested block or a dynamic block. */
function isSet(block: Record<string, unknown>, path: string): boolean {
  const [first, ...rest] = path.split(".");
  const dynamic = block.dynamic;
  if (rest.length === 0 && isObject(dynamic) && dynamic[first!] !== undefined) return true;
  let values: unknown[] = [block];
  for (const segment of [first!, ...rest]) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (isObject(v) ? v[segment] : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return values.length > 0;
}

/** lifecycle.ignore_changes as attribute paths without indices; ["*"] for `all`. */
function ignoredPaths(block: Record<string, unknown>): string[] {
  const list = isObject(block.lifecycle) ? block.lifecycle.ignore_changes : undefined;
  if (list === "all") return ["*"];
  if (!Array.isArray(list)) return [];
  return list.filter((x): x is string => typeof x === "string").map((x) => x.replace(/\[[^\]]*\]/g, ""));
}

/** An ignored path covers the trap at it and every trap below it. */
function covers(ignored: string, trap: string): boolean {
  return trap === ignored || trap.startsWith(`${ignored}.`);
}
