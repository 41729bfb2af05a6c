// The README's generated sections (command help, configuration reference, an IP plan) match
// what the code produces; fix with `npm run gen:readme`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fillSections, readmeSections } from "../scripts/readme-sections.ts";
import { ROOT } from "./helpers/cli.ts";

describe("README.md", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");

  it("has up-to-date generated sections (npm run gen:readme)", async () => {
    expect(readme).toBe(fillSections(readme, await readmeSections()));
  });

  it("documents every configuration key and every command", async () => {
    const sections = await readmeSections();
    expect(sections["config-reference"]).toContain("`clusters.<id>.haHostFailures`");
    expect(sections["config-reference"]).toContain("`legacy.subnets.<id>.coexistence`");
    expect(sections.cli).toContain("$ npx irvn synth --help\nusage: irvn synth");
  });

  it("names the two setup commands and the test command", () => {
    expect(readme).toContain("npm ci");
    expect(readme).toContain("npm run synth");
    expect(readme).toContain("npm test");
  });
});
