// Risk flags: the parts of a change a reviewer must look at twice. Which changes replace an
// object comes from the provider facts, which names are looked up from the table in
// risk-table.ts; this module applies them, and adds the flags that need the whole report
// (blast radius, allocations).
import { compare } from "../../stacks/model/index.ts";
import type { MatchedFact } from "../provider/facts.ts";
import type { StackConfig } from "../terraform/stack-config.ts";
import { formatPair } from "./format.ts";
import { type Block, blocksOf, instanceAddress, resolveInstance } from "../terraform-json/blocks.ts";
import { compareOwners, municipalitiesInFiles } from "./owners.ts";
import { attributeFact, DATA_LOSS, isMarkedProtected, PROTECTED_TYPES, RENAMES } from "./risk-table.ts";
import { unhandledDriftTraps } from "../provider/drift-traps.ts";
import { isSensitivePath, MASK } from "./sensitive.ts";
import {
  type AllocationChange,
  type BlockDiff,
  CENTRAL,
  type DocumentChange,
  type Risk,
  type RiskKind,
  type StackDiff,
} from "./types.ts";
import { type GeneratedTree } from "../terraform-json/tree.ts";
import { type TerraformJson } from "../terraform-json/blocks.ts";
import { canonical, isObject } from "../terraform-json/json.ts";
import { diffValues } from "./values.ts";

/** Most severe first: the order risks are listed in. */
const RISK_ORDER: readonly RiskKind[] = [
  "protected-destroy",
  "protection-removed",
  "data-loss",
  "replace",
  "drift-trap",
  "allocation-moved",
  "allocation-released",
  "rename",
  "blast-radius",
];

export interface RiskInput {
  readonly base: GeneratedTree;
  readonly head: GeneratedTree;
  readonly stacks: readonly StackDiff[];
  readonly allocations: readonly AllocationChange[];
  readonly documents: readonly DocumentChange[];
  readonly changedFiles?: readonly string[] | undefined;
}

export function findRisks(input: RiskInput): Risk[] {
  const risks: Risk[] = [];
  for (const stack of input.stacks) {
    const resolver = new Resolver(input.base.stacks[stack.name], input.head.stacks[stack.name]);
    for (const block of stack.blocks)
      if (block.mode === "resource") risks.push(...blockRisks(block, resolver));
  }
  risks.push(...driftTrapRisks(input));
  risks.push(...allocationRisks(input.allocations));
  if (input.changedFiles) risks.push(...blastRadius(input, input.changedFiles));
  const rank = (k: RiskKind) => RISK_ORDER.indexOf(k);
  return risks.sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      compareOwners(a.owner, b.owner) ||
      compare(a.stack ?? "", b.stack ?? "") ||
      compare(a.subject, b.subject) ||
      compare(a.message, b.message),
  );
}

/** Resolves instances on demand: only the few with risky changes are looked at again. */
class Resolver {
  private baseBlocks?: Map<string, Block>;
  private headBlocks?: Map<string, Block>;

  constructor(
    private readonly base: TerraformJson | undefined,
    private readonly head: TerraformJson | undefined,
  ) {}

  old(address: string, key: string | null): unknown {
    this.baseBlocks ??= this.base ? blocksOf(this.base) : new Map();
    const block = this.baseBlocks.get(address);
    return block ? resolveInstance(block, key) : undefined;
  }

  new(address: string, key: string | null): unknown {
    this.headBlocks ??= this.head ? blocksOf(this.head) : new Map();
    const block = this.headBlocks.get(address);
    return block ? resolveInstance(block, key) : undefined;
  }

  /** Attribute paths (without indices) terraform is told to ignore on the head side; ["*"] for all. */
  ignored(block: BlockDiff): string[] {
    this.headBlocks ??= this.head ? blocksOf(this.head) : new Map();
    const lifecycle = this.headBlocks.get(block.address)?.template.lifecycle;
    const list = isObject(lifecycle) ? lifecycle.ignore_changes : undefined;
    if (list === "all") return ["*"];
    return Array.isArray(list)
      ? list.filter((x): x is string => typeof x === "string").map(withoutIndices)
      : [];
  }

  /** Whether the block is marked protected on the base side, and on the head side. */
  marks(block: BlockDiff): { old: boolean; new: boolean } {
    const marked = (tf: TerraformJson | undefined) =>
      tf !== undefined && isMarkedProtected(tf as StackConfig, block.type, block.name);
    return { old: marked(this.base), new: marked(this.head) };
  }
}

function blockRisks(block: BlockDiff, resolver: Resolver): Risk[] {
  const out: Risk[] = [];
  const marks = resolver.marks(block);
  const isProtected = PROTECTED_TYPES.has(block.type) || marks.old;
  const risk = (
    kind: RiskKind,
    owner: string,
    key: string | null,
    message: string,
    isProtected: boolean,
  ): Risk => ({
    kind,
    owner,
    subject: instanceAddress(block.address, key),
    stack: block.stack,
    message,
    ...(isProtected ? { protected: true } : {}),
  });

  // With the block still there, its prevent_destroy makes terraform refuse; with the block gone,
  // nothing in terraform stops the destroy and only irvn apply's guardrail does.
  const refusal = marks.new
    ? "terraform refuses to destroy it (prevent_destroy), so the plan fails"
    : "irvn apply stops unless --allow-destroy names it";
  for (const { key, owner } of isProtected ? block.removed : []) {
    out.push(
      risk(
        "protected-destroy",
        owner,
        key,
        `removed: a protected resource would be destroyed; ${refusal}`,
        true,
      ),
    );
  }

  const ignored = block.changed.length > 0 ? resolver.ignored(block) : [];
  for (const change of block.changed) {
    // A change terraform is told to ignore (a template UUID after a refresh) replaces nothing.
    const effective = change.changes.map((c) => withoutIndices(c.path)).filter((p) => !isIgnored(p, ignored));
    const replacing = new Map<string, MatchedFact>();
    for (const path of effective) {
      const fact = attributeFact(block.type, path);
      if (fact?.update === "replace") replacing.set(fact.path, fact);
    }
    const renames = (RENAMES[block.type] ?? []).filter((rule) => touches(effective, rule.attribute));
    const losses = (DATA_LOSS[block.type] ?? []).filter((rule) => touches(effective, rule.attribute));
    const resolve = replacing.size > 0 || renames.length > 0 || losses.length > 0;
    const old = resolve ? resolver.old(block.address, change.key) : undefined;
    const next = resolve ? resolver.new(block.address, change.key) : undefined;
    for (const fact of [...replacing.values()].sort((a, b) => compare(a.path, b.path))) {
      const detail = `${fact.path} ${describe(fact.path, old, next)}: the provider cannot change it in place (${fact.cite})`;
      const kind = isProtected ? "protected-destroy" : "replace";
      out.push({
        ...risk(kind, change.owner, change.key, `forces replacement — ${detail}`, isProtected),
        replaces: true,
      });
    }
    for (const rule of losses) {
      const kept = new Set(valuesAt(next, rule.attribute));
      const lost = valuesAt(old, rule.attribute).filter((v) => !kept.has(v));
      if (lost.length === 0) continue;
      const fact = attributeFact(block.type, rule.attribute);
      const detail = `${rule.attribute} ${lost.join(", ")} disappears: ${rule.why}${fact ? ` (${fact.cite})` : ""}`;
      out.push(risk("data-loss", change.owner, change.key, detail, isProtected));
    }
    for (const rule of renames) {
      if (canonical(valuesAt(old, rule.attribute)) === canonical(valuesAt(next, rule.attribute))) continue;
      const detail = `${rule.attribute} ${describe(rule.attribute, old, next)}: ${rule.why}`;
      out.push(risk("rename", change.owner, change.key, `renamed — ${detail}`, isProtected));
    }
    if (marks.old && !marks.new) {
      out.push(
        risk(
          "protection-removed",
          change.owner,
          change.key,
          "its protection (lifecycle.prevent_destroy) is removed",
          true,
        ),
      );
    }
  }
  return out;
}

/**
 * Attributes the provider fills from vCenter that the head side leaves open and the base side did
 * not: the next apply after this change would undo what vCenter or someone else set there.
 */
function driftTrapRisks(input: RiskInput): Risk[] {
  const out: Risk[] = [];
  for (const stack of input.stacks) {
    const head = input.head.stacks[stack.name];
    if (head === undefined) continue;
    const base = input.base.stacks[stack.name];
    const before = new Set(
      base === undefined
        ? []
        : unhandledDriftTraps(stack.name, base).map((p) => `${p.address} ${p.attribute}`),
    );
    for (const p of unhandledDriftTraps(stack.name, head)) {
      if (before.has(`${p.address} ${p.attribute}`)) continue;
      out.push({
        kind: "drift-trap",
        owner: stack.owner,
        subject: p.address,
        stack: stack.name,
        message: `${p.attribute} is neither set nor ignored: ${p.why} (${p.cite})`,
      });
    }
  }
  return out;
}

const withoutIndices = (path: string) => path.replace(/\[\d+\]/g, "");

/** Whether any changed path lies on, under or above the rule's attribute. */
function touches(paths: readonly string[], attribute: string): boolean {
  return paths.some((p) => p === attribute || p.startsWith(`${attribute}.`) || attribute.startsWith(`${p}.`));
}

function isIgnored(path: string, ignored: readonly string[]): boolean {
  return ignored.some((i) => i === "*" || path === i || path.startsWith(`${i}.`));
}

/** Canonical texts of every value at a dotted path, stepping into lists of blocks on the way. */
function valuesAt(value: unknown, attribute: string): string[] {
  let current: unknown[] = [value];
  for (const segment of attribute.split(".")) {
    current = current
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (isObject(v) ? v[segment] : undefined))
      .filter((v) => v !== undefined);
  }
  return current.map(canonical);
}

function describe(attribute: string, old: unknown, next: unknown): string {
  if (isSensitivePath(attribute)) return `${MASK} changes`;
  const own = diffValues(pick(old, attribute), pick(next, attribute)).filter(
    (c) => withoutIndices(c.path) === attribute,
  );
  return own.length === 1 ? formatPair(own[0]!.old, own[0]!.new).join(" → ") : "changes";
}

function pick(value: unknown, attribute: string): unknown {
  const top = attribute.split(".")[0]!;
  return isObject(value) ? { [top]: value[top] } : undefined;
}

function allocationRisks(allocations: readonly AllocationChange[]): Risk[] {
  const out: Risk[] = [];
  for (const a of allocations) {
    const subject = `${a.section} ${a.key}`;
    if (a.status === "changed") {
      const moved = diffValues(a.old, a.new)
        .map((c) => `${c.path} ${formatPair(c.old, c.new).join(" → ")}`)
        .join(", ");
      out.push({ kind: "allocation-moved", owner: a.owner, subject, message: `allocation moved: ${moved}` });
    } else if (a.status === "removed") {
      out.push({
        kind: "allocation-released",
        owner: a.owner,
        subject,
        message: "allocation released: its addresses may be handed out again",
      });
    }
  }
  return out;
}

/** Municipalities touched although their own file did not change. */
function blastRadius(input: RiskInput, changedFiles: readonly string[]): Risk[] {
  const own = municipalitiesInFiles(changedFiles);
  const touched = new Set<string>();
  for (const s of input.stacks) {
    if (s.settings) touched.add(s.settings.owner);
    for (const b of s.blocks) for (const i of [...b.added, ...b.removed, ...b.changed]) touched.add(i.owner);
  }
  for (const a of input.allocations) touched.add(a.owner);
  for (const d of input.documents) touched.add(d.owner);
  touched.delete(CENTRAL);
  const cause =
    changedFiles.length === 0
      ? "no configuration file changed: the change comes from code or templates"
      : `changed: ${shortList(changedFiles)}`;
  return [...touched]
    .filter((t) => !own.has(t))
    .sort(compare)
    .map((t) => ({
      kind: "blast-radius" as const,
      owner: t,
      subject: t,
      message: `touched although its municipality file did not change (${cause})`,
    }));
}

function shortList(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
