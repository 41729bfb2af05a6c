// One generated tree to compare against: the central and Druten network stacks as synth wrote
// them, a hand-written Druten workplace stack (VM tables with clone blocks and disks, and a
// secret where a careless generator could put one), a slice of the IPAM lock, two documents.
// Tests change a copy and compare it with the original.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { JsonObject } from "../../scripts/terraform-json/json.ts";

const DIR = join(import.meta.dirname, "fixtures", "base");

export const TENANTS = [
  "berg-en-dal",
  "beuningen",
  "druten",
  "heumen",
  "mook-en-middelaar",
  "nijmegen",
  "wijchen",
];

/** Secrets planted in the fixture: none may ever appear in a report. */
export const PLANTED_SECRETS = ["Fixture-Geheim-1", "Fixture-Token-1"];

export interface MutableTree {
  stacks: Record<string, JsonObject>;
  documents: Record<string, string>;
  ipamLock?: JsonObject;
  tenants: string[];
  tenantNames: Record<string, string>;
}

export function baseTree(): MutableTree {
  const stacks: Record<string, JsonObject> = {};
  for (const file of readdirSync(join(DIR, "stacks")).sort()) {
    stacks[file.replace(/\.tf\.json$/, "")] = JSON.parse(
      readFileSync(join(DIR, "stacks", file), "utf8"),
    ) as JsonObject;
  }
  const documents: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else documents[relative(DIR, path)] = readFileSync(path, "utf8");
    }
  };
  walk(join(DIR, "docs"));
  const ipamLock = JSON.parse(readFileSync(join(DIR, "ipam.lock.json"), "utf8")) as JsonObject;
  // ids as names: the reviews below read as they did before names came in (markdown.test.ts names them)
  return { stacks, documents, ipamLock, tenants: [...TENANTS], tenantNames: {} };
}

/** A copy of the base tree with one change applied. */
export function changed(edit: (tree: MutableTree) => void): MutableTree {
  const tree = baseTree();
  edit(tree);
  return tree;
}

/** A resource (or, with mode "data", a data) block of a stack, to edit in place. */
export function block(
  tree: MutableTree,
  stack: string,
  type: string,
  name: string,
  mode: "resource" | "data" = "resource",
): JsonObject {
  const section = tree.stacks[stack]![mode] as Record<string, Record<string, JsonObject>>;
  return section[type]![name]!;
}

/** The for_each items of a table block. */
export function items(b: JsonObject): Record<string, JsonObject> {
  return b.for_each as Record<string, JsonObject>;
}
