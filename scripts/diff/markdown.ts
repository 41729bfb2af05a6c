// The report as a merge-request comment: one headline per municipality, the risks, then the
// details per municipality in collapsed sections. Long lists are cut with a count; the order
// follows the report, which is sorted.
import { formatPair, formatValue, plural } from "./format.ts";
import type {
  AttributeChange,
  BlockDiff,
  DiffReport,
  InstanceChange,
  InstanceRef,
  Owner,
  Risk,
  RiskKind,
  StackDiff,
} from "./types.ts";
import { canonical } from "../terraform-json/json.ts";
import { diffValues } from "./values.ts";

/** How many entries a list shows before "… and N more". */
export const LIMITS = { keys: 10, groups: 10, attributes: 8, risks: 25, groupKeys: 5 } as const;

const RISK_LABEL: Readonly<Record<RiskKind, string>> = {
  "protected-destroy": "protected resource destroyed",
  "protection-removed": "protection removed",
  "drift-trap": "drift trap opened",
  "data-loss": "data loss",
  replace: "forces replacement",
  "allocation-moved": "allocation moved",
  "allocation-released": "allocation released",
  rename: "rename",
  "blast-radius": "blast radius",
};

export function renderMarkdown(report: DiffReport): string {
  const out: string[] = [`### irvn diff: ${code(report.base)} → ${code(report.head)}`, ""];
  if (!report.changed) out.push("No differences in the generated configuration.", "");
  const name = (owner: Owner) => report.names[owner] ?? owner;
  for (const m of report.municipalities)
    out.push(`- **${escapeText(name(m.owner))}**: ${escapeText(m.headline)}`);
  out.push("");

  const risks = riskLines(report.risks, name);
  if (risks.findings > 0) out.push(`#### Risks (${risks.findings})`, "", ...risks.lines, "");

  for (const m of report.municipalities.filter((x) => x.changed)) {
    out.push(`<details><summary>${escapeHtml(`${name(m.owner)}: ${m.headline}`)}</summary>`, "");
    out.push(...details(report, m.owner));
    out.push("</details>", "");
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

/**
 * One bullet per finding: the same risk on many instances of one block (a template change that
 * replaces 160 VMs) is one bullet with the count and the first keys, and a shared file touching six
 * municipalities is one blast-radius bullet.
 */
function riskLines(
  risks: readonly Risk[],
  name: (owner: Owner) => string,
): { lines: string[]; findings: number } {
  const groups = new Map<string, { risk: Risk; block: string; keys: string[] }>();
  for (const r of risks.filter((x) => x.kind !== "blast-radius")) {
    const { block, key } = splitInstance(r.subject);
    const id = JSON.stringify([r.kind, r.owner, r.stack ?? "", block, r.message, r.protected === true]);
    const g = groups.get(id) ?? { risk: r, block, keys: [] };
    if (key !== undefined) g.keys.push(key);
    groups.set(id, g);
  }
  const out: string[] = [];
  for (const g of cut([...groups.values()], LIMITS.risks, (n) => `- … and ${n} more risks`)) {
    if (typeof g === "string") {
      out.push(g);
      continue;
    }
    const r = g.risk;
    const label = `${RISK_LABEL[r.kind]}${r.protected && r.kind !== "protected-destroy" ? " (protected resource)" : ""}`;
    const subject =
      g.keys.length > 1
        ? `${code(g.block)} × ${g.keys.length} (${keyList(
            g.keys.map((key) => ({ key, owner: r.owner })),
            LIMITS.groupKeys,
          )})`
        : code(r.subject);
    const where = r.stack ? `${code(r.stack)} ${subject}` : subject;
    out.push(`- **${label}** · ${escapeText(name(r.owner))} · ${where}: ${escapeText(r.message)}`);
  }
  const blast = new Map<string, string[]>();
  for (const r of risks.filter((x) => x.kind === "blast-radius"))
    blast.set(r.message, [...(blast.get(r.message) ?? []), r.owner]);
  for (const [message, owners] of blast)
    out.push(
      `- **${RISK_LABEL["blast-radius"]}** · ${escapeText(owners.map(name).join(", "))}: ${escapeText(message)}`,
    );
  return { lines: out, findings: groups.size + blast.size };
}

/** `type.name["key"]` → the block and the key; a subject without a key is its own block. */
function splitInstance(subject: string): { block: string; key?: string } {
  const m = /^(.*)\[("(?:[^"\\]|\\.)*")\]$/.exec(subject);
  if (!m) return { block: subject };
  return { block: m[1]!, key: JSON.parse(m[2]!) as string };
}

function details(report: DiffReport, owner: Owner): string[] {
  const out: string[] = [];
  for (const stack of report.stacks) {
    const lines = stackLines(stack, owner);
    if (lines.length === 0) continue;
    const status =
      stack.status === "changed" ? "" : ` (${stack.status === "added" ? "new" : "removed"} stack)`;
    out.push(`**stack ${code(stack.name)}**${status}`, "", ...lines, "");
  }

  const allocations = report.allocations.filter((a) => a.owner === owner);
  if (allocations.length > 0) {
    out.push("**IPAM lock**", "");
    for (const a of cut(allocations, LIMITS.keys, (n) => `- … and ${n} more allocations`)) {
      if (typeof a === "string") out.push(a);
      else if (a.status === "changed")
        out.push(`- moved ${code(a.section)} ${code(a.key)}: ${changeList(diffValues(a.old, a.new))}`);
      else
        out.push(
          `- ${a.status} ${code(a.section)} ${code(a.key)}: ${code(formatValue(a.status === "added" ? a.new : a.old))}`,
        );
    }
    out.push("");
  }

  const documents = report.documents.filter((d) => d.owner === owner);
  if (documents.length > 0) {
    out.push("**Documents**", "");
    for (const d of cut(documents, LIMITS.keys, (n) => `- … and ${n} more documents`)) {
      if (typeof d === "string") out.push(d);
      else
        out.push(
          `- ${d.status} ${code(d.path)}: +${d.linesAdded} -${d.linesRemoved} lines (${d.linesBefore} → ${d.linesAfter})`,
        );
    }
    out.push("");
  }
  return out;
}

function stackLines(stack: StackDiff, owner: Owner): string[] {
  const out: string[] = [];
  for (const block of stack.blocks) {
    const mine = <T extends InstanceRef>(list: readonly T[]) => list.filter((i) => i.owner === owner);
    const added = mine(block.added);
    const removed = mine(block.removed);
    const changed = mine(block.changed);
    if (added.length + removed.length + changed.length === 0) continue;
    out.push(...blockLines(block, added, removed, changed));
  }
  if (stack.settings?.owner === owner) out.push(`- settings: ${changeList(stack.settings.changes)}`);
  return out;
}

function blockLines(
  block: BlockDiff,
  added: readonly InstanceRef[],
  removed: readonly InstanceRef[],
  changed: readonly InstanceChange[],
): string[] {
  const single = [...added, ...removed, ...changed].every((i) => i.key === null);
  if (single) {
    if (added.length > 0) return [`- added ${code(block.address)}`];
    if (removed.length > 0) return [`- removed ${code(block.address)}`];
    return [`- changed ${code(block.address)}: ${changeList(changed[0]!.changes)}`];
  }
  const out = [`- ${code(block.address)}`];
  if (added.length > 0) out.push(`  - added (${added.length}): ${keyList(added, LIMITS.keys)}`);
  if (removed.length > 0) out.push(`  - removed (${removed.length}): ${keyList(removed, LIMITS.keys)}`);
  if (changed.length > 0) {
    out.push(`  - changed (${changed.length}):`);
    const groups = groupByChanges(changed);
    for (const g of cut(groups, LIMITS.groups, (n) => `    - … and ${n} more kinds of change`)) {
      out.push(
        typeof g === "string"
          ? g
          : `    - ${keyList(g.instances, LIMITS.groupKeys)}: ${changeList(g.changes)}`,
      );
    }
  }
  return out;
}

/** Instances with identical changes share a line: a template bump on 800 VMs is one entry. */
function groupByChanges(changed: readonly InstanceChange[]) {
  const groups = new Map<string, { instances: InstanceChange[]; changes: readonly AttributeChange[] }>();
  for (const c of changed) {
    const signature = canonical(c.changes);
    const g = groups.get(signature) ?? { instances: [], changes: c.changes };
    g.instances.push(c);
    groups.set(signature, g);
  }
  return [...groups.values()];
}

function keyList(instances: readonly InstanceRef[], max: number): string {
  const keys = instances.map((i) => code(i.key ?? "(single)"));
  const shown = keys.slice(0, max).join(", ");
  return keys.length > max ? `${shown} … and ${keys.length - max} more` : shown;
}

function changeList(changes: readonly AttributeChange[]): string {
  const shown = changes.slice(0, LIMITS.attributes).map((c) => {
    const [old, next] = formatPair(c.old, c.new);
    return `${code(c.path)} ${code(old)} → ${code(next)}`;
  });
  const more = changes.length - LIMITS.attributes;
  return more > 0 ? `${shown.join("; ")}; … and ${plural(more, "more attribute")}` : shown.join("; ");
}

function cut<T>(items: readonly T[], max: number, more: (n: number) => string): (T | string)[] {
  return items.length > max ? [...items.slice(0, max), more(items.length - max)] : [...items];
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
