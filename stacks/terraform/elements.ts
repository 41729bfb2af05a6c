// Terraform JSON written by the stacks themselves: an app of stacks, each with a backend, a
// provider, variables, outputs, resources and data sources. cdktf (archived in December 2025) did
// this through its token system, which resolved every value of every table three times and took
// most of synth's time, besides a tenth of a second to load; here every value is plain data when
// it is set, and references are strings built from the blocks (constructs/references.ts).
// The files are laid out as cdktf 0.21 wrote them (its manifest, the `//` metadata, the key
// order), byte for byte: test/synth-digest.test.ts holds them to the output recorded with cdktf.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { stableJson } from "./stable-json.ts";

/**
 * The format written: cdktf 0.21's manifest and stack metadata, which the cdktf CLI still reads
 * (cdktf.json) and `irvn plan`, the diff and the walk read through scripts/terraform-json/.
 */
const FORMAT_VERSION = "0.21.0";

/** A Terraform expression in a string: `${…}` interpolations and literals alike. */
export type Expression = string;

type Data = { [key: string]: unknown };

/** camelCase (as the provider bindings name attributes) to Terraform's snake_case. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Keys to snake_case all the way down, but for the map attributes named, whose keys are data. */
function attributes(config: Data, maps: ReadonlySet<string>): Data {
  const out: Data = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    out[snakeCase(key)] = maps.has(key) ? value : nested(value);
  }
  return out;
}

function nested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nested);
  if (value !== null && typeof value === "object") return attributes(value as Data, NO_MAPS);
  return value;
}

const NO_MAPS: ReadonlySet<string> = new Set();

/**
 * Merges `source` into `target`: objects key by key, arrays appended, `undefined` deleting the
 * key. Both the fragments of a stack and a block's overrides merge this way.
 */
function merge(target: Data, source: Data): Data {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) {
      delete target[key];
    } else if (Array.isArray(value)) {
      const before = target[key];
      target[key] = Array.isArray(before) ? [...(before as unknown[]), ...value] : value;
    } else if (value !== null && typeof value === "object") {
      const before = target[key];
      if (before === null || typeof before !== "object" || Array.isArray(before)) target[key] = {};
      merge(target[key] as Data, value as Data);
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** Sets `value` at a dotted path (`dynamic.disk`) of `overrides`. */
function setAt(overrides: Data, path: string, value: unknown): void {
  const parts = path.split(".");
  const last = parts.pop()!;
  let at = overrides;
  for (const part of parts) {
    const next = at[part];
    if (next === null || typeof next !== "object" || Array.isArray(next)) at[part] = {};
    at = at[part] as Data;
  }
  at[last] = value;
}

/** What a `for_each` table is written as: a reference to the local holding it, or the table itself. */
type TableRef = (table: TerraformIterator, blockId: string) => unknown;

/** A stack's part of the output: its Terraform JSON and what it adds to the stack's `//` metadata. */
interface Element {
  fragment(tableRef: TableRef): Data;
  metadata(): Data;
}

/** A `for_each` map: keys are instance keys, values what `each.value` holds. */
export class TerraformIterator {
  private constructor(readonly table: Readonly<Record<string, unknown>>) {}

  static fromMap(table: Readonly<Record<string, unknown>>): TerraformIterator {
    return new TerraformIterator(table);
  }

  /** `each.value.<key>` as an interpolation, for an attribute of any type. */
  getString(key: string): Expression {
    return `\${each.value.${key}}`;
  }

  getNumber(key: string): Expression {
    return this.getString(key);
  }
}

interface Lifecycle {
  readonly preventDestroy?: boolean;
  readonly createBeforeDestroy?: boolean;
  readonly ignoreChanges?: readonly string[];
}

/** The meta-arguments every resource and data source may take. */
export interface MetaArguments {
  readonly forEach?: TerraformIterator;
  readonly dependsOn?: readonly TerraformBlock[];
  readonly lifecycle?: Lifecycle;
}

/** What a block is given: its attributes in camelCase and its meta-arguments. */
export type BlockConfig = Data & MetaArguments;

/** A resource or data source: `<type>.<id>`, or `data.<type>.<id>`. */
export abstract class TerraformBlock implements Element {
  /** Set with addOverride, in order: `[path, value]`. */
  readonly overrides: [string, unknown][] = [];

  protected constructor(
    readonly stack: TerraformStack,
    private readonly kind: "resource" | "data",
    readonly terraformResourceType: string,
    readonly friendlyUniqueId: string,
    /** As given (camelCase), for the test that holds our names to the bindings'. */
    readonly config: BlockConfig,
    private readonly maps: ReadonlySet<string>,
  ) {
    stack.add(this, friendlyUniqueId);
  }

  /** How expressions name this block. */
  get fqn(): string {
    return `${this.kind === "data" ? "data." : ""}${this.terraformResourceType}.${this.friendlyUniqueId}`;
  }

  /** An attribute of this block (without `for_each`), as an interpolation. */
  attribute(name: string): Expression {
    return `\${${this.fqn}.${name}}`;
  }

  get id(): Expression {
    return this.attribute("id");
  }

  /** Sets what the typed attributes cannot say (dynamic blocks, attributes from a table). */
  addOverride(path: string, value: unknown): void {
    this.overrides.push([path, value]);
  }

  fragment(tableRef: TableRef): Data {
    const overrides: Data = {};
    for (const [path, value] of this.overrides) setAt(overrides, path, value);
    const { forEach, dependsOn, lifecycle, ...rest } = this.config;
    const body = merge(
      {
        ...attributes(rest, this.maps),
        ...(dependsOn ? { depends_on: dependsOn.map((b) => b.fqn) } : {}),
        ...(lifecycle ? { lifecycle: attributes({ ...lifecycle }, NO_MAPS) } : {}),
        ...(forEach ? { for_each: tableRef(forEach, this.friendlyUniqueId) } : {}),
      },
      overrides,
    );
    body["//"] = {
      metadata: { path: `${this.stack.name}/${this.friendlyUniqueId}`, uniqueId: this.friendlyUniqueId },
    };
    return { [this.kind]: { [this.terraformResourceType]: { [this.friendlyUniqueId]: body } } };
  }

  metadata(): Data {
    const keys = [...new Set(this.overrides.map(([path]) => path.split(".")[0]!))];
    return keys.length > 0 ? { overrides: { [this.terraformResourceType]: keys } } : {};
  }
}

export abstract class TerraformResource extends TerraformBlock {
  protected constructor(
    stack: TerraformStack,
    type: string,
    id: string,
    config: BlockConfig,
    maps: ReadonlySet<string> = NO_MAPS,
  ) {
    super(stack, "resource", type, id, config, maps);
  }
}

export abstract class TerraformDataSource extends TerraformBlock {
  protected constructor(stack: TerraformStack, type: string, id: string, config: BlockConfig) {
    super(stack, "data", type, id, config, NO_MAPS);
  }
}

export class TerraformVariable implements Element {
  constructor(
    stack: TerraformStack,
    private readonly id: string,
    private readonly config: {
      readonly type: string;
      readonly sensitive?: boolean;
      readonly description?: string;
    },
  ) {
    stack.add(this, id);
  }

  get stringValue(): Expression {
    return `\${var.${this.id}}`;
  }

  fragment(): Data {
    return { variable: { [this.id]: { ...this.config } } };
  }

  metadata(): Data {
    return {};
  }
}

export class TerraformOutput implements Element {
  constructor(
    private readonly stack: TerraformStack,
    private readonly id: string,
    private readonly config: { readonly description?: string; readonly value: unknown },
  ) {
    stack.add(this, id);
  }

  fragment(): Data {
    return { output: { [this.id]: { ...this.config } } };
  }

  metadata(): Data {
    return {};
  }

  /** The stack's `//` outputs entry: `{ <stack>: { <id>: <id> } }`. */
  outputEntry(): Data {
    return { [this.stack.name]: { [this.id]: this.id } };
  }
}

/** A provider: its source and version pinned under `terraform.required_providers`. */
export class TerraformProvider implements Element {
  constructor(
    stack: TerraformStack,
    private readonly name: string,
    private readonly requirement: { readonly source: string; readonly version: string },
    private readonly config: Data,
  ) {
    stack.add(this, name);
  }

  fragment(): Data {
    return {
      terraform: { required_providers: { [this.name]: { ...this.requirement } } },
      provider: { [this.name]: [attributes(this.config, NO_MAPS)] },
    };
  }

  metadata(): Data {
    return {};
  }
}

/** Where a stack keeps its state: `terraform.backend.<type>` with these settings (snake_case already). */
export class TerraformBackend implements Element {
  constructor(
    stack: TerraformStack,
    private readonly type: string,
    private readonly settings: Data,
  ) {
    stack.add(this, "backend");
  }

  fragment(): Data {
    return { terraform: { backend: { [this.type]: { ...this.settings } } } };
  }

  metadata(): Data {
    return { backend: this.type };
  }
}

export class TerraformStack {
  private readonly elements: Element[] = [];
  private readonly ids = new Set<string>();
  private readonly overrides: Data = {};
  readonly dependencies: TerraformStack[] = [];

  constructor(
    app: App,
    readonly name: string,
  ) {
    app.add(this);
  }

  /** The resources and data sources, in the order they were added. */
  blocks(): TerraformBlock[] {
    return this.elements.filter((e): e is TerraformBlock => e instanceof TerraformBlock);
  }

  /** Registers an element under an id that no other element of the stack has. */
  add(element: Element, id: string): void {
    if (this.ids.has(id)) throw new Error(`stack ${this.name} already holds an element named ${id}`);
    this.ids.add(id);
    this.elements.push(element);
  }

  addDependency(stack: TerraformStack): void {
    if (!this.dependencies.includes(stack)) this.dependencies.push(stack);
  }

  /** Sets a top-level part of the stack's JSON that no element writes (import blocks). */
  addOverride(path: string, value: unknown): void {
    setAt(this.overrides, path, value);
  }

  toTerraform(): Data {
    const metadata: Data = { version: FORMAT_VERSION, stackName: this.name, backend: "local" };
    const overridden = Object.keys(this.overrides);
    if (overridden.length > 0) metadata.overrides = { stack: overridden };
    const outputs: Data = {};
    for (const element of this.elements) {
      merge(metadata, element.metadata());
      if (element instanceof TerraformOutput) merge(outputs, element.outputEntry());
    }
    const tf: Data = { "//": { metadata, outputs } };
    const locals: Data = {};
    const names = new Map<TerraformIterator, string>();
    // each table is a local, named after the first block that iterates over it: terraform's plan
    // time grows with the square of a for_each map written inline in the block (each instance
    // evaluates the literal again: 1,000 instances 82 s, against 4.5 s from a local, terraform 1.11)
    const tableRef: TableRef = (table, blockId) => {
      let name = names.get(table);
      if (name === undefined) {
        name = blockId;
        names.set(table, name);
        locals[name] = table.table;
      }
      return `\${local.${name}}`;
    };
    for (const element of this.elements) merge(tf, element.fragment(tableRef));
    if (names.size > 0) tf.locals = locals;
    return merge(tf, this.overrides);
  }
}

export class App {
  readonly stacks: TerraformStack[] = [];

  constructor(private readonly options: { readonly outdir: string }) {}

  add(stack: TerraformStack): void {
    if (this.stacks.some((s) => s.name === stack.name)) throw new Error(`two stacks named ${stack.name}`);
    this.stacks.push(stack);
  }

  /**
   * Writes `stacks/<name>/cdk.tf.json` per stack and `manifest.json`, as cdktf laid them out;
   * returns each stack's Terraform JSON as written, by name.
   */
  synth(): Map<string, Data> {
    const { outdir } = this.options;
    const manifest: Data = {};
    const written = new Map<string, Data>();
    for (const stack of this.stacks) {
      const workingDirectory = posix.join("stacks", stack.name);
      mkdirSync(join(outdir, workingDirectory), { recursive: true });
      const synthesizedStackPath = posix.join(workingDirectory, "cdk.tf.json");
      const tf = stack.toTerraform();
      writeFileSync(join(outdir, synthesizedStackPath), stableJson(tf));
      written.set(stack.name, tf);
      manifest[stack.name] = {
        name: stack.name,
        constructPath: stack.name,
        workingDirectory,
        synthesizedStackPath,
        stackMetadataPath: posix.join(workingDirectory, "metadata.json"),
        annotations: [],
        dependencies: stack.dependencies.map((d) => d.name),
      };
    }
    mkdirSync(join(outdir, "stacks"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), stableJson({ version: FORMAT_VERSION, stacks: manifest }));
    return written;
  }
}
