// How problems reach the user: one line each, sorted, with a count; past a number per file and per
// run the rest are counted, not listed (ten thousand lines help no one, and cost time to print).
import { formatProblem, grouped, type LockPlan, type Problem, sortProblems } from "../stacks/model/index.ts";

export const SHOWN_PER_FILE = 100;
const SHOWN_PER_RUN = 500;

export function problemReport(problems: readonly Problem[]): string {
  const sorted = sortProblems(problems);
  const byFile = new Map<string, Problem[]>();
  for (const p of sorted) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  const lines: string[] = [];
  let shown = 0;
  let unshownFiles = 0;
  let unshownProblems = 0;
  for (const [file, list] of byFile) {
    if (shown >= SHOWN_PER_RUN) {
      unshownFiles++;
      unshownProblems += list.length;
      continue;
    }
    const visible = list.slice(0, Math.min(SHOWN_PER_FILE, SHOWN_PER_RUN - shown));
    lines.push(...visible.map(formatProblem));
    shown += visible.length;
    const rest = list.length - visible.length;
    if (rest > 0)
      lines.push(
        `${file}  … and ${grouped(rest)} more problem${rest === 1 ? "" : "s"} in this file: fix the ones above first`,
      );
  }
  if (unshownFiles > 0) {
    lines.push(
      `… and ${grouped(unshownProblems)} more problem${unshownProblems === 1 ? "" : "s"} in ${unshownFiles} more file${unshownFiles === 1 ? "" : "s"}`,
    );
  }
  const count = `${grouped(sorted.length)} problem${sorted.length === 1 ? "" : "s"} found${shown < sorted.length ? ` (${shown} shown)` : ""}`;
  return `${lines.join("\n")}\n${count}; nothing was written.\n`;
}

/** What stops `irvn ipam` from writing the lock: problems as validate reports them, or its refusals. */
export function lockPlanReport(plan: Exclude<LockPlan, { ok: true }>): string {
  return "problems" in plan
    ? problemReport(plan.problems)
    : plan.refusals.map((r) => `irvn ipam: ${r}\n`).join("");
}
