// The README and the guides it links: generated sections that match what the code produces (fix
// with `npm run gen:readme`), a README short enough to read first, and links that all resolve.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fillGuides, GUIDES, readmeSections } from "../scripts/readme-sections.ts";
import { synthesize } from "../scripts/synthesize.ts";
import { ROOT } from "./helpers/cli.ts";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const texts = Object.fromEntries(GUIDES.map((file) => [file, read(file)]));

/** GitHub's anchor for a heading: entities read as text, lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replaceAll(" ", "-");

/** The text outside fenced code blocks. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, "");

describe("the README and its guides", () => {
  it("have up-to-date generated sections (npm run gen:readme)", async () => {
    expect(fillGuides(texts, await readmeSections())).toEqual(texts);
  });

  it("document every configuration key and every command", async () => {
    const sections = await readmeSections();
    expect(sections["config-reference"]).toContain("`clusters.<id>.haHostFailures`");
    expect(sections["config-reference"]).toContain("`legacy.subnets.<id>.coexistence`");
    expect(sections.cli).toContain("$ npx irvn synth --help\nusage: irvn synth");
  });

  it("start with a README under 400 lines that names the setup and test commands", () => {
    const readme = texts["README.md"]!;
    expect(readme.split("\n").length).toBeLessThan(400);
    for (const command of ["npm ci", "npm run synth", "npm test"]) expect(readme).toContain(command);
    for (const guide of GUIDES.filter((g) => g !== "README.md")) expect(readme).toContain(`](${guide})`);
  });

  it("shows the stacks npm run synth prints as they are (the time aside)", async () => {
    const shown =
      /```text\nsynthesized (\d+) stacks[^\n]*\n((?: {2}\S+ +\d+ resources, +\d+ instances\n)+)/.exec(
        texts["README.md"]!,
      );
    expect(shown, "README.md shows synth's summary").not.toBeNull();
    const out = mkdtempSync(join(tmpdir(), "irvn-readme-synth-"));
    try {
      const r = await synthesize({ configDir: "config", outDir: join(out, "out"), cwd: ROOT });
      if (!r.ok) throw new Error(r.report);
      expect(Number(shown![1])).toBe(r.stacks.length);
      for (const line of shown![2]!.trimEnd().split("\n")) {
        const [, name, blocks, instances] = /^ {2}(\S+) +(\d+) resources, +(\d+) instances$/.exec(line)!;
        expect(
          r.stacks.find((s) => s.name === name),
          line,
        ).toMatchObject({
          blocks: Number(blocks),
          instances: Number(instances),
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each(GUIDES)("%s links only to files and headings that exist", (file) => {
    const broken: string[] = [];
    for (const [, target] of prose(texts[file]!).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, fragment] = target!.split("#") as [string, string | undefined];
      const resolved = path === "" ? file : join(dirname(file), path);
      if (!existsSync(join(ROOT, resolved))) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (fragment === undefined || !resolved.endsWith(".md")) continue;
      const headings = [...prose(read(resolved)).matchAll(/^#{1,6} (.*)$/gm)].map((m) => anchor(m[1]!));
      if (!headings.includes(fragment)) broken.push(`${target}: no heading #${fragment} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });
});
