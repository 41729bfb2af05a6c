// The whole walk: every state synthesized (twice, to prove determinism), every transition
// compared, every invariant checked.
import type { Resolved } from "../../stacks/model/index.ts";
import { type Transition, transition } from "./changes.ts";
import {
  capacityHolds,
  deterministic,
  inUseKept,
  INVARIANTS,
  type InvariantId,
  legacyOverlap,
  noRemnants,
  noReplace,
  stateValid,
  type Violation,
} from "./invariants.ts";
import { type State, stateAt, steps } from "./walk.ts";

export interface Walk {
  readonly states: readonly State[];
  readonly transitions: readonly Transition[];
}

export function walk(resolved: Resolved, scratch: string, run = "a"): Walk {
  const states = steps(resolved.model).map((step) => stateAt(resolved, step, scratch, run));
  const transitions: Transition[] = [];
  for (let i = 1; i < states.length; i++) {
    if (states[i - 1]!.tree && states[i]!.tree) transitions.push(transition(states[i - 1]!, states[i]!));
  }
  return { states, transitions };
}

export interface TestResult {
  readonly walk: Walk;
  readonly violations: readonly Violation[];
  readonly invariants: readonly InvariantId[];
}

export function testMigration(resolved: Resolved, scratch: string): TestResult {
  const first = walk(resolved, scratch, "a");
  const again = steps(resolved.model).map((step) => stateAt(resolved, step, scratch, "b"));
  const { states, transitions } = first;
  // a transition is compared only where both states synthesized; state-valid reports the rest
  const complete = transitions.length === states.length - 1;
  const violations = [
    ...stateValid(states),
    ...(complete ? inUseKept(states, transitions) : []),
    ...legacyOverlap(states),
    ...capacityHolds(states),
    ...(complete ? noReplace(states, transitions) : []),
    ...noRemnants(states),
    ...deterministic(states, again),
  ];
  return { walk: first, violations, invariants: Object.keys(INVARIANTS) as InvariantId[] };
}
