// Comparing the Terraform JSON of two sides, stack by stack: blocks by address, instances by
// for_each key, attributes by path. Unchanged items are skipped without resolving them, so a
// one-item change in an 8,000-item table costs one resolution, not 8,000.
import { compare } from "../../stacks/model/index.ts";
import { type Block, blocksOf, resolveInstance } from "../terraform-json/blocks.ts";
import type { Owners } from "./owners.ts";
import { maskChange } from "./sensitive.ts";
import type {
  AttributeChange,
  BlockDiff,
  InstanceChange,
  InstanceRef,
  SettingsDiff,
  StackDiff,
} from "./types.ts";
import type { TerraformJson } from "../terraform-json/blocks.ts";
import { diffValues } from "./values.ts";
import { isObject, sameValue, withoutMetadata } from "../terraform-json/json.ts";

const BLOCK_SECTIONS = new Set(["resource", "data", "//"]);

export function compareStacks(
  base: Readonly<Record<string, TerraformJson>>,
  head: Readonly<Record<string, TerraformJson>>,
  owners: Owners,
): StackDiff[] {
  const names = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort(compare);
  const out: StackDiff[] = [];
  for (const name of names) {
    const b = base[name];
    const h = head[name];
    const owner = owners.ofStack(name);
    const baseBlocks = b ? blocksOf(b) : new Map<string, Block>();
    const headBlocks = h ? blocksOf(h) : new Map<string, Block>();
    const addresses = [...new Set([...baseBlocks.keys(), ...headBlocks.keys()])].sort(compare);
    const blocks = addresses
      .map((a) => compareBlock(name, owner, baseBlocks.get(a), headBlocks.get(a), owners))
      .filter((d): d is BlockDiff => d !== undefined);
    const settings = compareSettings(name, owner, b ?? {}, h ?? {});
    const status = !b ? "added" : !h ? "removed" : "changed";
    if (status !== "changed" || blocks.length > 0 || settings) {
      out.push({ name, owner, status, blocks, ...(settings ? { settings } : {}) });
    }
  }
  return out;
}

function compareBlock(
  stack: string,
  stackOwner: string,
  base: Block | undefined,
  head: Block | undefined,
  owners: Owners,
): BlockDiff | undefined {
  const block = (head ?? base)!;
  const keys = [...new Set([...(base?.items.keys() ?? []), ...(head?.items.keys() ?? [])])].sort(byKey);
  const sameTemplate = base !== undefined && head !== undefined && sameValue(base.template, head.template);
  const added: InstanceRef[] = [];
  const removed: InstanceRef[] = [];
  const changed: InstanceChange[] = [];
  for (const key of keys) {
    const owner = owners.ofKey(key, stackOwner);
    const inBase = base?.items.has(key) ?? false;
    const inHead = head?.items.has(key) ?? false;
    if (!inBase) added.push({ key, owner });
    else if (!inHead) removed.push({ key, owner });
    else {
      const oldItem = base!.items.get(key);
      const newItem = head!.items.get(key);
      if (sameTemplate && sameValue(oldItem, newItem)) continue;
      const changes = instanceChanges(base!, head!, key, oldItem, newItem);
      if (changes.length > 0) changed.push({ key, owner, changes });
    }
  }
  if (added.length + removed.length + changed.length === 0) return undefined;
  const { mode, type, name, address } = block;
  return { stack, address, mode, type, name, added, removed, changed };
}

/** What changes on the real object; item fields no attribute uses are reported as `each.value.…`. */
function instanceChanges(base: Block, head: Block, key: string | null, oldItem: unknown, newItem: unknown) {
  let changes = diffValues(resolveInstance(base, key), resolveInstance(head, key));
  if (changes.length === 0) changes = diffValues(oldItem, newItem, "each.value");
  return changes.map((c) => maskChange(c));
}

function compareSettings(
  stack: string,
  owner: string,
  base: TerraformJson,
  head: TerraformJson,
): SettingsDiff | undefined {
  const settings = (tf: TerraformJson) =>
    withoutMetadata(Object.fromEntries(Object.entries(tf).filter(([k]) => !BLOCK_SECTIONS.has(k))));
  const sensitive = sensitiveSettings(base, head);
  const changes: AttributeChange[] = diffValues(settings(base), settings(head)).map((c) =>
    maskChange(c, sensitive),
  );
  return changes.length > 0 ? { stack, owner, changes } : undefined;
}

/** Paths of variable defaults and output values marked `sensitive` on either side. */
function sensitiveSettings(...sides: TerraformJson[]): string[] {
  const out = new Set<string>();
  for (const tf of sides) {
    for (const [section, field] of [
      ["variable", "default"],
      ["output", "value"],
    ] as const) {
      const entries = tf[section];
      if (!isObject(entries)) continue;
      for (const [name, body] of Object.entries(entries)) {
        if (isObject(body) && body.sensitive === true) out.add(`${section}.${name}.${field}`);
      }
    }
  }
  return [...out].sort(compare);
}

function byKey(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? -1 : b === null ? 1 : compare(a, b);
}
