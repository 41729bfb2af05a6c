// Resource blocks and their instances. A block with a for_each map is a table: one instance per
// key, whose attributes are the block's with `each.key` / `each.value.x` filled in from its
// item, and its dynamic blocks over a list it holds made into the blocks they stand for.
// Comparing those resolved attributes shows what changes in vCenter (a cluster's name, a disk's
// label), whether it came from the item or from the block.
import { compare } from "../../stacks/model/index.ts";
import { isObject, type JsonObject, withoutMetadata } from "./json.ts";

/** A Terraform JSON document as cdktf writes it (cdk.tf.json). */
export type TerraformJson = Readonly<Record<string, unknown>>;

export interface Block {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly address: string;
  /** The block's attributes without for_each and metadata. */
  readonly template: JsonObject;
  /** for_each key → item, or the single instance (key null) of a block without for_each. */
  readonly items: ReadonlyMap<string | null, unknown>;
}

/** `${local.vms}`: how a block names the local that holds its for_each table. */
const LOCAL_TABLE = /^\$\{local\.([A-Za-z0-9_-]+)\}$/;

/**
 * The stack with each for_each that names a local (the stacks write every table so) given that
 * local's value, and those locals left out: the view in which a table is part of its block, as a
 * reviewer reads it, whichever way a stack was written.
 */
export function inlineTables(tf: TerraformJson): TerraformJson {
  const locals = isObject(tf.locals) ? tf.locals : undefined;
  if (locals === undefined) return tf;
  const used = new Set<string>();
  const inline = (byType: unknown) => {
    if (!isObject(byType)) return byType;
    const types: JsonObject = {};
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) {
        types[type] = byName;
        continue;
      }
      const blocks: JsonObject = {};
      for (const [name, body] of Object.entries(byName)) {
        const local =
          isObject(body) && typeof body.for_each === "string"
            ? LOCAL_TABLE.exec(body.for_each)?.[1]
            : undefined;
        if (local === undefined || !Object.hasOwn(locals, local)) {
          blocks[name] = body;
          continue;
        }
        used.add(local);
        blocks[name] = { ...(body as JsonObject), for_each: locals[local] };
      }
      types[type] = blocks;
    }
    return types;
  };
  const out: Record<string, unknown> = { ...tf, resource: inline(tf.resource), data: inline(tf.data) };
  for (const key of ["resource", "data"]) if (out[key] === undefined) delete out[key];
  const rest = Object.fromEntries(Object.entries(locals).filter(([name]) => !used.has(name)));
  if (Object.keys(rest).length > 0) out.locals = rest;
  else delete out.locals;
  return out;
}

/** Every resource and data block of a stack, by address; for_each tables read from their locals. */
export function blocksOf(stack: TerraformJson): Map<string, Block> {
  const tf = inlineTables(stack);
  const out = new Map<string, Block>();
  for (const mode of ["resource", "data"] as const) {
    const byType = tf[mode];
    if (!isObject(byType)) continue;
    for (const type of Object.keys(byType).sort(compare)) {
      const byName = byType[type];
      if (!isObject(byName)) continue;
      for (const name of Object.keys(byName).sort(compare)) {
        const body = byName[name];
        if (!isObject(body)) continue;
        const address = `${mode === "data" ? "data." : ""}${type}.${name}`;
        const attributes = withoutMetadata(body) as JsonObject;
        const items = tableItems(attributes.for_each);
        const template = items ? omit(attributes, "for_each") : attributes;
        out.set(address, { mode, type, name, address, template, items: items ?? SINGLE });
      }
    }
  }
  return out;
}

function omit(object: JsonObject, key: string): JsonObject {
  const out = { ...object };
  delete out[key];
  return out;
}

const SINGLE: ReadonlyMap<string | null, unknown> = new Map([[null, undefined]]);

/**
 * A literal map or list of strings expands to keyed items. Anything else (no for_each, or an
 * expression we cannot evaluate) is one instance, the expression staying among its attributes.
 */
function tableItems(forEach: unknown): Map<string | null, unknown> | undefined {
  if (isObject(forEach))
    return new Map(
      Object.keys(forEach)
        .sort(compare)
        .map((k) => [k, forEach[k]]),
    );
  if (Array.isArray(forEach) && forEach.every((k) => typeof k === "string")) {
    return new Map([...new Set(forEach)].sort(compare).map((k) => [k, k]));
  }
  return undefined;
}

/** `vsphere_compute_cluster.clusters["werkplek"]`, or the block address for a single instance. */
export function instanceAddress(address: string, key: string | null): string {
  return key === null ? address : `${address}[${JSON.stringify(key)}]`;
}

/** The attributes of one instance with its for_each references resolved. */
export function resolveInstance(block: Block, key: string | null): unknown {
  if (key === null) return expandDynamic(block.template);
  return expandDynamic(substitute(block.template, key, block.items.get(key), EACH));
}

/**
 * Dynamic blocks whose for_each is (now) a literal list or map, as the nested blocks they make:
 * `disk.value.label` filled in per element. Any other stays a dynamic block.
 */
function expandDynamic(attributes: unknown): unknown {
  if (!isObject(attributes) || !isObject(attributes.dynamic)) return attributes;
  const out: JsonObject = { ...attributes };
  const left: JsonObject = {};
  for (const [name, spec] of Object.entries(attributes.dynamic)) {
    const items = isObject(spec) ? spec.for_each : undefined;
    const elements = Array.isArray(items)
      ? items.map((v, i) => [String(i), v] as const)
      : isObject(items)
        ? Object.entries(items)
        : undefined;
    if (!elements || !isObject(spec) || !isObject(spec.content) || out[name] !== undefined) {
      left[name] = spec;
      continue;
    }
    const refs = references(typeof spec.iterator === "string" ? spec.iterator : name);
    out[name] = elements.map(([k, v]) => substitute(spec.content, k, v, refs));
  }
  if (Object.keys(left).length > 0) out.dynamic = left;
  else delete out.dynamic;
  return out;
}

/** The patterns of references to an iterator's key and value: `each`, or a dynamic block's. */
function references(iterator: string) {
  const ref = String.raw`${iterator}\.(key|value)((?:\.[A-Za-z_][\w-]*)*)`;
  return {
    prefix: `${iterator}.`,
    whole: new RegExp(`^\\$\\{${ref}\\}$`),
    interpolation: new RegExp(`\\$\\{${ref}\\}`, "g"),
    bare: new RegExp(`\\b${ref}`, "g"),
  };
}
const EACH = references("each");
const TEMPLATE_EXPR = /\$\{[^}]*\}/g;

function substitute(
  value: unknown,
  key: string,
  item: unknown,
  refs: ReturnType<typeof references>,
): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, key, item, refs));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, key, item, refs);
    return out;
  }
  if (typeof value !== "string" || !value.includes(refs.prefix)) return value;
  const whole = refs.whole.exec(value);
  if (whole) {
    const v = lookup(key, item, whole[1]!, whole[2]!);
    return v === undefined ? value : v;
  }
  // `${each.value.name}-x` interpolates text; `vsphere_tag.tags[each.value.tag]` needs an HCL literal.
  return value
    .replace(refs.interpolation, (text, kind: string, path: string) => {
      const v = lookup(key, item, kind, path);
      return isScalar(v) ? String(v) : text;
    })
    .replace(TEMPLATE_EXPR, (expr) =>
      expr.replace(refs.bare, (text, kind: string, path: string) => {
        const v = lookup(key, item, kind, path);
        return isScalar(v) ? JSON.stringify(v) : text;
      }),
    );
}

function lookup(key: string, item: unknown, kind: string, path: string): unknown {
  if (kind === "key") return path === "" ? key : undefined;
  let v = item;
  for (const segment of path.split(".").slice(1)) v = isObject(v) ? v[segment] : undefined;
  return v;
}

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";
