// The benchmark hook (issue 8): times only the comparison and its rendering, on two trees that
// are already synthesized and loaded. No git, no synth, no disk inside the timed part.
import { performance } from "node:perf_hooks";
import { compareTrees } from "./compare.ts";
import { renderMarkdown } from "./markdown.ts";
import { blocksOf } from "../terraform-json/blocks.ts";
import type { GeneratedTree } from "../terraform-json/tree.ts";

export interface ComparisonTiming {
  readonly runs: number;
  /** Median milliseconds of compareTrees. */
  readonly compareMs: number;
  /** Median milliseconds of renderMarkdown on its result. */
  readonly renderMs: number;
  /** Instances (for_each items and single resources) on the head side: the size measured. */
  readonly instances: number;
  readonly changed: boolean;
}

export function timeComparison(base: GeneratedTree, head: GeneratedTree, runs = 5): ComparisonTiming {
  const compareTimes: number[] = [];
  const renderTimes: number[] = [];
  let changed = false;
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const report = compareTrees(base, head, { changedFiles: [] });
    const t1 = performance.now();
    renderMarkdown(report);
    renderTimes.push(performance.now() - t1);
    compareTimes.push(t1 - t0);
    changed = report.changed;
  }
  return {
    runs,
    compareMs: median(compareTimes),
    renderMs: median(renderTimes),
    instances: countInstances(head),
    changed,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function countInstances(tree: GeneratedTree): number {
  return Object.values(tree.stacks).reduce(
    (n, tf) => n + [...blocksOf(tf).values()].reduce((m, b) => m + b.items.size, 0),
    0,
  );
}
