// Writes config/schema/<kind>.schema.json from the TypeBox schemas in stacks/model/schema/.
// `npm run gen:schema`; test/schema-drift.test.ts fails when the committed files are stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMAS, schemaDocument, type FileKind } from "../stacks/model/schema/index.ts";

const dir = join(import.meta.dirname, "..", "config", "schema");
for (const kind of Object.keys(SCHEMAS) as FileKind[]) {
  writeFileSync(join(dir, SCHEMAS[kind].file), schemaDocument(kind));
  console.log(`wrote config/schema/${SCHEMAS[kind].file}`);
}
