// A seeded fuzzer for `validate`: mutates one file of a copy of the reference configuration at a
// time (lines deleted, duplicated, swapped, re-indented; bytes, tabs, quotes, template openers,
// anchors and invalid UTF-8 inserted; scalars retyped; keys renamed; very long strings; files
// truncated) and runs validate in-process on the result. Deterministic: the same seed gives the
// same configurations, so a failure names the iteration and its mutations to replay.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatProblem, type Problem } from "../../stacks/model/problems.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { problemReport } from "../../scripts/report.ts";
import { tempConfig } from "../helpers/temp-config.ts";

/** mulberry32: a small, fast 32-bit PRNG, good enough to pick mutations. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (rnd: Random, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Random, items: readonly T[]): T => items[int(rnd, items.length)]!;

/** Snippets that break or inject: template openers, quotes, YAML indicators, reserved keys. */
const SNIPPETS = [
  "${var.x}",
  "%{ if true }",
  "{{ name }}",
  '"',
  "'",
  "\\",
  "\t",
  "&a ",
  "*a",
  "!!binary ",
  "!tag ",
  "<<: ",
  "__proto__: ",
  "constructor: ",
  "prototype",
  "[",
  "]",
  "{",
  "}",
  "- ",
  "? ",
  ": ",
  "#",
  "---\n",
  "\u2028",
  "\u202e",
  "\ufeff",
  "\u0000",
  "\u001b[2K",
  "\r",
];

/** Replacement values of another type or out of range. */
const VALUES = [
  "veel",
  "-1",
  "0",
  "1e400",
  ".nan",
  "-.inf",
  "true",
  "null",
  "~",
  "[]",
  "{}",
  "0x1F",
  "0o17",
  "2015-13-45",
  "2015-02-29",
  '""',
  "''",
  "10.0.0.1/8",
  "300.1.1.0/24",
  "constructor",
  "Bad_Id",
  "9999999999999999999999",
  "|\n  block\n  text",
  "!!str 1",
  "*x",
];

/** Raw byte sequences, most of them not UTF-8. */
const BYTES = [
  [0xff],
  [0xfe, 0xff],
  [0xc3],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc0, 0xaf],
  [0x00],
  [0x09],
  [0xef, 0xbb, 0xbf],
];

/** One mutation: a name (for the failure report) and the new bytes of the file. */
type Mutation = (text: Buffer, rnd: Random) => { name: string; bytes: Buffer };

const lineOps = (text: Buffer) => text.toString("latin1").split("\n");
const fromLines = (lines: string[]) => Buffer.from(lines.join("\n"), "latin1");
/** Text inserted into a latin1 view of the file must be written as its UTF-8 bytes. */
const utf8InLatin1 = (s: string) => Buffer.from(s, "utf8").toString("latin1");

const MUTATIONS: Mutation[] = [
  (text, rnd) => {
    const lines = lineOps(text);
    const i = int(rnd, lines.length);
    lines.splice(i, 1);
    return { name: `delete line ${i + 1}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const i = int(rnd, lines.length);
    lines.splice(i, 0, lines[i]!);
    return { name: `duplicate line ${i + 1}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const i = int(rnd, lines.length);
    const j = int(rnd, lines.length);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return { name: `swap lines ${i + 1} and ${j + 1}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const i = int(rnd, lines.length);
    const shift = int(rnd, 7) - 3;
    lines[i] =
      shift >= 0 ? " ".repeat(shift) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-shift}}`), "");
    return { name: `indent line ${i + 1} by ${shift}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const at = int(rnd, text.length + 1);
    const bytes = pick(rnd, BYTES);
    return {
      name: `insert bytes ${bytes.map((b) => b.toString(16)).join(" ")} at ${at}`,
      bytes: Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at)]),
    };
  },
  (text, rnd) => {
    const at = int(rnd, text.length + 1);
    const snippet = pick(rnd, SNIPPETS);
    return {
      name: `insert ${JSON.stringify(snippet)} at ${at}`,
      bytes: Buffer.concat([text.subarray(0, at), Buffer.from(snippet, "utf8"), text.subarray(at)]),
    };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const i = int(rnd, lines.length);
    lines[i] = "\t" + lines[i]!.replace(/^ {1,2}/, "");
    return { name: `tab-indent line ${i + 1}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const candidates = lines.flatMap((l, i) =>
      /:\s+\S/.test(l) && !l.trimStart().startsWith("#") ? [i] : [],
    );
    if (candidates.length === 0) return { name: "no scalar to retype", bytes: text };
    const i = pick(rnd, candidates);
    const value = pick(rnd, VALUES);
    lines[i] = lines[i]!.replace(/:\s+.*$/, `: ${utf8InLatin1(value)}`);
    return { name: `retype line ${i + 1} to ${JSON.stringify(value)}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const candidates = lines.flatMap((l, i) => (/^\s*[a-zA-Z][\w-]*:/.test(l) ? [i] : []));
    if (candidates.length === 0) return { name: "no key to rename", bytes: text };
    const i = pick(rnd, candidates);
    const [, indent, key, rest] = /^(\s*)([a-zA-Z][\w-]*)(:.*)$/.exec(lines[i]!)!;
    const at = int(rnd, key!.length);
    const renamed = pick(rnd, [
      key!.slice(0, at) + key!.slice(at + 1), // drop a letter
      key!.slice(0, at) + key![at]!.repeat(2) + key!.slice(at + 1), // double a letter
      key!.toUpperCase(),
      key + "s",
      key!.replace(/-/g, "_"),
    ]);
    lines[i] = `${indent}${renamed || "x"}${rest}`;
    return { name: `rename key ${key} to ${renamed} on line ${i + 1}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const candidates = lines.flatMap((l, i) => (/:\s+\S/.test(l) ? [i] : []));
    if (candidates.length === 0) return { name: "no scalar to lengthen", bytes: text };
    const i = pick(rnd, candidates);
    const length = pick(rnd, [250, 5_000, 30_000]);
    const quoted = rnd() < 0.5;
    const long = "x".repeat(length);
    lines[i] = lines[i]!.replace(/:\s+.*$/, quoted ? `: "${long}"` : `: ${long}`);
    return { name: `${length}-character value on line ${i + 1}`, bytes: fromLines(lines) };
  },
  (text, rnd) => {
    const at = int(rnd, text.length);
    return { name: `truncate at byte ${at}`, bytes: text.subarray(0, at) };
  },
  (text, rnd) => {
    const lines = lineOps(text);
    const i = int(rnd, lines.length);
    const count = 1 + int(rnd, Math.min(20, lines.length - i));
    lines.splice(i, count);
    return { name: `delete lines ${i + 1}-${i + count}`, bytes: fromLines(lines) };
  },
];

export interface FuzzOutcome {
  readonly iterations: number;
  /** Iterations whose configuration validate rejected. */
  readonly invalid: number;
  /** Distinct messages seen (numbers and quoted values blanked), to show the fuzzer reaches far. */
  readonly messageKinds: ReadonlySet<string>;
  /** Broken invariants, each naming the iteration, the file and the mutations to replay it. */
  readonly failures: string[];
}

/** What every report must be: located, one line each, sorted, and only when the config is rejected. */
export function invariantViolations(problems: readonly Problem[], valid: boolean): string[] {
  const out: string[] = [];
  if (valid && problems.length > 0) out.push("a configuration came back valid with problems");
  if (!valid && problems.length === 0) out.push("a configuration came back invalid without a problem");
  for (const p of problems) {
    const line = formatProblem(p);
    if (typeof p.file !== "string" || !p.file.startsWith("config/")) out.push(`bad file in: ${line}`);
    if (!Number.isInteger(p.line) || p.line < 1) out.push(`bad line in: ${line}`);
    if (!Number.isInteger(p.col) || p.col < 1) out.push(`bad column in: ${line}`);
    if (typeof p.message !== "string" || p.message.trim() === "") out.push(`empty message in: ${line}`);
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(line))
      out.push(`control character in: ${JSON.stringify(line)}`);
    if (line.length > 1_000)
      out.push(`a ${line.length}-character report line: ${JSON.stringify(line.slice(0, 200))}…`);
  }
  // the report as the CLI prints it: sorted by file, then line, then column; the lines that count
  // what a capped file or run leaves unshown are the report's own, not problems
  const printed = problemReport(problems)
    .split("\n")
    .slice(0, -2)
    .filter((l) => !/^(\S.*? {2})?… and [\d,]+ more problems? in /.test(l));
  const key = (l: string) => /^(.*?):(\d+):(\d+) /.exec(l);
  for (let i = 1; i < printed.length; i++) {
    const a = key(printed[i - 1]!);
    const b = key(printed[i]!);
    if (!a || !b) {
      out.push(`unlocated report line: ${JSON.stringify(printed[a ? i : i - 1])}`);
      break;
    }
    const order =
      a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : Number(a[2]) - Number(b[2]) || Number(a[3]) - Number(b[3]);
    if (order > 0)
      out.push(`not sorted: ${JSON.stringify(printed[i - 1])} before ${JSON.stringify(printed[i])}`);
  }
  return out;
}

/** Runs `iterations` mutated configurations through validate; one temporary copy, one file changed at a time. */
export function fuzzValidate(seed: number, iterations: number): FuzzOutcome {
  const rnd = mulberry32(seed);
  const copy = tempConfig(`irvn-fuzz-${seed}-`);
  try {
    const files = [
      "region.yaml",
      "catalog.yaml",
      "zones.yaml",
      "migration.yaml",
      "ipam.lock.yaml",
      ...readdirSync(join(copy.config, "municipalities"))
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => `municipalities/${f}`),
    ];
    const original = new Map(files.map((f) => [f, readFileSync(join(copy.config, f))]));
    const failures: string[] = [];
    const messageKinds = new Set<string>();
    let invalid = 0;
    let changed: string | undefined;
    for (let i = 0; i < iterations; i++) {
      if (changed) writeFileSync(join(copy.config, changed), original.get(changed)!);
      const file = pick(rnd, files);
      let bytes: Buffer = original.get(file)!;
      const applied: string[] = [];
      for (let n = 1 + int(rnd, 3); n > 0; n--) {
        const m = pick(rnd, MUTATIONS)(bytes, rnd);
        applied.push(m.name);
        bytes = m.bytes;
      }
      writeFileSync(join(copy.config, file), bytes);
      changed = file;
      const replay = `seed ${seed}, iteration ${i}, config/${file}: ${applied.join("; ")}`;
      try {
        const result = validateConfig(copy.config, copy.root);
        const valid = result.config !== undefined;
        if (!valid) invalid++;
        for (const p of result.problems) {
          messageKinds.add(p.message.replace(/"[^"]*"/g, '"…"').replace(/\d[\d,.]*/g, "N"));
        }
        for (const v of invariantViolations(result.problems, valid)) failures.push(`${replay}: ${v}`);
      } catch (err) {
        failures.push(
          `${replay}: validate threw ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
    }
    return { iterations, invalid, messageKinds, failures };
  } finally {
    copy.remove();
  }
}
