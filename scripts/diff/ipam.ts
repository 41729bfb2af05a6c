// Comparing the IPAM lock (config/ipam.lock.yaml) entry by entry. The lock is a set of maps
// (`blocks`, `segments`, `nat`) keyed `<owner>/<item>`; any section of that shape is compared,
// so a new section needs no change here.
import { compare } from "../../stacks/model/index.ts";
import type { Owners } from "./owners.ts";
import { maskDeep } from "./sensitive.ts";
import { type AllocationChange, CENTRAL } from "./types.ts";
import { isObject, type JsonObject, sameValue } from "../terraform-json/json.ts";

export function compareAllocations(base: unknown, head: unknown, owners: Owners): AllocationChange[] {
  if (!isObject(base) || !isObject(head)) return [];
  const out: AllocationChange[] = [];
  for (const section of [...new Set([...sectionsOf(base), ...sectionsOf(head)])].sort(compare)) {
    const b = entries(base[section]);
    const h = entries(head[section]);
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(h)])].sort(compare)) {
      const owner = owners.ofKey(key, CENTRAL);
      const old = b[key];
      const next = h[key];
      if (old === undefined) out.push({ section, key, owner, status: "added", new: maskDeep(next) });
      else if (next === undefined) out.push({ section, key, owner, status: "removed", old: maskDeep(old) });
      else if (!sameValue(old, next))
        out.push({ section, key, owner, status: "changed", old: maskDeep(old), new: maskDeep(next) });
    }
  }
  return out;
}

function sectionsOf(lock: JsonObject): string[] {
  return Object.keys(lock).filter((k) => isObject(lock[k]));
}

function entries(section: unknown): JsonObject {
  return isObject(section) ? section : {};
}
