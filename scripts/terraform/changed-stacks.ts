// Which stacks `irvn plan --changed` plans: those whose synthesized Terraform JSON or committed
// provider lock differs from the base's, the stacks new since the base, and the stacks that find
// by name what one of those changes the identity of. Compared as data, not as text: key order and
// formatting never pick a stack.
import { compare } from "../../stacks/model/index.ts";
import { isObject, sameValue } from "../terraform-json/json.ts";
import { forcesReplacement } from "../provider/facts.ts";
import { FINDS, lookupsOf } from "./lookups.ts";
import type { Stack } from "./manifest.ts";
import type { StackConfig } from "./stack-config.ts";

/** One side of the comparison: per stack name, its Terraform JSON and its provider lock file. */
export type StackSide = ReadonlyMap<string, { readonly config: unknown; readonly lock?: string | undefined }>;

export interface PickedStack {
  readonly stack: string;
  /** Why it is planned: `new since the base`, `changed: resource.vsphere_tag.tags`, `depends on central`. */
  readonly reasons: readonly string[];
}

export interface ChangedSelection {
  /** In dependency order. */
  readonly picked: readonly PickedStack[];
  readonly unchanged: readonly string[];
  /** Stacks the base synthesized that no longer exist: their objects stay until destroyed. */
  readonly removed: readonly string[];
}

/** Paths listed per changed stack; the rest is counted. */
const LISTED = 3;

/** `stacks` in dependency order (the head's); `base` and `head` hold every stack's files. */
export function selectChanged(stacks: readonly Stack[], base: StackSide, head: StackSide): ChangedSelection {
  const reasons = new Map<string, string[]>();
  for (const stack of stacks) {
    const before = base.get(stack.name);
    const after = head.get(stack.name);
    if (after === undefined) continue;
    if (before === undefined) {
      reasons.set(stack.name, ["new since the base"]);
      continue;
    }
    const own: string[] = [];
    const paths = changedPaths(withoutMetadata(before.config), withoutMetadata(after.config));
    if (paths.length > 0) {
      const more = paths.length > LISTED ? ` and ${paths.length - LISTED} more` : "";
      own.push(`changed: ${paths.slice(0, LISTED).join(", ")}${more}`);
    }
    if (before.lock !== after.lock) own.push("provider lock file changed");
    if (own.length > 0) reasons.set(stack.name, own);
  }
  // A stack sees another only through lookups by name (and remote state): it is planned again when
  // an upstream stack (direct or not) creates, removes, renames or replaces objects of a type it
  // finds, changes its outputs while it reads them, or is new.
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const changesOf = new Map<string, Changed>();
  const changes = (name: string) => {
    if (!changesOf.has(name))
      changesOf.set(name, identityChanges(base.get(name)?.config, head.get(name)!.config));
    return changesOf.get(name)!;
  };
  const ownChanged = new Set(reasons.keys());
  for (const stack of stacks) {
    const finds = findsOf(head.get(stack.name)!.config);
    const upstream = [...ancestors(stack, byName)].filter((u) => ownChanged.has(u)).sort(compare);
    const found = upstream.flatMap((u) => {
      if (!base.has(u)) return [`${u} (new)`];
      const types = [...changes(u)]
        .filter(([type, names]) => overlaps(names, finds.get(type)))
        .map(([t]) => t);
      return types.length > 0 ? [`${u} (${types.sort(compare).join(", ")})`] : [];
    });
    if (found.length === 0) continue;
    reasons.set(stack.name, [
      ...(reasons.get(stack.name) ?? []),
      `finds what changes in ${found.join(", ")}`,
    ]);
  }
  const names = new Set(stacks.map((s) => s.name));
  return {
    picked: stacks
      .filter((s) => reasons.has(s.name))
      .map((s) => ({ stack: s.name, reasons: reasons.get(s.name)! })),
    unchanged: stacks.filter((s) => !reasons.has(s.name)).map((s) => s.name),
    removed: [...base.keys()].filter((name) => !names.has(name)).sort(compare),
  };
}

/** Outputs, read through remote state, change like a type of object does. */
const OUTPUTS = "outputs";

/** Every stack this one depends on, directly or through others. */
function ancestors(stack: Stack, byName: ReadonlyMap<string, Stack>): Set<string> {
  const out = new Set<string>();
  const visit = (s: Stack) => {
    for (const d of s.dependencies) {
      if (out.has(d)) continue;
      out.add(d);
      const dep = byName.get(d);
      if (dep !== undefined) visit(dep);
    }
  };
  visit(stack);
  return out;
}

/** Per resource type, the names (or paths) of the objects concerned; ANY when not known. */
type Changed = ReadonlyMap<string, ReadonlySet<string> | typeof ANY>;
const ANY = "any";

/** Whether a lookup of these names can find one of those objects (a path ends with a name). */
function overlaps(
  changed: ReadonlySet<string> | typeof ANY,
  found: ReadonlySet<string> | typeof ANY | undefined,
): boolean {
  if (found === undefined) return false;
  if (changed === ANY || found === ANY) return true;
  return [...found].some((f) =>
    [...changed].some((c) => f === c || f.endsWith(`/${c}`) || c.endsWith(`/${f}`)),
  );
}

/** Adds names under a type; ANY on either side stays ANY. */
function addNames(
  into: Map<string, ReadonlySet<string> | typeof ANY>,
  type: string,
  names: ReadonlySet<string> | typeof ANY,
): void {
  const known = into.get(type);
  into.set(type, names === ANY || known === ANY ? ANY : new Set([...(known ?? []), ...names]));
}

/** What a stack finds by name: per resource type its data sources find, the names they look up. */
function findsOf(config: unknown): Changed {
  const out = new Map<string, ReadonlySet<string> | typeof ANY>();
  const lookups = lookupsOf(config as StackConfig);
  if (lookups.remoteState) out.set(OUTPUTS, ANY);
  const data = isObject(config) && isObject(config.data) ? config.data : {};
  for (const [dataType, blocks] of Object.entries(data)) {
    const type = FINDS[dataType];
    if (type === undefined || !isObject(blocks)) continue;
    for (const block of Object.values(blocks)) {
      addNames(
        out,
        type,
        namesOf(block, (b) => b),
      );
    }
  }
  return out;
}

/**
 * The objects a lookup would find differently after this change ("outputs" when an output changes):
 * per instance, the name or path a lookup finds it by and each attribute whose change replaces the
 * object (a new object, a new id), after `each.key`/`each.value.*` are put in. A block that refers
 * to a block whose identity changes counts as changed whole.
 */
function identityChanges(before: unknown, after: unknown): Changed {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const out = new Map<string, ReadonlySet<string> | typeof ANY>();
  const add = (type: string, names: ReadonlySet<string> | typeof ANY) => addNames(out, type, names);
  if (!sameValue(a.output, b.output)) add(OUTPUTS, ANY);
  const ra = isObject(a.resource) ? a.resource : {};
  const rb = isObject(b.resource) ? b.resource : {};
  const addresses = (r: Record<string, unknown>) =>
    Object.entries(r).flatMap(([type, blocks]) =>
      isObject(blocks) ? Object.keys(blocks).map((n) => `${type}.${n}`) : [],
    );
  const blockOf = (r: Record<string, unknown>, address: string) => {
    const [type, name] = address.split(".") as [string, string];
    const blocks = r[type];
    return isObject(blocks) ? blocks[name] : undefined;
  };
  const all = [...new Set([...addresses(ra), ...addresses(rb)])].sort(compare);
  const changed = new Set<string>();
  for (const address of all) {
    const type = address.split(".")[0]!;
    const [before, after] = [blockOf(ra, address), blockOf(rb, address)];
    // a block added or removed whole: every instance of it is new or gone
    const [ib, ia] = [identity(type, before) ?? {}, identity(type, after) ?? {}];
    if (sameValue(ib, ia)) continue;
    changed.add(address);
    if (!isObject(ib) || !isObject(ia)) {
      add(type, ANY);
      continue;
    }
    const keys = [...new Set([...Object.keys(ib), ...Object.keys(ia)])];
    const moved = keys.filter((k) => !sameValue(ib[k], ia[k]));
    const names = [before, after].map((block) =>
      namesOf(block, (instances) => instances.filter(([k]) => moved.includes(k))),
    );
    add(type, names.includes(ANY) ? ANY : new Set(names.flatMap((n) => [...(n as Set<string>)])));
  }
  // a block that refers to a changed one (a pool under a replaced cluster) changes with it
  for (let grew = true; grew;) {
    grew = false;
    for (const address of all) {
      if (changed.has(address)) continue;
      const text = JSON.stringify(identity(address.split(".")[0]!, blockOf(rb, address)) ?? null);
      if ([...changed].some((c) => mentions(text, c))) {
        changed.add(address);
        add(address.split(".")[0]!, ANY);
        grew = true;
      }
    }
  }
  return out;
}

type Instance = readonly [key: string, value: unknown];

/** The names (or paths) of a block's instances, those `pick` keeps; ANY when one is an expression. */
function namesOf(block: unknown, pick: (instances: Instance[]) => Instance[]): Set<string> | typeof ANY {
  if (!isObject(block)) return new Set();
  const eachOf = block.for_each;
  if (eachOf !== undefined && !isObject(eachOf)) return ANY;
  const instances: Instance[] = eachOf === undefined ? [["", undefined]] : Object.entries(eachOf);
  const names = new Set<string>();
  for (const [key, value] of pick(instances)) {
    const name = resolveEach(block.path ?? block.name, key, value);
    if (typeof name !== "string" || name.includes("${")) return ANY;
    names.add(name);
  }
  return names;
}

/** Per instance key, the attributes a lookup or a replacement depends on; undefined when absent. */
function identity(type: string, block: unknown): unknown {
  if (!isObject(block)) return undefined;
  const eachOf = block.for_each;
  if (eachOf !== undefined && !isObject(eachOf)) return block; // an expression: any change counts
  const instances = eachOf === undefined ? [["", undefined] as const] : Object.entries(eachOf);
  const attributes = Object.keys(block)
    .filter((k) => NAMES.has(k) || forcesReplacement(type, k))
    .sort(compare);
  return Object.fromEntries(
    instances.map(([key, value]) => [
      key,
      Object.fromEntries(attributes.map((k) => [k, resolveEach(block[k], key, value)])),
    ]),
  );
}

const NAMES = new Set(["name", "path"]);

/** Whether an expression text refers to a resource address (`type.name`) as a whole name. */
function mentions(text: string, address: string): boolean {
  const plain = /[A-Za-z0-9_]/;
  for (let at = text.indexOf(address); at >= 0; at = text.indexOf(address, at + 1)) {
    const before = text[at - 1];
    const after = text[at + address.length];
    if ((before === undefined || !plain.test(before)) && (after === undefined || !plain.test(after)))
      return true;
  }
  return false;
}

/** `${each.value.name}` → the instance's name; other expressions keep their text, with each.* put in. */
function resolveEach(value: unknown, key: string, each: unknown): unknown {
  if (typeof value !== "string") return value;
  const whole = /^\$\{each\.value\.([A-Za-z0-9_]+)\}$/.exec(value);
  if (whole && isObject(each)) return each[whole[1]!];
  return value
    .replaceAll("each.key", JSON.stringify(key))
    .replace(/each\.value\.([A-Za-z0-9_]+)/g, (_, k: string) =>
      JSON.stringify(isObject(each) ? each[k] : null),
    );
}

/** The headline and one line per planned stack (with why), then the unchanged and removed ones. */
export function describeSelection(
  base: string,
  selection: ChangedSelection,
): { headline: string; lines: string[] } {
  const { picked, unchanged, removed } = selection;
  return {
    headline:
      `${picked.length} of ${picked.length + unchanged.length} stack(s) differ from ${base} ` +
      "or find by name what changes there",
    lines: [
      ...picked.map((p) => `${p.stack}: ${p.reasons.join("; ")}`),
      ...(unchanged.length > 0 ? [`unchanged, not planned: ${unchanged.join(", ")}`] : []),
      ...(removed.length > 0
        ? [`no longer synthesized, not planned (their objects stay until destroyed): ${removed.join(", ")}`]
        : []),
    ],
  };
}

/** cdktf's top-level `//` block records its own version and construct paths: no Terraform meaning. */
function withoutMetadata(config: unknown): unknown {
  if (!isObject(config)) return config;
  const { "//": _metadata, ...rest } = config;
  return rest;
}

/**
 * The blocks that differ, named down to the level a reviewer recognises:
 * `resource.<type>.<name>`, `data.<type>.<name>`, `terraform.backend`, `locals.<name>`.
 */
function changedPaths(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string[]) => {
    const depth = path[0] === "resource" || path[0] === "data" ? 3 : 2;
    // a block added or removed whole is named by what it holds, like one that changed
    if (a === undefined && isObject(b)) a = {};
    if (b === undefined && isObject(a)) b = {};
    if (path.length >= depth || !isObject(a) || !isObject(b)) {
      if (!sameValue(a, b)) out.push(path.map(plainKey).join("."));
      return;
    }
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compare)) {
      walk(a[key], b[key], [...path, key]);
    }
  };
  walk(before, after, []);
  return out;
}

/** Terraform names are plain; anything else is quoted so that a message shows it as it is. */
function plainKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
