// What the vSphere provider does with each attribute we use, read from its source and checked in
// as data with a citation per fact (vsphere-2.15.0.facts.json), and the queries the tool asks it:
// does a change force replacement, which attributes are drift traps, which are sensitive.
import { compare } from "../../stacks/model/index.ts";
import raw from "./vsphere-2.15.0.facts.json" with { type: "json" };

export type Update = "in-place" | "replace" | "computed";

export interface AttributeFact {
  /** What a change does: updated in place, destroys and recreates the object, or read-only. */
  readonly update: Update;
  /** `<path in the provider repository>:<line>` of the line that decides it. */
  readonly cite: string;
  /** Why leaving the attribute unset makes a plan undo what vCenter or someone else did. */
  readonly trap?: string;
  /** Another attribute of the block that, set to true, closes the trap (the provider then leaves it alone). */
  readonly handledBy?: string;
  readonly sensitive?: true;
  /** Kept in clear in the state (where that matters: credentials). */
  readonly stateInClear?: true;
  /** A change the provider rejects at plan time. */
  readonly refuses?: string;
  readonly note?: string;
}

export interface TypeFacts {
  readonly kind: "resource" | "data";
  /** By attribute path: Terraform JSON names, dots between nesting levels, no list indices. */
  readonly attributes: Readonly<Record<string, AttributeFact>>;
}

export interface ProviderFacts {
  readonly provider: string;
  readonly version: string;
  readonly source: string;
  /** By type: `vsphere_folder` for a resource, `data.vsphere_folder` for a data source. */
  readonly types: Readonly<Record<string, TypeFacts>>;
}

/** A fact with the path it is recorded under (the given path or the nearest one above it). */
export interface MatchedFact extends AttributeFact {
  readonly path: string;
}

const UPDATES: readonly string[] = ["in-place", "replace", "computed"];
const CITE = /^vsphere\/[\w./-]+\.go:[1-9]\d*$/;
const TEXTS = ["trap", "handledBy", "refuses", "note"] as const;
const FLAGS = ["sensitive", "stateInClear"] as const;
const KNOWN = new Set<string>(["update", "cite", ...TEXTS, ...FLAGS]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks the shape of a facts document; one error listing every problem when it is malformed. */
export function parseFacts(data: unknown, source: string): ProviderFacts {
  const problems: string[] = [];
  const text = (v: unknown) => typeof v === "string" && v !== "";
  if (!isRecord(data)) problems.push("the document must be an object");
  else {
    for (const key of ["provider", "version", "source"])
      if (!text(data[key])) problems.push(`${key} must be a non-empty string`);
    if (!isRecord(data.types)) problems.push("types must be an object");
    else
      for (const [type, facts] of Object.entries(data.types)) {
        const at = `types.${type}`;
        if (!isRecord(facts)) {
          problems.push(`${at} must be an object`);
          continue;
        }
        const kind = type.startsWith("data.") ? "data" : "resource";
        if (facts.kind !== kind) problems.push(`${at}.kind must be "${kind}"`);
        if (!isRecord(facts.attributes)) {
          problems.push(`${at}.attributes must be an object`);
          continue;
        }
        for (const [path, fact] of Object.entries(facts.attributes)) {
          const here = `${at}.attributes["${path}"]`;
          if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(path)) problems.push(`${here}: not an attribute path`);
          if (!isRecord(fact)) {
            problems.push(`${here} must be an object`);
            continue;
          }
          if (!UPDATES.includes(fact.update as string))
            problems.push(`${here}.update must be one of ${UPDATES.join(", ")}`);
          if (typeof fact.cite !== "string" || !CITE.test(fact.cite))
            problems.push(`${here}.cite must be vsphere/<file>.go:<line>`);
          for (const key of TEXTS)
            if (key in fact && !text(fact[key])) problems.push(`${here}.${key} must be a non-empty string`);
          for (const key of FLAGS)
            if (key in fact && fact[key] !== true) problems.push(`${here}.${key} must be true when present`);
          for (const key of Object.keys(fact))
            if (!KNOWN.has(key)) problems.push(`${here}: unknown key ${key}`);
        }
      }
  }
  if (problems.length > 0)
    throw new Error(`${source}: malformed provider facts (${problems.length}):\n  ${problems.join("\n  ")}`);
  return data as unknown as ProviderFacts;
}

export const FACTS: ProviderFacts = parseFacts(raw, "scripts/provider/vsphere-2.15.0.facts.json");

export function typeFacts(type: string): TypeFacts | undefined {
  return Object.hasOwn(FACTS.types, type) ? FACTS.types[type] : undefined;
}

/** The fact of an attribute path (without list indices), or of the nearest path above it. */
export function attributeFact(type: string, path: string): MatchedFact | undefined {
  const attributes = typeFacts(type)?.attributes;
  if (!attributes) return undefined;
  for (let p = path; p !== ""; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    if (Object.hasOwn(attributes, p)) return { ...attributes[p]!, path: p };
  }
  return undefined;
}

export function forcesReplacement(type: string, path: string): boolean {
  return attributeFact(type, path)?.update === "replace";
}

export function isSensitive(type: string, path: string): boolean {
  return attributeFact(type, path)?.sensitive === true;
}

/** The attributes of a type that are drift traps, by path. */
export function driftTraps(type: string): (MatchedFact & { readonly trap: string })[] {
  return Object.entries(typeFacts(type)?.attributes ?? {})
    .filter((e): e is [string, AttributeFact & { trap: string }] => e[1].trap !== undefined)
    .map(([path, fact]) => ({ ...fact, path }))
    .sort((a, b) => compare(a.path, b.path));
}
