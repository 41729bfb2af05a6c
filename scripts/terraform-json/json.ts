// Plain JSON values as Terraform JSON holds them: objects, a canonical form (sorted keys) for
// equality, and cdktf's "//" metadata left out. Shared by the diff, synth, migration and plan --changed.
import { compare } from "../../stacks/model/index.ts";

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

/** Drops cdktf's `"//"` metadata at every depth: it records construct paths, not configuration. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (k !== "//") out[k] = withoutMetadata(v);
  return out;
}
