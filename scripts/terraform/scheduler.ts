// Runs a task per stack, at most `parallel` at a time, each stack only after the stacks it depends
// on have succeeded, and not at all while one of them holds it back (a staged rollout: planned
// upstream changes are applied before the stacks that look their objects up are planned). A task
// writes to its own buffer, handed over in one piece when the stack finishes, so the output of
// stacks that run side by side never interleaves.
import { performance } from "node:perf_hooks";
import { StackFailure } from "./failures.ts";
import type { Stack } from "./manifest.ts";

export type Log = (text: string) => void;

export type StackOutcome<R> =
  | {
      readonly stack: Stack;
      readonly status: "done";
      readonly value: R;
      readonly output: string;
      readonly seconds: number;
    }
  | {
      readonly stack: Stack;
      readonly status: "failed";
      readonly failure: StackFailure;
      readonly output: string;
      readonly seconds: number;
    }
  | { readonly stack: Stack; readonly status: "skipped"; readonly reason: string }
  /** Not run: a stack it depends on (directly or through another) holds it back. */
  | { readonly stack: Stack; readonly status: "waiting"; readonly waitsFor: readonly string[] };

export interface ScheduleOptions<R> {
  readonly parallel: number;
  /** Throws a StackFailure for an expected failure; any other error is a bug and ends the run. */
  readonly task: (stack: Stack, log: Log) => Promise<R>;
  /** Called once per stack as it finishes, is skipped or waits, in that order. */
  readonly onFinish: (outcome: StackOutcome<R>) => void;
  /** Whether a finished stack's result holds this dependent back (it waits: not run). */
  readonly holdsBack?: (value: R, dependent: Stack) => boolean;
}

/**
 * Dependencies count among the given stacks only. A failed stack skips its dependents; a fatal
 * failure (one every stack would hit, such as a provider that cannot be installed) lets the
 * running stacks finish and starts no more. Outcomes are returned in the order of `stacks`.
 * One function on purpose: `pump`, `start` and `finish` share the queue's state (pending, running,
 * outcomes, the fatal failure), which separate functions would pass back and forth.
 */
export async function runInDependencyOrder<R>(
  stacks: readonly Stack[],
  options: ScheduleOptions<R>,
): Promise<StackOutcome<R>[]> {
  const selected = new Set(stacks.map((s) => s.name));
  const outcomes = new Map<string, StackOutcome<R>>();
  const pending = [...stacks];
  let running = 0;
  let fatal: string | undefined;
  let bug: unknown;

  /** A dependency that holds this stack back: done with a holding result, or itself waiting. */
  const holds = (o: StackOutcome<R> | undefined, dependent: Stack) =>
    o !== undefined &&
    (o.status === "waiting" || (o.status === "done" && options.holdsBack?.(o.value, dependent) === true));
  /** The stacks that hold back, past the waiting ones in between. */
  const upstreamOf = (names: readonly string[]): string[] =>
    [
      ...new Set(
        names.flatMap((n) => {
          const o = outcomes.get(n)!;
          return o.status === "waiting" ? o.waitsFor : [n];
        }),
      ),
    ].sort();

  const finish = (outcome: StackOutcome<R>) => {
    outcomes.set(outcome.stack.name, outcome);
    options.onFinish(outcome);
  };

  return new Promise((resolve, reject) => {
    const pump = () => {
      // Skip what can no longer run; stacks are in dependency order, so one pass catches chains.
      for (const stack of [...pending]) {
        const holding = stack.dependencies.filter((d) => selected.has(d) && holds(outcomes.get(d), stack));
        if (holding.length > 0 && fatal === undefined) {
          pending.splice(pending.indexOf(stack), 1);
          finish({ stack, status: "waiting", waitsFor: upstreamOf(holding) });
          continue;
        }
        const failedDep = stack.dependencies.find(
          (d) => selected.has(d) && outcomes.has(d) && outcomes.get(d)!.status !== "done",
        );
        if (fatal === undefined && failedDep === undefined) continue;
        pending.splice(pending.indexOf(stack), 1);
        finish({
          stack,
          status: "skipped",
          reason:
            failedDep !== undefined
              ? `not run: it depends on ${failedDep}, which did not succeed`
              : `not run: ${fatal}`,
        });
      }
      while (running < options.parallel && bug === undefined) {
        const next = pending.find((s) =>
          s.dependencies.every((d) => !selected.has(d) || outcomes.get(d)?.status === "done"),
        );
        if (next === undefined) break;
        pending.splice(pending.indexOf(next), 1);
        running++;
        void start(next);
      }
      if (running === 0) {
        if (bug !== undefined) reject(bug);
        else if (pending.length === 0) resolve(stacks.map((s) => outcomes.get(s.name)!));
      }
    };

    const start = async (stack: Stack) => {
      const chunks: string[] = [];
      const began = performance.now();
      const seconds = () => (performance.now() - began) / 1000;
      try {
        const value = await options.task(stack, (text) => chunks.push(text));
        finish({ stack, status: "done", value, output: chunks.join(""), seconds: seconds() });
      } catch (err) {
        if (err instanceof StackFailure) {
          if (err.fatal) fatal ??= `${stack.name} failed in a way every stack would (see its message)`;
          finish({ stack, status: "failed", failure: err, output: chunks.join(""), seconds: seconds() });
        } else {
          bug ??= err;
        }
      }
      running--;
      pump();
    };

    pump();
  });
}
