// The migration timeline: where each tenant and component stands at a point in time, driven
// by the waves of migration.yaml. A point is a wave, a date, or the target (every wave done).
import { FORMATS } from "./formats.ts";
import type { RawConfig } from "./load.ts";
import { show, suggestion } from "./problems.ts";
import type { MigrationConfig } from "./schema/index.ts";
import { COMPONENTS, STAGES } from "./schema/values.ts";

export type Component = (typeof COMPONENTS)[number];
export type Stage = (typeof STAGES)[number];
export { COMPONENTS, STAGES };

export type PointInTime =
  | { readonly kind: "target"; readonly label: string }
  | { readonly kind: "wave"; readonly label: string; readonly wave: string; readonly date: string }
  | { readonly kind: "date"; readonly label: string; readonly date: string };

export const TARGET: PointInTime = { kind: "target", label: "target (every wave done)" };

export interface TenantState {
  readonly tenant: string;
  /** Joined and not left at this point. */
  readonly present: boolean;
  /** Not in any wave: built new in the central data centre, nothing legacy to move. */
  readonly greenfield: boolean;
  /** Components the tenant has something of; the others start (and stay) retired. */
  readonly applies: Readonly<Record<Component, boolean>>;
  readonly stages: Readonly<Record<Component, Stage>>;
}

const rank = (s: Stage) => STAGES.indexOf(s);
export const atLeast = (s: Stage, min: Stage) => rank(s) >= rank(min);

/**
 * What is wrong with an `--at` value on its face, before any configuration is read: empty, a
 * date that is not in the calendar, or neither a date nor what a wave id can be. Undefined when
 * it may be a date or a wave (whether the wave exists, the configuration says).
 */
export function atProblem(spec: string): string | undefined {
  if (spec === "") return "--at needs a wave of migration.yaml or a date YYYY-MM-DD (got nothing)";
  if (/^\d{4}-\d{2}-\d{2}$/.test(spec)) {
    return FORMATS.date!.check(spec) ? undefined : `--at ${spec} is not a date in the calendar`;
  }
  return FORMATS.id!.check(spec)
    ? undefined
    : `--at ${show(spec)} is neither a wave of migration.yaml nor a date YYYY-MM-DD`;
}

/** Parses `--at`: a wave id or a YYYY-MM-DD date; undefined is the target. */
export function parsePoint(config: RawConfig, spec: string | undefined): PointInTime | { error: string } {
  if (spec === undefined) return TARGET;
  const problem = atProblem(spec);
  if (problem) return { error: problem };
  return (
    pointIn(config.migration.waves, spec) ?? { error: unknownWave(spec, Object.keys(config.migration.waves)) }
  );
}

/** The point `spec` names among these waves: a wave, or a date (checked by atProblem). */
function pointIn(waves: MigrationConfig["waves"], spec: string): PointInTime | undefined {
  const wave = Object.hasOwn(waves, spec) ? waves[spec] : undefined;
  if (wave) return { kind: "wave", label: `wave ${spec} (${wave.date})`, wave: spec, date: wave.date };
  if (/^\d{4}-\d{2}-\d{2}$/.test(spec)) return { kind: "date", label: spec, date: spec };
  return undefined;
}

/** The message for a wave that is not there, with the waves that are. */
export function unknownWave(spec: string, waves: readonly string[], where = "migration.yaml"): string {
  return `--at ${show(spec)} is neither a wave of ${where}${suggestion(spec, waves)} nor a date YYYY-MM-DD`;
}

/** The waves in effect at a point: all for the target, up to and including a wave or date. */
function wavesAt(config: RawConfig, point: PointInTime) {
  const waves = Object.entries(config.migration.waves);
  if (point.kind === "target") return waves;
  if (point.kind === "wave") return waves.slice(0, waves.findIndex(([id]) => id === point.wave) + 1);
  return waves.filter(([, w]) => w.date <= point.date);
}

export function tenantStates(config: RawConfig, point: PointInTime): TenantState[] {
  const applied = wavesAt(config, point);
  const date = point.kind === "target" ? "9999-12-31" : point.date;
  return config.tenants.map(({ id, config: t }) => {
    const inPlan = Object.values(config.migration.waves).some((w) => Object.hasOwn(w.moves, id));
    // a component the tenant has nothing of (no hosted applications, say) has nothing to move
    const applies: Record<Component, boolean> = {
      network: true,
      servers: true,
      workplaces: Object.keys(t.workplaces).length > 0,
      applications: Object.keys(t.applications).length > 0,
    };
    const stages = Object.fromEntries(
      COMPONENTS.map((c) => [c, inPlan && applies[c] ? "legacy" : "retired"]),
    ) as Record<Component, Stage>;
    let joined = !inPlan && Object.values(t.modules).some((m) => m.since <= date);
    for (const [, wave] of applied) {
      const move = wave.moves[id];
      if (!move) continue;
      joined = true;
      for (const c of COMPONENTS) if (move[c]) stages[c] = move[c];
    }
    const left = Object.values(t.modules).every((m) => m.until !== undefined && m.until <= date);
    return { tenant: id, present: joined && !left, greenfield: !inPlan, applies, stages };
  });
}

/** What the stages mean for what is built, in one place. */
export const builds = {
  /** The tenant's port groups in the central network. */
  segments: (s: TenantState) => s.present && atLeast(s.stages.network, "linked"),
  /** Transit port groups and legacy NAT: while legacy networks still hang off the fibre links. */
  coexistence: (s: TenantState) =>
    s.present && !s.greenfield && atLeast(s.stages.network, "linked") && s.stages.network !== "retired",
  workplaces: (s: TenantState) => s.present && atLeast(s.stages.workplaces, "migrated"),
  applications: (s: TenantState) => s.present && atLeast(s.stages.applications, "migrated"),
  /** Adopt existing VMs by import blocks in the stage they arrive in. */
  // from the migration wave on, for good: an import of a VM already in state does nothing, and a
  // fresh state (a rebuilt backend, a new workspace) adopts the VMs instead of cloning duplicates
  adoptApplications: (s: TenantState) =>
    s.present && !s.greenfield && atLeast(s.stages.applications, "migrated"),
};

/** Days from `from` up to, not including, `to`; either end absent is open. */
export interface Span {
  readonly from?: string;
  readonly to?: string;
}

/** The days two spans share, or undefined when they share none. */
export function overlapOf(a: Span, b: Span): Span | undefined {
  const from = a.from === undefined ? b.from : b.from === undefined || a.from > b.from ? a.from : b.from;
  const to = a.to === undefined ? b.to : b.to === undefined || a.to < b.to ? a.to : b.to;
  if (from !== undefined && to !== undefined && from >= to) return undefined;
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/**
 * When each tenant's networks are in service, as tenantStates and `builds` have them: `legacy`
 * while its legacy network hangs off the fibre links (coexistence), `segments` while its port
 * groups exist. Stages only move forward, so each is one span; absent when never.
 */
export function networkSpans(config: RawConfig): Map<string, { legacy?: Span; segments?: Span }> {
  const waves = Object.values(config.migration.waves);
  return new Map(
    config.tenants.map(({ id, config: t }) => {
      const moves = waves.filter((w) => Object.hasOwn(w.moves, id));
      const sinces = Object.values(t.modules).map((m) => m.since);
      const untils = Object.values(t.modules).map((m) => m.until);
      const left = untils.every((u) => u !== undefined) ? untils.sort().at(-1) : undefined;
      const present: Span = {
        from: moves[0]?.date ?? sinces.sort()[0]!,
        ...(left === undefined ? {} : { to: left }),
      };
      // greenfield: no legacy; its port groups from the day it is present
      if (moves.length === 0) return [id, { segments: present }];
      const stageFrom = (stages: readonly Stage[]) =>
        moves.find((w) => w.moves[id]!.network !== undefined && stages.includes(w.moves[id]!.network!))?.date;
      const linked = stageFrom(["linked", "migrated", "retired"]);
      const retired = stageFrom(["retired"]);
      const spans: { legacy?: Span; segments?: Span } = {};
      if (linked !== undefined) {
        const segments = overlapOf(present, { from: linked });
        if (segments) spans.segments = segments;
        const legacy = overlapOf(present, {
          from: linked,
          ...(retired === undefined ? {} : { to: retired }),
        });
        if (legacy) spans.legacy = legacy;
      }
      return [id, spans];
    }),
  );
}
