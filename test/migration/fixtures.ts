// Broken migration fixtures: each folder in test/fixtures/migration/ is named after the
// invariant it breaks and holds edits.json (find/replace on the reference configuration) and
// expected.txt (the violations of that invariant, one per line, as `irvn migrate test` prints).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/cli.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

export const MIGRATION_FIXTURES = join(ROOT, "test", "fixtures", "migration");

export function migrationCases(): string[] {
  return readdirSync(MIGRATION_FIXTURES).sort();
}

export function materialiseMigrationCase(name: string): TempConfig {
  const copy = tempConfig(`irvn-mig-${name}-`);
  const edits = JSON.parse(readFileSync(join(MIGRATION_FIXTURES, name, "edits.json"), "utf8")) as {
    file: string;
    find: string;
    replace: string;
  }[];
  for (const e of edits) copy.edit(e.file.replace(/^config\//, ""), e.find, e.replace);
  return copy;
}

export function expectedViolations(name: string): string[] {
  return readFileSync(join(MIGRATION_FIXTURES, name, "expected.txt"), "utf8")
    .trimEnd()
    .split("\n");
}
