// One stack's plan, summarised for people: what is added, changed, replaced and destroyed, by
// resource type and by municipality. Names of resources and attributes only, never values.
import { isProtected } from "./guardrails.ts";
import { stackTenant } from "./manifest.ts";
import type { PlanAction, PlanJson, PlanResourceChange } from "./plan-json.ts";
import type { StackConfig } from "./stack-config.ts";

export const CHANGE_KINDS = ["add", "change", "replace", "destroy"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type Counts = Record<ChangeKind, number>;

/** Resources of shared stacks and items not keyed by a municipality. */
export const CENTRAL = "central";

export interface ResourceChangeSummary {
  readonly address: string;
  readonly type: string;
  readonly municipality: string;
  readonly kind: ChangeKind;
  /** A protected resource: destroying or replacing it needs `--allow-destroy <address>`. */
  readonly protected: boolean;
  /** Top-level attributes that change (or force the replacement); sensitive ones are marked. */
  readonly attributes: readonly string[];
}

export interface StackPlanSummary {
  readonly stack: string;
  /** Sorted by address; no-ops and reads left out. */
  readonly changes: readonly ResourceChangeSummary[];
  readonly outputChanges: number;
  readonly totals: Counts;
  readonly byType: Readonly<Record<string, Counts>>;
  readonly byMunicipality: Readonly<Record<string, Counts>>;
}

export function zeroCounts(): Counts {
  return { add: 0, change: 0, replace: 0, destroy: 0 };
}

export function addCounts(into: Counts, from: Counts): void {
  for (const kind of CHANGE_KINDS) into[kind] += from[kind];
}

/** no-op, read and forget (which leaves the real object alone) are not changes. */
export function changeKind(actions: readonly PlanAction[]): ChangeKind | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("create")) return "add";
  if (actions.includes("update")) return "change";
  if (actions.includes("delete")) return "destroy";
  return undefined;
}

/**
 * for_each keys are `<tenant>/<item>` or `<tenant>`; a key whose first segment is a known tenant
 * names the municipality. Otherwise the resource belongs to its stack's tenant, or is central.
 */
export function municipalityOf(
  index: string | number | undefined,
  stack: string,
  tenants: ReadonlySet<string>,
): string {
  if (typeof index === "string") {
    const first = index.split("/")[0]!;
    if (tenants.has(first)) return first;
  }
  const tenant = stackTenant(stack);
  return tenant !== undefined && tenants.has(tenant) ? tenant : CENTRAL;
}

export function summarizePlan(
  stack: string,
  plan: PlanJson,
  config: StackConfig,
  tenants: ReadonlySet<string>,
): StackPlanSummary {
  const changes: ResourceChangeSummary[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const kind = rc.mode === "managed" ? changeKind(rc.change.actions) : undefined;
    if (kind === undefined) continue;
    changes.push({
      address: rc.address,
      type: rc.type,
      municipality: municipalityOf(rc.index, stack, tenants),
      kind,
      protected: isProtected(rc, config),
      attributes:
        kind === "change" ? changedAttributes(rc) : kind === "replace" ? replacingAttributes(rc) : [],
    });
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const totals = zeroCounts();
  const byType: Record<string, Counts> = {};
  const byMunicipality: Record<string, Counts> = {};
  for (const c of changes) {
    totals[c.kind]++;
    (byType[c.type] ??= zeroCounts())[c.kind]++;
    (byMunicipality[c.municipality] ??= zeroCounts())[c.kind]++;
  }
  const outputChanges = Object.values(plan.output_changes ?? {}).filter(
    (o) => !o.actions.every((a) => a === "no-op"),
  ).length;
  return {
    stack,
    changes,
    outputChanges,
    totals,
    byType: sortKeys(byType),
    byMunicipality: sortKeys(byMunicipality),
  };
}

function changedAttributes(rc: PlanResourceChange): string[] {
  const before = asRecord(rc.change.before);
  const after = asRecord(rc.change.after);
  const unknown = asRecord(rc.change.after_unknown);
  const names = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...names]
    .filter((n) => isTruthy(unknown[n]) || JSON.stringify(before[n]) !== JSON.stringify(after[n]))
    .sort()
    .map((n) => withSensitivity(rc, n));
}

function replacingAttributes(rc: PlanResourceChange): string[] {
  const names = new Set((rc.change.replace_paths ?? []).map((path) => String(path[0])));
  return [...names].sort().map((n) => withSensitivity(rc, n));
}

/** Terraform marks sensitive attributes in before_sensitive/after_sensitive. */
function withSensitivity(rc: PlanResourceChange, name: string): string {
  const sensitive =
    isTruthy(asRecord(rc.change.before_sensitive)[name]) ||
    isTruthy(asRecord(rc.change.after_sensitive)[name]);
  return sensitive ? `${name} (sensitive)` : name;
}

function isTruthy(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (value !== null && typeof value === "object") return Object.values(value).some(isTruthy);
  return false;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
