// Rewrites the generated sections of the README and its guides (`npm run gen:readme`).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fillGuides, GUIDES, readmeSections } from "./readme-sections.ts";

const root = join(import.meta.dirname, "..");
const texts = Object.fromEntries(GUIDES.map((file) => [file, readFileSync(join(root, file), "utf8")]));
const filled = fillGuides(texts, await readmeSections());
for (const file of GUIDES) {
  if (filled[file] !== texts[file]) {
    writeFileSync(join(root, file), filled[file]!);
    console.log(`updated ${file}`);
  }
}
