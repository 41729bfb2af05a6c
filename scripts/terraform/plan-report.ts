// The plan of all stacks in one report: JSON for machines, Markdown for a merge-request comment.
// Deterministic (stacks in dependency order, keys sorted, no timestamps) and free of values.
import { type ChangedSelection, describeSelection } from "./changed-stacks.ts";
import { protectedDestroys } from "./guardrails.ts";
import {
  addCounts,
  CHANGE_KINDS,
  sortKeys,
  zeroCounts,
  type Counts,
  type ResourceChangeSummary,
  type StackPlanSummary,
} from "./plan-summary.ts";

/** Not planned: failed, skipped after a failure, or waiting for upstream changes to be applied. */
type Unplanned = {
  readonly stack: string;
  readonly status: "failed" | "skipped" | "waiting";
  readonly message: string;
};

export type StackResult =
  { readonly stack: string; readonly status: "planned"; readonly summary: StackPlanSummary } | Unplanned;

export type StackReport = ({ readonly status: "changes" | "no-changes" } & StackPlanSummary) | Unplanned;

export interface PlanReport {
  readonly version: 1;
  readonly totals: Counts;
  readonly byMunicipality: Readonly<Record<string, Counts>>;
  readonly byType: Readonly<Record<string, Counts>>;
  readonly stacks: readonly StackReport[];
  /** With `--changed`: the base compared against and why each stack was planned or not. */
  readonly changedSince?: { readonly base: string } & ChangedSelection;
}

export function hasChanges(summary: StackPlanSummary): boolean {
  return summary.changes.length > 0 || summary.outputChanges > 0;
}

export function buildReport(
  results: readonly StackResult[],
  changedSince?: PlanReport["changedSince"],
): PlanReport {
  const totals = zeroCounts();
  const byMunicipality: Record<string, Counts> = {};
  const byType: Record<string, Counts> = {};
  const stacks = results.map((r): StackReport => {
    if (r.status !== "planned") return r;
    addCounts(totals, r.summary.totals);
    for (const [m, c] of Object.entries(r.summary.byMunicipality))
      addCounts((byMunicipality[m] ??= zeroCounts()), c);
    for (const [t, c] of Object.entries(r.summary.byType)) addCounts((byType[t] ??= zeroCounts()), c);
    return { status: hasChanges(r.summary) ? "changes" : "no-changes", ...r.summary };
  });
  return {
    version: 1,
    totals,
    byMunicipality: sortKeys(byMunicipality),
    byType: sortKeys(byType),
    stacks,
    ...(changedSince === undefined ? {} : { changedSince }),
  };
}

export function renderJson(report: PlanReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

/** "2 to add, 1 to change, 0 to replace, 0 to destroy", as terraform words it. */
export function describeCounts(counts: Counts): string {
  return CHANGE_KINDS.map((k) => `${counts[k]} to ${k}`).join(", ");
}

const SYMBOL: Record<ResourceChangeSummary["kind"], string> = {
  add: "+",
  change: "~",
  replace: "-/+",
  destroy: "-",
};
/** Listed per stack in the comment; the JSON has them all. */
const MAX_LISTED = 100;

/** The plan comment, top to bottom as it reads: totals, then each stack's section. */
export function renderMarkdown(report: PlanReport): string {
  const count = (status: StackReport["status"]) => report.stacks.filter((s) => s.status === status).length;
  const lines: string[] = ["## irvn plan", ""];
  const failed = count("failed") + count("skipped");
  const waiting = count("waiting");
  lines.push(
    `**${count("changes")} of ${report.stacks.length} stacks change**` +
      (failed > 0 ? `, **${failed} could not be planned**` : "") +
      (waiting > 0 ? `, **${waiting} wait for those changes to be applied**` : "") +
      `: ${describeCounts(report.totals)}.`,
    "",
  );
  if (report.changedSince !== undefined) lines.push(...selectionLines(report.changedSince), "");

  const risky = report.stacks.flatMap((s) =>
    "changes" in s ? protectedDestroys(s).map((c) => ({ s, c })) : [],
  );
  if (risky.length > 0) {
    lines.push(
      "> [!WARNING]",
      `> **${risky.length} protected resource${risky.length === 1 ? "" : "s"} would be destroyed or replaced.** ` +
        "`irvn apply` refuses unless each is named with `--allow-destroy`:",
      ...risky.map(({ s, c }) => `> - ${s.stack}: ${code(c.address)} (${c.kind})`),
      "",
    );
  }

  for (const s of report.stacks) {
    if (s.status === "waiting") lines.push(`- ${s.stack} ${s.message}`, "");
    if (s.status === "failed" || s.status === "skipped") {
      lines.push(
        `**${s.stack} ${s.status === "failed" ? "failed" : "was not planned"}:**`,
        "",
        fence(s.message),
        "",
      );
    }
  }

  if (Object.keys(report.byMunicipality).length > 0) {
    lines.push("### By municipality", "", ...countsTable("Municipality", report.byMunicipality), "");
    lines.push("### By resource type", "", ...countsTable("Resource type", report.byType), "");
  }

  if (report.stacks.length === 0) return lines.join("\n");
  lines.push(
    "### By stack",
    "",
    "| Stack | Result | Add | Change | Replace | Destroy |",
    "|---|---|--:|--:|--:|--:|",
  );
  for (const s of report.stacks) {
    const cells = "totals" in s ? CHANGE_KINDS.map((k) => String(s.totals[k])) : ["", "", "", ""];
    lines.push(`| ${s.stack} | ${s.status} | ${cells.join(" | ")} |`);
  }
  lines.push("");

  for (const s of report.stacks) {
    if (!("changes" in s) || s.changes.length === 0) continue;
    lines.push(`<details><summary>${s.stack}: ${describeCounts(s.totals)}</summary>`, "");
    const flagged = new Set(protectedDestroys(s));
    for (const c of s.changes.slice(0, MAX_LISTED)) {
      const why =
        c.attributes.length > 0
          ? ` (${c.kind === "replace" ? "forced by " : ""}${c.attributes.join(", ")})`
          : "";
      lines.push(`- \`${SYMBOL[c.kind]}\` ${code(c.address)}${why}${flagged.has(c) ? " **protected**" : ""}`);
    }
    if (s.changes.length > MAX_LISTED)
      lines.push(`- … and ${s.changes.length - MAX_LISTED} more (see the JSON summary)`);
    lines.push("", "</details>", "");
  }
  return lines.join("\n");
}

function selectionLines(since: NonNullable<PlanReport["changedSince"]>): string[] {
  const { headline, lines } = describeSelection(code(since.base), since);
  return [`Planned with --changed: ${headline}.`, "", ...lines.map((l) => `- ${l}`)];
}

function countsTable(heading: string, rows: Readonly<Record<string, Counts>>): string[] {
  return [
    `| ${heading} | Add | Change | Replace | Destroy |`,
    "|---|--:|--:|--:|--:|",
    ...Object.entries(rows).map(
      ([name, c]) => `| ${cell(name)} | ${CHANGE_KINDS.map((k) => c[k]).join(" | ")} |`,
    ),
  ];
}

/** A code span that survives any backticks inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}text\n${text.trimEnd()}\n${ticks}`;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}
