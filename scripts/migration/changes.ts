// What one transition (wave W-1 → W) changes, resource by resource: added, changed, replaced
// and removed instances per stack and municipality, from the semantic comparison of the two
// synthesized states (the same comparison `irvn diff` uses).
import { compareTrees } from "../diff/compare.ts";
import type { DiffReport, Owner } from "../diff/types.ts";
import { instanceAddress } from "../terraform-json/blocks.ts";
import { compare } from "../../stacks/model/index.ts";
import type { State } from "./walk.ts";

export type ChangeKind = "add" | "change" | "replace" | "remove";

export interface Change {
  readonly stack: string;
  readonly owner: Owner;
  readonly kind: ChangeKind;
  /** The instance address: `vsphere_virtual_machine.office_session_vms["druten/office-session-001"]`. */
  readonly address: string;
}

export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly date: string;
  readonly name: string;
  readonly report: DiffReport;
  /** Managed resources only: data sources are lookups, not changes to vCenter. */
  readonly changes: readonly Change[];
}

/** Instances whose change Terraform can only make by destroying and creating them. */
function replacedAddresses(report: DiffReport): Set<string> {
  return new Set(
    report.risks
      .filter((r) => r.kind === "replace" || r.kind === "protected-destroy")
      .map((r) => `${r.stack}/${r.subject}`),
  );
}

export function transition(from: State, to: State): Transition {
  const report = compareTrees(from.tree!, to.tree!, { baseLabel: from.step.id, headLabel: to.step.id });
  const replaced = replacedAddresses(report);
  const changes: Change[] = [];
  for (const stack of report.stacks) {
    for (const block of stack.blocks) {
      if (block.mode === "data") continue;
      const at = (key: string | null) => instanceAddress(block.address, key);
      for (const i of block.added)
        changes.push({ stack: stack.name, owner: i.owner, kind: "add", address: at(i.key) });
      for (const i of block.removed) {
        const address = at(i.key);
        // a destroyed protected instance is reported once, as a removal
        changes.push({ stack: stack.name, owner: i.owner, kind: "remove", address });
        replaced.delete(`${stack.name}/${address}`);
      }
      for (const i of block.changed) {
        const address = at(i.key);
        changes.push({
          stack: stack.name,
          owner: i.owner,
          kind: replaced.has(`${stack.name}/${address}`) ? "replace" : "change",
          address,
        });
      }
    }
  }
  changes.sort(
    (a, b) => compare(a.owner, b.owner) || compare(a.stack, b.stack) || compare(a.address, b.address),
  );
  return { from: from.step.id, to: to.step.id, date: to.step.date, name: to.step.name, report, changes };
}

export interface Count {
  readonly owner: Owner;
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly remove: number;
}

/** Changes counted per municipality and stack, in a stable order. */
export function counts(changes: readonly Change[]): Count[] {
  const map = new Map<
    string,
    { owner: Owner; stack: string; add: number; change: number; replace: number; remove: number }
  >();
  for (const c of changes) {
    const key = `${c.owner}\u0000${c.stack}`;
    const entry = map.get(key) ?? {
      owner: c.owner,
      stack: c.stack,
      add: 0,
      change: 0,
      replace: 0,
      remove: 0,
    };
    entry[c.kind] += 1;
    map.set(key, entry);
  }
  return [...map.values()].sort((a, b) => compare(a.owner, b.owner) || compare(a.stack, b.stack));
}
