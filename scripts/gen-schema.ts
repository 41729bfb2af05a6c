// Writes config/schema/<kind>.schema.json from the TypeBox schemas in stacks/model/schema/, and
// the standalone validators stacks/model/validators.generated.ts.
// `npm run gen:schema`; test/schema-drift.test.ts fails when the committed files are stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMAS, schemaDocument, type FileKind } from "../stacks/model/schema/index.ts";
import { validatorsSource } from "./validators-source.ts";

const dir = join(import.meta.dirname, "..", "config", "schema");
for (const kind of Object.keys(SCHEMAS) as FileKind[]) {
  writeFileSync(join(dir, SCHEMAS[kind].file), schemaDocument(kind));
  console.log(`wrote config/schema/${SCHEMAS[kind].file}`);
}
writeFileSync(
  join(import.meta.dirname, "..", "stacks", "model", "validators.generated.ts"),
  validatorsSource(),
);
console.log("wrote stacks/model/validators.generated.ts");
