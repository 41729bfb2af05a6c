// The layers of the data flow, checked on every import of stacks/, scripts/ and templates/
// (type-only imports included): configuration input → the model (resolve and IPAM, then the rules
// over them, then its front door) → stacks, documents and templates → the CLI's plumbing, its
// commands and entry → developer tooling. An import points down or within its layer, never up;
// nothing imports in a cycle; scripts enter the model through stacks/model/index.ts only.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cycles,
  type FrontDoor,
  type Layer,
  layerProblems,
  moduleSpecifiers,
  readGraph,
  ROOT,
} from "./imports.ts";

/** Bottom to top. */
const LAYERS: Layer[] = [
  {
    name: "input",
    paths: [
      "stacks/model/schema/",
      "stacks/model/formats.ts",
      "stacks/model/problems.ts",
      "stacks/model/plain-yaml.ts",
      "stacks/model/source.ts",
      "stacks/model/shape.ts",
      "stacks/model/validators.generated.ts",
      "stacks/model/load.ts",
      "stacks/model/inventory.ts",
      "stacks/model/ipam/lock-file.ts",
    ],
  },
  { name: "model", paths: ["stacks/model/"] },
  { name: "rules", paths: ["stacks/model/rules/"] },
  {
    name: "model front door",
    paths: ["stacks/model/validate.ts", "stacks/model/lock-plan.ts", "stacks/model/index.ts"],
  },
  { name: "stacks and documents", paths: ["stacks/", "templates/"] },
  { name: "CLI plumbing", paths: ["scripts/"] },
  { name: "CLI commands", paths: ["scripts/commands/"] },
  { name: "CLI entry", paths: ["scripts/cli.ts"] },
  {
    name: "developer tooling",
    paths: [
      "scripts/bench.ts",
      "scripts/bench/",
      "scripts/build.ts",
      "scripts/bundle.ts",
      "scripts/gen-readme.ts",
      "scripts/readme-sections.ts",
      "scripts/gen-schema.ts",
      "scripts/validators-source.ts",
      "scripts/provider/extract-facts.ts",
      // the README's errors example is validate's report on a broken fixture, laid over the
      // configuration as the tests lay it
      "test/helpers/config-copy.ts",
    ],
  },
  { name: "tests", paths: ["test/"] },
];

const DOORS: FrontDoor[] = [
  {
    from: ["scripts/"],
    inside: "stacks/model/",
    door: "stacks/model/index.ts",
    exceptions: [
      {
        importer: "scripts/validators-source.ts",
        imported: ["stacks/model/schema/index.ts", "stacks/model/formats.ts"],
        reason: "it writes validators.generated.ts, which the front door loads",
      },
      {
        importer: "scripts/gen-schema.ts",
        imported: ["stacks/model/schema/index.ts"],
        reason: "it writes the JSON Schemas and validators the front door loads",
      },
      {
        importer: "scripts/readme-sections.ts",
        imported: ["stacks/model/schema/index.ts"],
        reason: "it documents the schemas, which a run of irvn never builds (it uses the validators)",
      },
    ],
  },
];

describe("the project's imports", () => {
  const { graph, unresolved } = readGraph(ROOT, ["stacks", "scripts", "templates"]);

  it("resolve to files", () => {
    expect(unresolved).toEqual([]);
    // the reader found the graph, not an empty one: the CLI's commands reach the model's door
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get("scripts/commands/validate.ts")).toContain("stacks/model/index.ts");
  });

  it("keep to the layers, enter the model by its front door and form no cycle", () => {
    expect(layerProblems(graph, LAYERS, DOORS)).toEqual([]);
  });

  it("leave the raw configuration to the model: no file outside stacks/model/ names its type", () => {
    // spelt in two parts, so that this file does not name it either
    const name = new RegExp(`\\b${"Raw"}${"Config"}\\b`);
    const { graph: everything } = readGraph(ROOT, ["stacks", "scripts", "templates", "test"]);
    const outside = [...everything.keys()].filter(
      (f) => !f.startsWith("stacks/model/") && name.test(readFileSync(join(ROOT, f), "utf8")),
    );
    expect(outside).toEqual([]);
    // the model itself does, so the search would find it
    expect(name.test(readFileSync(join(ROOT, "stacks/model/load.ts"), "utf8"))).toBe(true);
  });

  it("place every layer's files where the table says", () => {
    const files = new Set([...graph.keys(), ...[...graph.values()].flat()]);
    // every entry of the table matches a file: an entry left behind by a move would hide nothing
    for (const layer of LAYERS)
      for (const path of layer.paths.filter((p) => p !== "test/"))
        expect(
          [...files].some((f) => (path.endsWith("/") ? f.startsWith(path) : f === path)),
          `${layer.name}: ${path}`,
        ).toBe(true);
  });
});

describe("the checker", () => {
  const work = mkdtempSync(join(tmpdir(), "irvn-layers-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const project = (files: Record<string, string>) => {
    const root = mkdtempSync(join(work, "p-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return readGraph(root, ["stacks", "scripts", "templates"]).graph;
  };
  const clean = {
    "stacks/model/load.ts": "export type Settings = { region: string };\n",
    "stacks/model/model.ts": 'import type { Settings } from "./load.ts";\nexport const model = 1;\n',
    "stacks/model/index.ts": 'export { model } from "./model.ts";\n',
    "stacks/app.ts": 'import { model } from "./model/model.ts";\nexport const app = model;\n',
    "scripts/commands/synth.ts": 'import { model } from "../../stacks/model/index.ts";\n',
  };

  it("passes a graph that keeps to its layers", () => {
    expect(layerProblems(project(clean), LAYERS, DOORS)).toEqual([]);
  });

  it("fails on an upward import, naming both files and their layers", () => {
    const graph = project({
      ...clean,
      "stacks/documents/files.ts": "export const files = [];\n",
      "stacks/model/load.ts":
        'import { files } from "../documents/files.ts";\nexport type Settings = { region: string };\n',
    });
    expect(layerProblems(graph, LAYERS, DOORS)).toEqual([
      "stacks/model/load.ts (input) imports stacks/documents/files.ts (stacks and documents), a layer above it",
    ]);
  });

  it("fails on a cycle made of type-only imports", () => {
    const graph = project({
      ...clean,
      "stacks/model/load.ts":
        'import type { model } from "./model.ts";\nexport type Settings = { region: typeof model };\n',
    });
    const problems = layerProblems(graph, LAYERS, DOORS);
    expect(problems).toContain(
      "import cycle: stacks/model/load.ts → stacks/model/model.ts → stacks/model/load.ts",
    );
    // …and the same import from input to the model above it
    expect(problems).toContain(
      "stacks/model/load.ts (input) imports stacks/model/model.ts (model), a layer above it",
    );
  });

  it("finds a cycle within one layer, through several files", () => {
    const graph = project({
      "stacks/a.ts": 'import "./b.ts";\n',
      "stacks/b.ts": 'export * from "./c.ts";\n',
      "stacks/c.ts": 'export const c = await import("./a.ts");\n',
    });
    expect(cycles(graph)).toEqual([["stacks/a.ts", "stacks/b.ts", "stacks/c.ts", "stacks/a.ts"]]);
  });

  it("fails when a script bypasses the model's front door", () => {
    const graph = project({
      ...clean,
      "scripts/commands/synth.ts": 'import type { Settings } from "../../stacks/model/load.ts";\n',
    });
    expect(layerProblems(graph, LAYERS, DOORS)).toEqual([
      "scripts/commands/synth.ts imports stacks/model/load.ts: enter stacks/model/ through stacks/model/index.ts",
    ]);
  });

  it("fails on a file outside every layer and on an import of a missing file", () => {
    const { graph, unresolved } = readGraph(
      (() => {
        const root = mkdtempSync(join(work, "q-"));
        mkdirSync(join(root, "stacks"));
        writeFileSync(join(root, "stacks", "a.ts"), 'import { x } from "./gone.ts";\n');
        return root;
      })(),
      ["stacks"],
    );
    expect(unresolved).toEqual(['stacks/a.ts: "./gone.ts" names no file']);
    expect(layerProblems(graph, [{ name: "model", paths: ["stacks/model/"] }])).toEqual([
      "stacks/a.ts belongs to no layer: add it, or its folder, to one",
    ]);
  });
});

describe("module specifiers", () => {
  it("are read from static, type-only, re-export, side-effect and dynamic imports", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "./b.ts";',
      "import {",
      "  type C,",
      '  d } from "./cd.ts";',
      'export { e } from "./e.ts";',
      'export * from "./f.ts";',
      'import "./g.ts";',
      'const h = await import("./h.ts");',
      'type I = typeof import("./i.ts");',
    ].join("\n");
    expect(moduleSpecifiers(source)).toEqual([
      "./a.ts",
      "./b.ts",
      "./cd.ts",
      "./e.ts",
      "./f.ts",
      "./g.ts",
      "./h.ts",
      "./i.ts",
    ]);
  });

  it("skip imports in comments, strings, template literals and regular expressions", () => {
    const source = [
      '// import { a } from "./comment.ts";',
      '/* import "./block.ts"; */',
      "const text = \"import { b } from './string.ts'\";",
      'const generated = `import { c } from "./template.ts";\n${"x" + `import "./nested.ts"`}`;',
      "const quote = /[\"']/g;",
      'const from = "./not-an-import.ts";',
      'Array.from("./neither.ts");',
      'import { real } from "./real.ts";',
    ].join("\n");
    expect(moduleSpecifiers(source)).toEqual(["./real.ts"]);
  });
});
