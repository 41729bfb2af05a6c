// How problems reach the user: one line each, sorted, with a count.
import { formatProblem, type Problem, sortProblems } from "../stacks/model/problems.ts";

export function problemReport(problems: readonly Problem[]): string {
  const sorted = sortProblems(problems);
  const lines = sorted.map(formatProblem);
  return `${lines.join("\n")}\n${sorted.length} problem${sorted.length === 1 ? "" : "s"} found; nothing was written.\n`;
}
