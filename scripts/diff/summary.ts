// Headlines: per municipality, what was added, removed and changed, counted in the words a
// reviewer uses ("druten: +9 office session VMs, +17 HA overrides") rather than resource types.
import { compare } from "../../stacks/model/index.ts";
import { plural } from "./format.ts";
import { instanceAddress } from "../terraform-json/blocks.ts";
import { type Noun, nounOf } from "./nouns.ts";
import { compareOwners } from "./owners.ts";
import {
  type AllocationChange,
  type DocumentChange,
  type MunicipalitySummary,
  type Owner,
  type StackDiff,
  type Tally,
} from "./types.ts";

const STACKS: Noun = { singular: "stack", plural: "stacks" };
const SETTINGS: Noun = { singular: "stack setting", plural: "stack settings" };
const ALLOCATIONS: Noun = { singular: "allocation", plural: "allocations" };
const DOCUMENTS: Noun = { singular: "document", plural: "documents" };
/** How a change reads for nouns where "changed" undersells it. */
const CHANGED_VERB: Readonly<Record<string, string>> = { [ALLOCATIONS.plural]: "moved" };

type Counts = { noun: Noun; added: number; removed: number; changed: number; replaced: number };

export function summarize(
  owners: readonly Owner[],
  stacks: readonly StackDiff[],
  allocations: readonly AllocationChange[],
  documents: readonly DocumentChange[],
  /** `<stack> <instance address>` of the instances the change replaces. */
  replaced: ReadonlySet<string> = new Set(),
): MunicipalitySummary[] {
  const tallies = new Map<Owner, Map<string, Counts>>();
  const count = (owner: Owner, noun: Noun, field: "added" | "removed" | "changed" | "replaced") => {
    const byNoun = tallies.get(owner) ?? new Map<string, Counts>();
    tallies.set(owner, byNoun);
    const t = byNoun.get(noun.plural) ?? { noun, added: 0, removed: 0, changed: 0, replaced: 0 };
    byNoun.set(noun.plural, t);
    t[field] += 1;
  };
  for (const s of stacks) {
    if (s.status !== "changed") count(s.owner, STACKS, s.status);
    else if (s.settings) count(s.settings.owner, SETTINGS, "changed");
    for (const b of s.blocks) {
      const noun = nounOf(b);
      for (const i of b.added) count(i.owner, noun, "added");
      for (const i of b.removed) count(i.owner, noun, "removed");
      for (const i of b.changed)
        count(
          i.owner,
          noun,
          replaced.has(`${s.name} ${instanceAddress(b.address, i.key)}`) ? "replaced" : "changed",
        );
    }
  }
  for (const a of allocations) count(a.owner, ALLOCATIONS, a.status);
  for (const d of documents) count(d.owner, DOCUMENTS, d.status);

  return [...new Set([...owners, ...tallies.keys()])].sort(compareOwners).map((owner) => {
    const list: Tally[] = [...(tallies.get(owner)?.values() ?? [])]
      .sort(
        (a, b) =>
          rank(a.noun) - rank(b.noun) || compare(a.noun.plural.toLowerCase(), b.noun.plural.toLowerCase()),
      )
      .map(({ noun, ...t }) => ({ noun: noun.plural, singular: noun.singular, ...t }));
    return { owner, changed: list.length > 0, headline: headline(list), tallies: list };
  });
}

/** Whole stacks, then resources, lookups, stack settings, the IPAM lock and documents. */
function rank(noun: Noun): number {
  if (noun === STACKS) return 0;
  if (noun.lookup) return 2;
  const after = [SETTINGS, ALLOCATIONS, DOCUMENTS].indexOf(noun);
  return after < 0 ? 1 : 3 + after;
}

/** `+2 port groups, -1 folder, 1 VM replaced, 3 clusters changed`: additions, removals, replacements, changes. */
export function headline(tallies: readonly Tally[]): string {
  if (tallies.length === 0) return "no change";
  const phrase = (n: number, t: Tally) => `${n} ${n === 1 ? t.singular : t.noun}`;
  return [
    ...tallies.filter((t) => t.added > 0).map((t) => `+${phrase(t.added, t)}`),
    ...tallies.filter((t) => t.removed > 0).map((t) => `-${phrase(t.removed, t)}`),
    ...tallies.filter((t) => t.replaced > 0).map((t) => `${phrase(t.replaced, t)} replaced`),
    ...tallies
      .filter((t) => t.changed > 0)
      .map((t) =>
        t.noun === SETTINGS.plural
          ? `settings of ${plural(t.changed, "stack")} changed`
          : `${phrase(t.changed, t)} ${CHANGED_VERB[t.noun] ?? "changed"}`,
      ),
  ].join(", ");
}
