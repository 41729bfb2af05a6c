// The shadow of a synthesized state: every stack's vSphere resources as Terraform's built-in
// `terraform_data`, so real terraform can apply and plan them offline and say what a change
// would do. Same for_each keys, same lifecycle; an attribute the provider facts mark as forcing
// replacement goes into `triggers_replace`, every other one into `input` (an in-place update).
// A dynamic block becomes an attribute whose value is the equivalent `for` expression, split the
// same way. Data sources become what they would find: the managed object of the same name in any
// stack (so a renamed cluster is still the same cluster), or an object made outside Terraform.
import { blocksOf, type Block, resolveInstance } from "../../scripts/terraform-json/blocks.ts";
import type { TerraformJson } from "../../scripts/terraform-json/blocks.ts";
import { isObject, type JsonObject } from "../../scripts/terraform-json/json.ts";
import { attributeFact, typeFacts } from "../../scripts/provider/facts.ts";
import { FINDS } from "../../scripts/terraform/lookups.ts";

/** What the shadow needs to know of the provider: how a change of an attribute path is applied. */
export interface ReplacementFacts {
  /** `replace`, `in-place`, or undefined when the facts do not know the path. */
  update(type: string, path: string): "replace" | "in-place" | "computed" | undefined;
  /** Whether the facts hold paths below this one (its parts are decided separately). */
  hasDeeper(type: string, path: string): boolean;
}

/** The provider facts of scripts/provider/, read as the shadow needs them. */
export const PROVIDER_FACTS: ReplacementFacts = {
  update: (type, path) => attributeFact(type, path)?.update,
  hasDeeper: (type, path) =>
    Object.keys(typeFacts(type)?.attributes ?? {}).some((p) => p.startsWith(`${path}.`)),
};

/** Where a shadow block came from. */
export interface ShadowOrigin {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
}

export interface Shadow {
  /** The root module, as Terraform JSON. */
  readonly json: JsonObject;
  /** Shadow resource name → the stack and resource it stands in for. */
  readonly origins: ReadonlyMap<string, ShadowOrigin>;
  /** Variables the stacks declare: terraform needs a value for each. */
  readonly variables: readonly string[];
  /** Data lookups that would find nothing: terraform would fail the plan. */
  readonly missingLookups: readonly string[];
  /**
   * What a data source of `type` finds by `identity` (a name, a pool's path): the expression of
   * the object's id in the shadow; undefined when it finds nothing.
   */
  readonly find: (type: string, identity: string) => string | undefined;
}

/**
 * Data-source types that find what a stack manages, by the resource type they match on (the same
 * table `irvn plan` uses to hold a dependent back); other data sources find objects made outside
 * Terraform.
 */
const MANAGED_BY = FINDS;

/** Block arguments that are Terraform's own, not the provider's. */
const META = new Set([
  "for_each",
  "count",
  "depends_on",
  "lifecycle",
  "provider",
  "provisioner",
  "connection",
]);

const slug = (stack: string, type: string, name: string) => `${stack.replace(/-/g, "_")}__${type}__${name}`;

/**
 * What exists in vCenter when the plan runs. Without it, every lookup finds its object: each
 * stack as if its upstream stacks had been applied, and everything made outside Terraform there.
 */
export interface Existing {
  /** Shadow addresses in the state (`terraform state list`): a lookup finds only these objects. */
  readonly managed?: ReadonlySet<string>;
  /** Whether an object made outside Terraform (a datastore, a library item) exists yet. */
  readonly external?: (type: string, identity: string) => boolean;
}

export function buildShadow(
  stacks: Readonly<Record<string, TerraformJson>>,
  facts: ReplacementFacts,
  existing: Existing = {},
): Shadow {
  const blocks = new Map<string, Map<string, Block>>();
  for (const [stack, tf] of Object.entries(stacks)) blocks.set(stack, blocksOf(tf));
  const world = new World(blocks, existing);

  const locals: JsonObject = {};
  const resources: JsonObject = {};
  const origins = new Map<string, ShadowOrigin>();
  const variables = new Set<string>();
  const imports: JsonObject[] = [];
  const moved: JsonObject[] = [];

  for (const [stack, tf] of Object.entries(stacks)) {
    const rewrite = (value: unknown) => rewriteReferences(value, stack);
    for (const name of Object.keys(isObject(tf.variable) ? tf.variable : {})) variables.add(name);
    for (const block of blocks.get(stack)!.values()) {
      const id = slug(stack, block.type, block.name);
      if (block.mode === "data") {
        locals[`data__${id}`] = world.lookups(stack, block);
        continue;
      }
      origins.set(id, { stack, type: block.type, name: block.name });
      const raw = rawBlock(tf, block);
      const body: JsonObject = {};
      if (isObject(raw.for_each)) {
        locals[`each__${id}`] = rewrite(raw.for_each);
        body.for_each = `\${local.each__${id}}`;
      } else if (raw.for_each !== undefined) body.for_each = rewrite(raw.for_each);
      const lifecycle = isObject(raw.lifecycle) ? raw.lifecycle : {};
      const ignored = Array.isArray(lifecycle.ignore_changes) ? (lifecycle.ignore_changes as string[]) : [];
      const { input, replace } = splitAttributes(
        block.type,
        withDynamicBlocks(normalizeBlocks(raw, ignored)),
        facts,
      );
      if (Object.keys(input).length > 0) body.input = rewrite(renderDynamic(input));
      if (Object.keys(replace).length > 0) body.triggers_replace = rewrite(renderDynamic(replace));
      if (Array.isArray(raw.depends_on)) {
        body.depends_on = (raw.depends_on as string[]).map((d) => shadowAddress(stack, d));
      }
      const shadowLifecycle = shadowLifecycleOf(lifecycle);
      if (shadowLifecycle) body.lifecycle = shadowLifecycle;
      resources[id] = body;
    }
    for (const i of Array.isArray(tf.import) ? (tf.import as JsonObject[]) : []) {
      imports.push({ ...i, to: shadowAddress(stack, String(i.to)) });
    }
    for (const m of Array.isArray(tf.moved) ? (tf.moved as JsonObject[]) : []) {
      moved.push({ from: shadowAddress(stack, String(m.from)), to: shadowAddress(stack, String(m.to)) });
    }
  }

  const json: JsonObject = { resource: { terraform_data: resources } };
  if (variables.size > 0) {
    json.variable = Object.fromEntries([...variables].sort().map((v) => [v, { type: "string" }]));
  }
  if (Object.keys(locals).length > 0) json.locals = locals;
  if (imports.length > 0) json.import = imports;
  if (moved.length > 0) json.moved = moved;
  return {
    json,
    origins,
    variables: [...variables].sort(),
    missingLookups: world.missing,
    find: (type, identity) => world.find(type, identity),
  };
}

/** The block as written in the stack, for_each and lifecycle included. */
function rawBlock(tf: TerraformJson, block: Block): JsonObject {
  const byType = tf[block.mode] as JsonObject;
  const body = { ...((byType[block.type] as JsonObject)[block.name] as JsonObject) };
  delete body["//"];
  return body;
}

/**
 * Terraform JSON may give a single nested block as an object (cdktf does); `ignore_changes`
 * paths index it as a list (`clone[0].template_uuid`). The shadow's dynamic `input` takes the
 * value as written, so such a block is wrapped in a list for the path to resolve.
 */
function normalizeBlocks(raw: JsonObject, ignored: readonly string[]): JsonObject {
  const out = structuredClone(raw);
  for (const path of ignored) {
    const segments = path.split(/\.|(?=\[)/);
    let holder: JsonObject | undefined = out;
    for (let i = 0; i < segments.length && holder; i++) {
      const segment = segments[i]!;
      if (segment.startsWith("[")) continue;
      const value: unknown = holder[segment];
      const indexed = segments[i + 1]?.startsWith("[") === true;
      if (indexed && isObject(value)) holder[segment] = [value];
      const next: unknown = holder[segment];
      holder = Array.isArray(next) && isObject(next[0]) ? next[0] : isObject(next) ? next : undefined;
    }
  }
  return out;
}

/** A stack's dynamic block, standing as the value of its block name until it is rendered. */
class DynamicBlock {
  constructor(
    readonly forEach: unknown,
    readonly iterator: string,
    readonly content: JsonObject,
  ) {}
}

/** The block's `dynamic` blocks as values of their block names, to be split like literal blocks. */
function withDynamicBlocks(raw: JsonObject): JsonObject {
  if (raw.dynamic === undefined) return raw;
  if (!isObject(raw.dynamic)) throw new Error("dynamic must be an object of blocks by name");
  const out: JsonObject = { ...raw };
  delete out.dynamic;
  for (const [name, spec] of Object.entries(raw.dynamic)) {
    if (!isObject(spec) || !isObject(spec.content) || spec.for_each === undefined)
      throw new Error(`dynamic block ${name} needs for_each and content`);
    if (out[name] !== undefined) throw new Error(`${name} is both a block and a dynamic block`);
    const iterator = typeof spec.iterator === "string" ? spec.iterator : name;
    out[name] = new DynamicBlock(spec.for_each, iterator, spec.content);
  }
  return out;
}

/** Every DynamicBlock in a split value as its `for` expression. */
function renderDynamic(value: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v instanceof DynamicBlock ? `\${${forExpression(v)}}` : v]),
  );
}

/**
 * `[for disk_key, disk_value in <for_each> : {…content…}]`: the list of blocks the dynamic block
 * generates, with `disk.key` / `disk.value` (the iterator) renamed to the loop's variables. An
 * attribute whose value is null is left out of its block, as a provider takes null for unset.
 */
function forExpression(d: DynamicBlock): string {
  const it = d.iterator;
  const own = new RegExp(`(?<![\\w.])${it}\\.(key|value)\\b`, "g");
  const rename = (expr: string) => expr.replace(own, `${it}_$1`);
  const source =
    typeof d.forEach === "string"
      ? hclValue(d.forEach, (e) => e)
      : `jsondecode(${hclString(JSON.stringify(d.forEach))})`;
  const block = `{for k, v in ${hclValue(d.content, rename)} : k => v if v != null}`;
  return `[for ${it}_key, ${it}_value in ${source} : ${block}]`;
}

/** A value of Terraform JSON as an HCL expression, `map` applied to each interpolated expression. */
function hclValue(value: unknown, map: (expr: string) => string): string {
  if (value instanceof DynamicBlock) throw new Error("the shadow takes no dynamic block inside another");
  if (Array.isArray(value)) return `[${value.map((v) => hclValue(v, map)).join(", ")}]`;
  if (isObject(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)} = ${hclValue(v, map)}`)
      .join(", ")}}`;
  if (typeof value !== "string") return JSON.stringify(value);
  const parts = templateParts(value);
  if (parts.length === 1 && parts[0]!.expr !== undefined) return `(${map(parts[0]!.expr)})`;
  if (parts.every((p) => p.expr === undefined)) return hclString(value);
  const pieces = parts.map((p) => (p.expr !== undefined ? `tostring(${map(p.expr)})` : hclString(p.text)));
  return `join("", [${pieces.join(", ")}])`;
}

/** A literal string in HCL: JSON quoting, template openers escaped. */
const hclString = (text: string) =>
  JSON.stringify(text)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");

/** Splits a block's provider attributes into in-place (`input`) and replacing (`replace`) parts. */
export function splitAttributes(
  type: string,
  attributes: JsonObject,
  facts: ReplacementFacts,
): { input: JsonObject; replace: JsonObject } {
  const input: JsonObject = {};
  const replace: JsonObject = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (META.has(name)) continue;
    const [i, r] = splitValue(type, name, value, facts);
    if (i !== undefined) input[name] = i;
    if (r !== undefined) replace[name] = r;
  }
  return { input, replace };
}

function splitValue(type: string, path: string, value: unknown, facts: ReplacementFacts): [unknown, unknown] {
  if (value instanceof DynamicBlock && facts.hasDeeper(type, path)) {
    const [input, replace] = splitValue(type, path, value.content, facts) as [
      JsonObject | undefined,
      JsonObject | undefined,
    ];
    const side = (content: JsonObject | undefined) =>
      content && new DynamicBlock(value.forEach, value.iterator, content);
    return [side(input), side(replace)];
  }
  const nested = isObject(value) || (Array.isArray(value) && value.every(isObject));
  if (nested && facts.hasDeeper(type, path)) {
    if (Array.isArray(value)) {
      const parts = value.map((v) => splitValue(type, path, v, facts));
      const side = (k: 0 | 1) =>
        parts.some((p) => p[k] !== undefined) ? parts.map((p) => p[k] ?? {}) : undefined;
      return [side(0), side(1)];
    }
    const input: JsonObject = {};
    const replace: JsonObject = {};
    for (const [k, v] of Object.entries(value as JsonObject)) {
      const [i, r] = splitValue(type, `${path}.${k}`, v, facts);
      if (i !== undefined) input[k] = i;
      if (r !== undefined) replace[k] = r;
    }
    const some = (o: JsonObject) => (Object.keys(o).length > 0 ? o : undefined);
    return [some(input), some(replace)];
  }
  const update = facts.update(type, path);
  if (update === undefined) throw new Error(`no provider fact for ${type}.${path}: add it to the facts file`);
  if (update === "computed")
    throw new Error(`${type}.${path} is computed by the provider but the stack sets it`);
  return update === "replace" ? [undefined, value] : [value, undefined];
}

/** prevent_destroy and create_before_destroy as they are; ignore_changes on both halves. */
function shadowLifecycleOf(lifecycle: JsonObject): JsonObject | undefined {
  const out: JsonObject = {};
  if (lifecycle.prevent_destroy !== undefined) out.prevent_destroy = lifecycle.prevent_destroy;
  if (lifecycle.create_before_destroy !== undefined)
    out.create_before_destroy = lifecycle.create_before_destroy;
  const ignored = lifecycle.ignore_changes;
  if (ignored === "all") out.ignore_changes = "all";
  else if (Array.isArray(ignored) && ignored.length > 0) {
    out.ignore_changes = (ignored as string[]).flatMap((p) => [`input.${p}`, `triggers_replace.${p}`]);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

// `vsphere_x.name["key"].attr`, `data.vsphere_x.name[expr].attr`: a reference to a block.
const REFERENCE = /(?<![\w.])(data\.)?(vsphere_[a-z0-9_]+)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\])?)\.([a-z_]+)/g;

/** Rewrites every reference inside `${…}` to the shadow's blocks and lookups. */
function rewriteReferences(value: unknown, stack: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, stack));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteReferences(v, stack)]));
  }
  if (typeof value !== "string" || !value.includes("${")) return value;
  return mapInterpolations(value, (expr) =>
    expr.replace(
      REFERENCE,
      (_text, data: string | undefined, type: string, name: string, index: string, attr: string) => {
        const id = slug(stack, type, name);
        const target = data ? `local.data__${id}${index}` : `terraform_data.${id}${index}.id`;
        return attr === "id" || attr === "moid" ? target : `"\${${target}}:${attr}"`;
      },
    ),
  );
}

/** Applies `map` to the body of every `${…}` in a template string. */
function mapInterpolations(text: string, map: (expr: string) => string): string {
  return templateParts(text)
    .map((p) => (p.expr !== undefined ? `\${${map(p.expr)}}` : p.text))
    .join("");
}

/** A template string as literal text and `${…}` expressions (braces inside are balanced). */
function templateParts(text: string): { text: string; expr?: string }[] {
  const parts: { text: string; expr?: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${", i);
    if (start < 0) break;
    if (start > i) parts.push({ text: text.slice(i, start) });
    let depth = 1;
    let j = start + 2;
    let quoted = false;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    const expr = text.slice(start + 2, j - 1);
    parts.push({ text: `\${${expr}}`, expr });
    i = j;
  }
  if (i < text.length) parts.push({ text: text.slice(i) });
  return parts;
}

/** `vsphere_folder.root_folder` in a stack → the shadow's address of it. */
function shadowAddress(stack: string, address: string): string {
  const m = /^(vsphere_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(.*)$/.exec(address);
  if (!m) throw new Error(`cannot map address ${address} of stack ${stack} to the shadow`);
  return `terraform_data.${slug(stack, m[1]!, m[2]!)}${m[3]}`;
}

/**
 * The objects of one state and what each lookup finds. Identities are what vCenter finds an
 * object by: its name, a resource pool's path under its cluster, a tag's category and name.
 */
class World {
  readonly missing: string[] = [];
  /** Managed type → identity → shadow address. */
  private readonly managed = new Map<string, Map<string, string>>();

  constructor(
    private readonly blocks: ReadonlyMap<string, ReadonlyMap<string, Block>>,
    private readonly existing: Existing,
  ) {
    for (const [stack, byAddress] of blocks) {
      for (const block of byAddress.values()) {
        if (block.mode !== "resource" || !Object.values(MANAGED_BY).includes(block.type)) continue;
        for (const key of block.items.keys()) {
          const identity = this.identity(stack, block, key);
          const index = key === null ? "" : `[${JSON.stringify(key)}]`;
          const address = `terraform_data.${slug(stack, block.type, block.name)}${index}`;
          const byIdentity = this.managed.get(block.type) ?? new Map<string, string>();
          if (byIdentity.has(identity)) throw new Error(`two ${block.type} are named ${identity}`);
          byIdentity.set(identity, address);
          this.managed.set(block.type, byIdentity);
        }
      }
    }
  }

  /** What a data source of `type` finds by `identity`, or why it finds nothing. */
  find(type: string, identity: string): string | undefined {
    return this.lookup(type, identity).found;
  }

  private lookup(type: string, identity: string): { found?: string; what?: string } {
    const managedType = MANAGED_BY[type];
    if (managedType === undefined) {
      const exists = this.existing.external?.(type, identity) ?? true;
      return exists ? { found: `external:${type}:${identity}` } : { what: `${type} made outside Terraform` };
    }
    const found = this.managed.get(managedType)?.get(identity);
    if (found === undefined) return { what: managedType };
    // planned before the stack that creates it was applied, a lookup finds nothing yet
    if (this.existing.managed && !this.existing.managed.has(found)) return { what: `${managedType} yet` };
    return { found: `\${${found}.id}` };
  }

  /** The value of a data block's local: per key, the reference or id of what it finds. */
  lookups(stack: string, block: Block): unknown {
    const find = (key: string | null) => {
      const identity = this.identity(stack, block, key);
      const { found, what } = this.lookup(block.type, identity);
      if (found !== undefined) return found;
      const index = key === null ? "" : `[${JSON.stringify(key)}]`;
      this.missing.push(`${stack}: data.${block.type}.${block.name}${index} finds no ${what} "${identity}"`);
      return `missing:${block.type}:${identity}`;
    };
    if (block.items.size === 1 && block.items.has(null)) return find(null);
    return Object.fromEntries([...block.items.keys()].map((k) => [k!, find(k)]));
  }

  private identity(stack: string, block: Block, key: string | null): string {
    const attrs = resolveInstance(block, key) as JsonObject;
    const name = String(attrs.name ?? attrs.path ?? "");
    switch (block.type) {
      case "vsphere_tag":
        return `${this.referencedIdentity(stack, attrs.category_id)}/${name}`;
      case "vsphere_resource_pool":
        // a managed pool: <cluster>/Resources/<name>; a lookup names that path
        return block.mode === "resource"
          ? `${this.referencedIdentity(stack, attrs.parent_resource_pool_id)}/Resources/${name}`
          : name;
      default:
        return name;
    }
  }

  /** The identity of the block instance a `${…}` reference of this stack points at. */
  private referencedIdentity(stack: string, reference: unknown): string {
    const m = /^\$\{(data\.)?(vsphere_[a-z0-9_]+)\.([\w-]+)(?:\[("(?:[^"\\]|\\.)*")\])?\.\w+\}$/.exec(
      String(reference),
    );
    if (!m) throw new Error(`cannot resolve the reference ${String(reference)} in stack ${stack}`);
    const block = this.blocks.get(stack)!.get(`${m[1] ?? ""}${m[2]}.${m[3]}`);
    if (!block) throw new Error(`the reference ${String(reference)} in stack ${stack} names no block`);
    return this.identity(stack, block, m[4] === undefined ? null : (JSON.parse(m[4]) as string));
  }
}
