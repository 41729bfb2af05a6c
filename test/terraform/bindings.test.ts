// The stacks write each attribute under its snake_case name (stacks/terraform/elements.ts); the
// provider bindings (@cdktf/provider-vsphere 11.2.1, generated from vmware/vsphere 2.15.0's
// schema) map every attribute by its schema name. Here every resource and data source of every
// stack, before the first wave, after each wave and at the target, is built again with its
// binding class and synthesized by cdktf 0.21 (devDependencies, kept for this and for the
// types): each block's Terraform JSON must be the same as ours.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { steps } from "../../scripts/migration/walk.ts";
import { buildApp } from "../../stacks/app.ts";
import { loadModel, type PointInTime } from "../../stacks/model/index.ts";
import type { TerraformBlock } from "../../stacks/terraform/elements.ts";
import * as vsphere from "../../stacks/terraform/vsphere.ts";
import { ROOT } from "../helpers/cli.ts";

const require = createRequire(import.meta.url);
const cdktf = require("cdktf") as typeof import("cdktf");
const bindings = require("@cdktf/provider-vsphere") as Record<string, Record<string, unknown>>;

type BindingClass = new (scope: unknown, id: string, config: object) => import("cdktf").TerraformElement;

/** Our block classes by constructor, to the binding class of the same name. */
const bindingOf = new Map<unknown, BindingClass>();
for (const [name, ours] of Object.entries(vsphere)) {
  if (typeof ours !== "function" || name === "VsphereProvider") continue;
  const namespace = bindings[name.charAt(0).toLowerCase() + name.slice(1)];
  const binding = namespace?.[name];
  if (typeof binding !== "function") throw new Error(`no binding class ${name}`);
  bindingOf.set(ours, binding as BindingClass);
}

type Json = Record<string, unknown>;

/** One block as cdktf writes it through the binding: the same config, overrides and meta-arguments. */
function throughBinding(block: TerraformBlock): Json {
  const Binding = bindingOf.get(block.constructor);
  if (!Binding) throw new Error(`${block.fqn}: its class is not one of stacks/terraform/vsphere.ts`);
  const stack = new cdktf.TerraformStack(cdktf.Testing.app(), block.stack.name);
  const { forEach, dependsOn, ...attributes } = block.config;
  const element = new Binding(stack, block.friendlyUniqueId, {
    ...attributes,
    ...(forEach
      ? { forEach: cdktf.TerraformIterator.fromMap(forEach.table as Record<string, unknown>) }
      : {}),
  });
  // depends_on names blocks of the same stack; as an override it is written as our stacks write it
  if (dependsOn)
    element.addOverride(
      "depends_on",
      dependsOn.map((b) => b.fqn),
    );
  for (const [path, value] of block.overrides) element.addOverride(path, value);
  const tf = JSON.parse(cdktf.Testing.synth(stack)) as Record<string, Record<string, Record<string, Json>>>;
  const kind = block.fqn.startsWith("data.") ? "data" : "resource";
  const { "//": _metadata, ...rest } = tf[kind]![block.terraformResourceType]![block.friendlyUniqueId]!;
  return rest;
}

/** One block as our writer writes it, its for_each table in place of the local it refers to. */
function ours(block: TerraformBlock): Json {
  const kind = block.fqn.startsWith("data.") ? "data" : "resource";
  const body = (
    block.fragment((table) => table.table) as Record<string, Record<string, Record<string, Json>>>
  )[kind]![block.terraformResourceType]![block.friendlyUniqueId]!;
  const { "//": _metadata, ...rest } = body;
  return JSON.parse(JSON.stringify(rest)) as Json;
}

/** The reference with the session hosts cloned from a template VM, which it otherwise never does. */
function withTemplateVm(): string {
  const dir = mkdtempSync(join(tmpdir(), "irvn-bindings-"));
  cpSync(join(ROOT, "config"), join(dir, "config"), { recursive: true });
  const region = join(dir, "config", "region.yaml");
  const text = readFileSync(region, "utf8");
  const from = "    source: content-library\n    item: w2022-rds-2026-10";
  if (!text.includes(from)) throw new Error("region.yaml no longer names the session-host template so");
  writeFileSync(region, text.replace(from, "    source: vm\n    item: w2022-rds-2026-10"));
  return dir;
}

function load(root: string) {
  const loaded = loadModel(join(root, "config"), root);
  if (!loaded.ok) throw new Error(`${root}: the configuration does not validate`);
  return loaded;
}

describe("every block the stacks write is what the provider bindings write", () => {
  const loaded = load(ROOT);
  const variant = withTemplateVm();
  afterAll(() => rmSync(variant, { recursive: true, force: true }));
  const points: [string, PointInTime, typeof loaded][] = [
    ...steps(loaded.model).map((s) => [s.id, s.point, loaded] as [string, PointInTime, typeof loaded]),
    ["target", loaded.model.point, loaded],
    ["target, session hosts cloned from a template VM", loaded.model.point, load(variant)],
  ];
  const types = new Set<string>();

  it.each(points)("%s", (_id, point, config) => {
    const app = buildApp(config.modelAt(point), "unused");
    const different: string[] = [];
    for (const stack of app.stacks)
      for (const block of stack.blocks()) {
        types.add(block.fqn.replace(/\.[^.]+$/, ""));
        try {
          expect(ours(block)).toEqual(throughBinding(block));
        } catch (err) {
          different.push(`${stack.name}: ${block.fqn}\n${(err as Error).message}`);
        }
      }
    expect(different).toEqual([]);
  });

  it("covers every block class of stacks/terraform/vsphere.ts", () => {
    expect(types.size).toBe(bindingOf.size);
  });

  it("tells a misspelt attribute: the binding drops what its schema lacks", () => {
    const app = buildApp(loaded.model, "unused");
    const block = app.stacks
      .flatMap((s) => s.blocks())
      .find((b) => b.fqn === "vsphere_datacenter.datacenter")!;
    const misspelt = Object.create(Object.getPrototypeOf(block) as object) as TerraformBlock;
    Object.assign(misspelt, block, { config: { ...block.config, nmae: "typo" } });
    expect(ours(misspelt)).not.toEqual(throughBinding(misspelt));
  });
});
