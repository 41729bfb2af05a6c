// Maintenance tool for scripts/provider/*.facts.json, run against a checkout of the provider's
// source: lists every schema entry (file:line, path, flags) and the lines that force replacement
// or veto a change in code; with --check, tells which citations of a facts file no longer hold.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { compare } from "../../stacks/model/index.ts";
import { FACTS, type ProviderFacts } from "./facts.ts";

export type Flag = "Required" | "Optional" | "Computed" | "ForceNew" | "Sensitive" | "Default";

/** A `"key": {` schema entry: its line, its key path within the file, its flags. */
export interface SchemaEntry {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly flags: ReadonlySet<Flag>;
}

/** A line deciding something in code rather than in a schema: `d.ForceNew(…)`, `GetWithVeto(…)`. */
export interface DecisionLine {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

const ENTRY = /^\s*"([a-z0-9_]+)":\s*\{(.*)$/;
const FLAG = /\b(Required|Optional|Computed|ForceNew|Sensitive):\s*true\b|\b(Default):/g;
const DECISION = /\.(ForceNew|GetWithVeto)\(/;

/** Strings and comments removed, so that braces inside them are not counted. */
function codeOnly(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'/g, '""').replace(/\/\/.*$/, "");
}

function flagsIn(text: string, into: Set<Flag>): void {
  for (const m of text.matchAll(FLAG)) into.add((m[1] ?? m[2]) as Flag);
}

/** The schema entries of one Go file (entries that declare a `Type: schema.Type…`), by line. */
export function schemaEntries(file: string, source: string): SchemaEntry[] {
  interface Open {
    key: string;
    depth: number;
    entry: { file: string; line: number; path: string; flags: Set<Flag>; typed: boolean };
  }
  const open: Open[] = [];
  const out: SchemaEntry[] = [];
  let depth = 0;
  source.split("\n").forEach((raw, i) => {
    const top = open.at(-1);
    if (top && depth === top.depth) {
      flagsIn(raw, top.entry.flags);
      if (/\bType:\s*schema\.Type/.test(raw)) top.entry.typed = true;
    }
    const m = ENTRY.exec(raw);
    if (m) {
      const path = [...open.map((o) => o.key), m[1]!].join(".");
      const entry = {
        file,
        line: i + 1,
        path,
        flags: new Set<Flag>(),
        typed: /\bType:\s*schema\.Type/.test(m[2]!),
      };
      flagsIn(m[2]!, entry.flags);
      open.push({ key: m[1]!, depth: depth + 1, entry });
    }
    for (const c of codeOnly(raw)) depth += c === "{" ? 1 : c === "}" ? -1 : 0;
    while (open.length > 0 && depth < open.at(-1)!.depth) {
      const { entry } = open.pop()!;
      if (entry.typed) out.push({ file: entry.file, line: entry.line, path: entry.path, flags: entry.flags });
    }
  });
  return out.sort((a, b) => a.line - b.line);
}

export function decisionLines(file: string, source: string): DecisionLine[] {
  return source
    .split("\n")
    .map((code, i) => ({ file, line: i + 1, code: code.trim() }))
    .filter((l) => DECISION.test(l.code));
}

/** The provider's Go sources below vsphere/, tests excepted, as paths relative to `root`. */
export function goFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".go") && !e.name.endsWith("_test.go")) out.push(relative(root, p));
    }
  };
  walk(join(root, "vsphere"));
  return out.sort(compare);
}

/**
 * The citations of `facts` that no longer hold in the provider at `root`. A citation of a schema
 * entry must name an entry whose key path ends the fact's path and whose flags agree with the
 * fact (a resource's ForceNew ⇔ replace, never Required when computed, Sensitive when the fact
 * says sensitive); a citation of a `ForceNew(…)` call must back a replace. Other lines cannot be
 * checked: they come back as `verify by hand`, with the line's text.
 */
export function checkFacts(root: string, facts: ProviderFacts): string[] {
  const problems: string[] = [];
  const sources = new Map<string, string[]>();
  const entries = new Map<string, SchemaEntry>();
  const linesOf = (file: string): string[] | undefined => {
    if (!sources.has(file)) {
      let text: string;
      try {
        text = readFileSync(join(root, file), "utf8");
      } catch {
        return undefined;
      }
      sources.set(file, text.split("\n"));
      for (const e of schemaEntries(file, text)) entries.set(`${file}:${e.line}`, e);
    }
    return sources.get(file);
  };
  for (const [type, { kind, attributes }] of Object.entries(facts.types)) {
    for (const [path, fact] of Object.entries(attributes)) {
      const where = `${type} ${path} (${fact.cite})`;
      const [file, n] = fact.cite.split(":") as [string, string];
      const text = linesOf(file)?.[Number(n) - 1];
      if (text === undefined) {
        problems.push(`${where}: no such line`);
        continue;
      }
      const entry = entries.get(fact.cite);
      if (entry) {
        if (path !== entry.path && !path.endsWith(`.${entry.path}`))
          problems.push(`${where}: cites the entry of ${entry.path}`);
        const forceNew = entry.flags.has("ForceNew");
        if (
          fact.update === "computed"
            ? entry.flags.has("Required")
            : kind === "resource" && forceNew !== (fact.update === "replace")
        )
          problems.push(`${where}: update is ${fact.update} but the entry is ${[...entry.flags].join(" ")}`);
        if (fact.sensitive && !entry.flags.has("Sensitive"))
          problems.push(`${where}: the entry is not Sensitive`);
      } else if (DECISION.test(text) && text.includes("ForceNew(")) {
        if (fact.update !== "replace")
          problems.push(`${where}: cites a ForceNew call but update is ${fact.update}`);
      } else {
        problems.push(`${where}: verify by hand: ${text.trim()}`);
      }
    }
  }
  return problems;
}

function main(argv: string[]): number {
  const [root, ...rest] = argv;
  if (!root || root.startsWith("-") || rest.some((a) => a !== "--check")) {
    console.error("usage: npm run facts:extract -- PROVIDER_DIR [--check]");
    return 2;
  }
  if (rest.includes("--check")) {
    const problems = checkFacts(root, FACTS);
    for (const p of problems) console.log(p);
    return problems.some((p) => !p.includes(": verify by hand: ")) ? 1 : 0;
  }
  for (const file of goFiles(root)) {
    const source = readFileSync(join(root, file), "utf8");
    for (const e of schemaEntries(file, source))
      console.log(`${e.file}:${e.line}\t${e.path}\t${[...e.flags].join(" ")}`);
    for (const d of decisionLines(file, source)) console.log(`${d.file}:${d.line}\t(code)\t${d.code}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = main(process.argv.slice(2));
