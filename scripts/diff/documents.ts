// Comparing rendered documents by path. The report says which changed and by how many lines,
// never what they say: content stays in the generated files (and out of MR comments).
import { compare } from "../../stacks/model/index.ts";
import type { Owners } from "./owners.ts";
import type { DocumentChange } from "./types.ts";

export function compareDocuments(
  base: Readonly<Record<string, string>>,
  head: Readonly<Record<string, string>>,
  owners: Owners,
): DocumentChange[] {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort(compare);
  const out: DocumentChange[] = [];
  for (const path of paths) {
    const old = base[path];
    const next = head[path];
    if (old === next) continue;
    const before = linesOf(old);
    const after = linesOf(next);
    const { added, removed } = lineDelta(before, after);
    out.push({
      path,
      owner: owners.ofDocument(path),
      status: old === undefined ? "added" : next === undefined ? "removed" : "changed",
      linesBefore: before.length,
      linesAfter: after.length,
      linesAdded: added,
      linesRemoved: removed,
    });
  }
  return out;
}

export function linesOf(text: string | undefined): string[] {
  if (text === undefined || text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

/** Lines only in one side, counted as multisets: linear, and close to a line diff for tables and lists. */
export function lineDelta(
  before: readonly string[],
  after: readonly string[],
): { added: number; removed: number } {
  const counts = new Map<string, number>();
  for (const line of before) counts.set(line, (counts.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of after) {
    const n = counts.get(line) ?? 0;
    if (n > 0) counts.set(line, n - 1);
    else added += 1;
  }
  let removed = 0;
  for (const n of counts.values()) removed += n;
  return { added, removed };
}
