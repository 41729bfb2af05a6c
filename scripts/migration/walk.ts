// Walking the migration: the points that matter (before the first wave, then each wave in
// order), the model at each, and what synth generates there, in a scratch directory.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Model, PointInTime, Resolved } from "../../stacks/model/index.ts";
import { generate } from "../synthesize.ts";
import { readGeneratedTree } from "../terraform-json/tree.ts";
import type { GeneratedTree } from "../terraform-json/tree.ts";

/** Before the first wave: nothing of the plan exists in the central data centre yet. */
export const BEFORE = "before";

export interface Step {
  /** A wave id, or BEFORE. */
  readonly id: string;
  readonly name: string;
  readonly date: string;
  readonly point: PointInTime;
  /** Tenants the wave moves (none before the first wave). */
  readonly moves: readonly string[];
}

export interface State {
  readonly step: Step;
  readonly model: Model;
  /** Absent when synth failed; `error` says why. */
  readonly tree?: GeneratedTree;
  readonly dir: string;
  readonly error?: string;
}

export function steps(model: Model): Step[] {
  const first = model.waves[0]!.date;
  const before: Step = {
    id: BEFORE,
    name: "before the first wave",
    date: first,
    point: { kind: "date", label: `before ${first}`, date: "0001-01-01" },
    moves: [],
  };
  return [
    before,
    ...model.waves.map((w) => ({
      id: w.id,
      name: w.name,
      date: w.date,
      point: { kind: "wave", label: `wave ${w.id} (${w.date})`, wave: w.id, date: w.date } as const,
      moves: Object.keys(w.moves).sort(),
    })),
  ];
}

/** The model and generated tree at a step, written under `scratch/<step id>/<run>`. */
export function stateAt(resolved: Resolved, step: Step, scratch: string, run = "a"): State {
  const model = resolved.modelAt(step.point);
  const dir = join(scratch, step.id, run);
  mkdirSync(join(scratch, step.id), { recursive: true });
  try {
    generate(model, dir);
  } catch (err) {
    return { step, model, dir, error: err instanceof Error ? err.message : String(err) };
  }
  const tree = readGeneratedTree(dir, dir);
  return { step, model, dir, tree: { ...tree, tenants: model.allTenants.map((t) => t.id) } };
}
