// Headlines: per municipality, what was added, removed and changed, counted in the nouns the
// stacks use (`session_hosts` → "session hosts"), so a reviewer reads "druten: +12 session
// hosts" instead of resource types.
import { compare } from "../../stacks/model/problems.ts";
import { plural } from "./format.ts";
import {
  type AllocationChange,
  type BlockDiff,
  CENTRAL,
  type DocumentChange,
  type MunicipalitySummary,
  type Owner,
  type StackDiff,
  type Tally,
} from "./types.ts";

const STACKS = "stacks";
const SETTINGS = "stack settings";
const ALLOCATIONS = "allocations";
const DOCUMENTS = "documents";
/** How a change reads for nouns where "changed" undersells it. */
const CHANGED_VERB: Readonly<Record<string, string>> = { [ALLOCATIONS]: "moved" };

export function summarize(
  owners: readonly Owner[],
  stacks: readonly StackDiff[],
  allocations: readonly AllocationChange[],
  documents: readonly DocumentChange[],
): MunicipalitySummary[] {
  const tallies = new Map<Owner, Map<string, { added: number; removed: number; changed: number }>>();
  const count = (owner: Owner, noun: string, field: "added" | "removed" | "changed", n = 1) => {
    if (n === 0) return;
    const byNoun = tallies.get(owner) ?? new Map();
    tallies.set(owner, byNoun);
    const t = byNoun.get(noun) ?? { added: 0, removed: 0, changed: 0 };
    byNoun.set(noun, t);
    t[field] += n;
  };
  for (const s of stacks) {
    if (s.status !== "changed") count(s.owner, STACKS, s.status);
    else if (s.settings) count(s.settings.owner, SETTINGS, "changed");
    for (const b of s.blocks) {
      const noun = nounOf(b);
      for (const i of b.added) count(i.owner, noun, "added");
      for (const i of b.removed) count(i.owner, noun, "removed");
      for (const i of b.changed) count(i.owner, noun, "changed");
    }
  }
  for (const a of allocations) count(a.owner, ALLOCATIONS, a.status);
  for (const d of documents) count(d.owner, DOCUMENTS, d.status);

  return orderOwners([...new Set([...owners, ...tallies.keys()])]).map((owner) => {
    const list: Tally[] = [...(tallies.get(owner) ?? new Map()).entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || compare(a, b))
      .map(([noun, t]) => ({ noun, ...t }));
    return { owner, changed: list.length > 0, headline: headline(list), tallies: list };
  });
}

/** Whole stacks first, then what is in them, then stack settings, the IPAM lock and documents. */
const rank = (noun: string) => (noun === STACKS ? -1 : [SETTINGS, ALLOCATIONS, DOCUMENTS].indexOf(noun) + 1);

/** Tenants alphabetically, central last. */
function orderOwners(owners: readonly Owner[]): Owner[] {
  return [...new Set(owners)].sort((a, b) => Number(a === CENTRAL) - Number(b === CENTRAL) || compare(a, b));
}

/** `+2 port groups, -1 tenant folder, 3 clusters changed`: additions, removals, then changes. */
export function headline(tallies: readonly Tally[]): string {
  if (tallies.length === 0) return "no change";
  const phrase = (n: number, noun: string) => (n === 1 ? singular(noun) : noun);
  const parts = [
    ...tallies.filter((t) => t.added > 0).map((t) => `+${t.added} ${phrase(t.added, t.noun)}`),
    ...tallies.filter((t) => t.removed > 0).map((t) => `-${t.removed} ${phrase(t.removed, t.noun)}`),
    ...tallies
      .filter((t) => t.changed > 0)
      .map((t) =>
        t.noun === SETTINGS
          ? `settings of ${plural(t.changed, "stack")} changed`
          : `${t.changed} ${phrase(t.changed, t.noun)} ${CHANGED_VERB[t.noun] ?? "changed"}`,
      ),
  ];
  return parts.join(", ");
}

/** The plural noun a block's instances are counted in. */
export function nounOf(block: Pick<BlockDiff, "mode" | "name">): string {
  const words = block.name.replace(/[_-]+/g, " ").trim();
  return block.mode === "data" ? `${singular(pluralize(words))} lookups` : pluralize(words);
}

function pluralize(words: string): string {
  if (/s$/.test(words)) return words;
  if (/[^aeiou]y$/.test(words)) return `${words.slice(0, -1)}ies`;
  return `${words}s`;
}

export function singular(noun: string): string {
  if (/ies$/.test(noun)) return `${noun.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(noun)) return noun;
  if (/s$/.test(noun)) return noun.slice(0, -1);
  return noun;
}
