// Comparing JSON values: a canonical form (sorted keys) for equality, and a structural diff
// that names each changed attribute by its path.
import { compare } from "../../stacks/model/index.ts";
import type { AttributeChange } from "./types.ts";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON text with object keys sorted, so equal values give equal strings. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort(compare);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  // Synth writes sorted keys, so equal values almost always serialize equally: native and fast.
  return JSON.stringify(a) === JSON.stringify(b) || canonical(a) === canonical(b);
}

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The attributes that differ between two values, deepest first where both sides have the same
 * shape: objects by key, lists of blocks element by element when their lengths agree. A list
 * of plain values, or one that grew or shrank, is reported whole. Linear in the size of the values.
 */
export function diffValues(old: unknown, next: unknown, path = ""): AttributeChange[] {
  if (old === next) return [];
  if (isObject(old) && isObject(next)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort(compare);
    return keys.flatMap((k) => diffValues(old[k], next[k], child(path, k)));
  }
  if (Array.isArray(old) && Array.isArray(next)) {
    if (old.length === next.length && old.some(isObject))
      return old.flatMap((v, i) => diffValues(v, next[i], `${path}[${i}]`));
    if (sameValue(old, next)) return [];
  }
  return [{ path, ...(old === undefined ? {} : { old }), ...(next === undefined ? {} : { new: next }) }];
}

/** Drops cdktf's `"//"` metadata at every depth: it records construct paths, not configuration. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (k !== "//") out[k] = withoutMetadata(v);
  return out;
}
