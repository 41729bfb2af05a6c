// A structural diff of two JSON values that names each changed attribute by its path.
import { compare } from "../../stacks/model/index.ts";
import { isObject, sameValue } from "../terraform-json/json.ts";
import type { AttributeChange } from "./types.ts";

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
