// What terraform decided for one operation, counted per action and resource type, and the
// table of all operations that scripts/README.md shows ("What Terraform will do on day 2").
import { compare } from "../../stacks/model/problems.ts";
import type { Action, PlanOutcome, PlannedChange } from "./terraform.ts";

export const ACTIONS: readonly Action[] = ["create", "update", "replace", "destroy", "import", "move"];

export interface Outcome {
  readonly refused: readonly string[];
  /** Action → resource type → instances. */
  readonly counts: Readonly<Record<Action, Readonly<Record<string, number>>>>;
  readonly changes: readonly PlannedChange[];
}

export function outcomeOf(plan: PlanOutcome): Outcome {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, {} as Record<string, number>])) as Record<
    Action,
    Record<string, number>
  >;
  for (const c of plan.changes) counts[c.action][c.type] = (counts[c.action][c.type] ?? 0) + 1;
  return { refused: [...plan.refused].sort(compare), counts, changes: plan.changes };
}

/** Instances of `type` (all types when absent) with this action. */
export function count(o: Outcome, action: Action, type?: string): number {
  const byType = o.counts[action];
  return type === undefined ? Object.values(byType).reduce((a, b) => a + b, 0) : (byType[type] ?? 0);
}

/** `12 virtual_machine, 12 ha_vm_override`, or an em dash for none. */
function cell(byType: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byType).sort(([a], [b]) => compare(a, b));
  if (entries.length === 0) return "—";
  return entries.map(([type, n]) => `${n} ${type.replace(/^vsphere_/, "")}`).join(", ");
}

export interface Row {
  readonly operation: string;
  readonly outcome: Outcome;
}

/** The guide's table: one row per operation, what terraform would create, update, replace, destroy. */
export function renderTable(rows: readonly Row[]): string {
  const lines = [
    "| Operation | Created | Updated in place | Replaced | Destroyed | Imported | Plan |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(({ operation, outcome: o }) =>
      [
        operation,
        cell(o.counts.create),
        cell(o.counts.update),
        cell(o.counts.replace),
        cell(o.counts.destroy),
        cell(o.counts.import),
        o.refused.length > 0 ? `refused: ${o.refused.join("; ")}` : "plans",
      ]
        .join(" | ")
        .replace(/^/, "| ")
        .concat(" |"),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
