// Every document a message or a generated document sends people to exists: a path after "see",
// a file named before ", section 'X'" (or "X") and the section itself. (irvn plan without registry access pointed at docs/pipelines.md, which never existed.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|hbs)$/.test(entry) && !entry.endsWith(".generated.ts") ? [path] : [];
  });
}

/** The text of the string literals and template text of a source file, comments left out. */
function strings(path: string): string[] {
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".hbs")) return [text];
  return text
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\/?\*|import |export \{)/.test(line))
    .flatMap((line) => [...line.matchAll(/(["'`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2]!));
}

/** A file's section headings, without the leading #s. */
function headings(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, "").trim());
}

interface Pointer {
  readonly source: string;
  readonly file: string;
  readonly section?: string;
}

function pointers(): Pointer[] {
  const out: Pointer[] = [];
  for (const path of ["scripts", "stacks", "templates"].flatMap((d) => files(join(ROOT, d)))) {
    const source = relative(ROOT, path);
    for (const s of strings(path)) {
      for (const m of s.matchAll(/\b[Ss]ee ([A-Za-z0-9_./-]+\.(?:md|json|yaml|ts))\b/g))
        out.push({ source, file: m[1]! });
      for (const m of s.matchAll(/([A-Za-z0-9_./-]+\.md), section (?:'([^']+)'|"([^"]+)")/g))
        out.push({ source, file: m[1]!, section: m[2] ?? m[3]! });
    }
  }
  return out;
}

describe("documents that messages point to", () => {
  // a bare name other than the README is a file beside the document that names it (plan.json)
  const found = pointers().filter((p) => p.file.includes("/") || p.file === "README.md");

  it("finds the pointers (the scan works)", () => {
    expect(found.map((p) => `${p.file}${p.section ? ` § ${p.section}` : ""}`)).toEqual(
      expect.arrayContaining(["scripts/README.md § Air-gapped sites", "scripts/README.md § Staged rollout"]),
    );
  });

  it("exist, with the sections they name", () => {
    const broken = found.filter(
      (p) =>
        !existsSync(join(ROOT, p.file)) || (p.section && !headings(join(ROOT, p.file)).includes(p.section)),
    );
    expect(broken.map((p) => `${p.source}: ${p.file}${p.section ? ` § ${p.section}` : ""}`)).toEqual([]);
  });
});
