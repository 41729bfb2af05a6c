// Short, single-line renderings of values and counts shared by the risk messages and the
// Markdown report.
import { MASK } from "./sensitive.ts";

const MAX_VALUE = 80;
/** Characters kept either side of where two long values start to differ. */
const CONTEXT = 24;

/** A value as JSON on one line, cut to a readable length; `(unset)` when absent. */
export function formatValue(value: unknown): string {
  return clip(json(value));
}

/**
 * Old and new value side by side. Long values are shown around where they differ, so a
 * one-word change in a long description is visible instead of cut off.
 */
export function formatPair(old: unknown, next: unknown): [string, string] {
  const a = json(old);
  const b = json(next);
  if (a.length <= MAX_VALUE && b.length <= MAX_VALUE) return [a, b];
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

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
