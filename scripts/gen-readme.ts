// Rewrites the generated sections of README.md (`npm run gen:readme`).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fillSections, readmeSections } from "./readme-sections.ts";

const path = join(import.meta.dirname, "..", "README.md");
writeFileSync(path, fillSections(readFileSync(path, "utf8"), await readmeSections()));
console.log("updated README.md");
