// Short, single-line renderings of values and counts shared by the risk messages and the
// Markdown report.
import { MASK } from "./sensitive.ts";

const MAX_VALUE = 80;
/** Characters kept either side of where two long values start to differ. */
const CONTEXT = 24;

/** A value as JSON on one line, cut to a readable length; `(unset)` when absent. */
export function formatValue(value: unknown): string {
  const text = json(value);
  return Array.isArray(value) && text.length > MAX_VALUE ? listFrom(value, 0) : clip(text);
}

/**
 * Old and new value side by side. Long values are shown around where they differ, so a
 * one-word change in a long description is visible instead of cut off.
 */
export function formatPair(old: unknown, next: unknown): [string, string] {
  const a = json(old);
  const b = json(next);
  if (a.length <= MAX_VALUE && b.length <= MAX_VALUE) return [a, b];
  if (Array.isArray(old) && Array.isArray(next)) {
    // lists (of VM ids, of hosts) are cut between items, after the items both start with
    let same = 0;
    while (same < old.length && same < next.length && json(old[same]) === json(next[same])) same += 1;
    return [listFrom(old, same), listFrom(next, same)];
  }
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const start = Math.max(0, prefix - CONTEXT);
  const window = (text: string) => {
    const end = Math.min(text.length, text.length - suffix + CONTEXT);
    return clip(`${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`);
  };
  return [window(a), window(b)];
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function json(value: unknown): string {
  if (value === undefined) return "(unset)";
  if (value === MASK) return MASK;
  return JSON.stringify(value) ?? String(value);
}

/** A list from item `from` on, as many whole items as fit, the ones before and after counted. */
function listFrom(items: readonly unknown[], from: number): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items.slice(from)) {
    const text = json(item);
    if (shown.length > 0 && length + text.length > MAX_VALUE) break;
    shown.push(clip(text));
    length += text.length + 2;
  }
  const rest = items.length - from - shown.length;
  return `[${[
    ...(from > 0 ? [`… ${from} the same`] : []),
    ...shown,
    ...(rest > 0 ? [`… ${rest} more`] : []),
  ].join(", ")}]`;
}

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
