// The JSON Schemas in config/schema/ are generated from stacks/model/schema/; this fails when
// someone edits one without the other (fix: npm run gen:schema).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FileKind, SCHEMAS, schemaDocument } from "../stacks/model/schema/index.ts";
import { ROOT } from "./helpers/cli.ts";

const schemaDir = join(ROOT, "config", "schema");

describe("config/schema", () => {
  for (const kind of Object.keys(SCHEMAS) as FileKind[]) {
    it(`${SCHEMAS[kind].file} matches the TypeBox source (run npm run gen:schema if not)`, () => {
      expect(readFileSync(join(schemaDir, SCHEMAS[kind].file), "utf8")).toBe(schemaDocument(kind));
    });
  }

  it("holds no schema that has no source", () => {
    const known = Object.values(SCHEMAS).map((s) => s.file);
    // the configuration reference (README.md) lives beside the schemas
    const schemas = readdirSync(schemaDir).filter((f) => f.endsWith(".json"));
    expect(schemas.sort()).toEqual([...known].sort());
  });

  it("closes every object, so unknown keys are errors", () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      if (n.type === "object" && n.properties && n.additionalProperties !== false) open.push(path);
      for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
    };
    for (const kind of Object.keys(SCHEMAS) as FileKind[]) walk(JSON.parse(schemaDocument(kind)), kind);
    expect(open).toEqual([]);
  });
});

describe("every configuration file names its schema on the first line", () => {
  const files = [
    ["region.yaml", "./schema/region.schema.json"],
    ["catalog.yaml", "./schema/catalog.schema.json"],
    ["zones.yaml", "./schema/zones.schema.json"],
    ["migration.yaml", "./schema/migration.schema.json"],
    ...readdirSync(join(ROOT, "config", "municipalities")).map((f) => [
      `municipalities/${f}`,
      "../schema/tenant.schema.json",
    ]),
    ...readdirSync(join(ROOT, "config", "inventory")).map((f) => [
      `inventory/${f}`,
      "../schema/inventory.schema.json",
    ]),
  ];
  for (const [file, schema] of files) {
    it(file!, () => {
      const first = readFileSync(join(ROOT, "config", file!), "utf8").split("\n")[0];
      expect(first).toBe(`# yaml-language-server: $schema=${schema}`);
    });
  }
});

describe("stacks/model/validators.generated.ts", () => {
  it("is the standalone code of the current schemas (run npm run gen:schema if not)", async () => {
    const { validatorsSource } = await import("../scripts/validators-source.ts");
    expect(readFileSync(join(ROOT, "stacks", "model", "validators.generated.ts"), "utf8")).toBe(
      validatorsSource(),
    );
  });
});
