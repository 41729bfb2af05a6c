// The fast YAML reader (stacks/model/plain-yaml.ts) against the yaml library it stands in for:
// on every YAML file of the repository and the benchmark's 70 tenants it reads the file, to the
// same data in the same key order and the same lexeme count; on thousands of mutations of them it
// either declines or agrees with the full path, which then reports no problem; and a file it read
// locates findings where the full path does, without running yaml until one is located.
import fc from "fast-check";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Lexer } from "yaml";
import { allocateLock, generateConfig } from "../../scripts/bench/generate.ts";
import { readPlainYaml } from "../../stacks/model/plain-yaml.ts";
import { locate, readBudget, readWithYaml, readYaml, type SourceFile } from "../../stacks/model/source.ts";
import { ROOT } from "../helpers/cli.ts";

const work = mkdtempSync(join(tmpdir(), "irvn-plain-yaml-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

const REPOSITORY_FILES = [...yamlFiles(join(ROOT, "config")), ...yamlFiles(join(ROOT, "test"))];
/** The repository's files the fast reader leaves to the full path, and why. */
const FULL_PATH_ONLY: Record<string, string> = {
  "test/fixtures/broken/alias-bomb/config/municipalities/druten.yaml": "anchors and aliases",
  "test/fixtures/broken/comment-only-file/config/municipalities/druten.yaml": "no mapping",
  "test/fixtures/broken/empty-file/config/municipalities/druten.yaml": "no mapping",
  "test/fixtures/broken/unexpected-files/config/regoin.yaml": "a comment only",
};

function lexemes(text: string): number {
  let n = 0;
  for (const _ of new Lexer().lex(text)) n++;
  return n;
}

/** The data with every mapping's keys in order, so that a comparison sees the order too. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value !== null && typeof value === "object")
    return Object.entries(value).map(([k, v]) => [k, ordered(v)]);
  return value;
}

/** What the full path reads, and what the fast reader gives when it accepts the text. */
function bothPaths(text: string) {
  const full = readWithYaml(text, "f.yaml", readBudget());
  return { fast: readPlainYaml(text), full };
}

function expectAgreement(text: string, fast: NonNullable<ReturnType<typeof readPlainYaml>>) {
  const full = readWithYaml(text, "f.yaml", readBudget());
  expect(full.problems).toEqual([]);
  expect(ordered(fast.data)).toStrictEqual(ordered(full.source!.data));
  expect(fast.tokens).toBe(lexemes(text));
}

describe("the fast YAML reader", () => {
  it("reads every YAML file of the repository as yaml does, but the four the full path must report", () => {
    let read = 0;
    for (const path of REPOSITORY_FILES) {
      const text = readFileSync(path, "utf8");
      const fast = readPlainYaml(text);
      const name = relative(ROOT, path);
      if (name in FULL_PATH_ONLY) {
        expect(fast, name).toBeUndefined();
        continue;
      }
      expect(fast, name).toBeDefined();
      expectAgreement(text, fast!);
      read++;
    }
    expect(read).toBe(REPOSITORY_FILES.length - Object.keys(FULL_PATH_ONLY).length);
    expect(read).toBeGreaterThanOrEqual(20);
  });

  it("reads the benchmark's 70 tenants and their lock as yaml does", { timeout: 120_000 }, () => {
    const dir = join(work, "tenants-70");
    generateConfig("tenants-70", dir);
    allocateLock(dir);
    const files = yamlFiles(dir);
    expect(files.length).toBe(4 + 70 + 10 + 1);
    for (const path of files) {
      const text = readFileSync(path, "utf8");
      const fast = readPlainYaml(text);
      expect(fast, path).toBeDefined();
      expectAgreement(text, fast!);
    }
  });

  it.each([
    ["null and ~", "a: null\nb: ~\nc: Null\nd: NULL\ne: nULL\n"],
    ["booleans", "a: true\nb: False\nc: TRUE\nd: yes\ne: on\nf: tRUE\n"],
    [
      "integers",
      "a: 0\nb: -0\nc: +12\nd: 012\ne: 0x1F\nf: 0o17\ng: 0o8\nh: 0X1\ni: 1_000\nj: 99999999999999999999\n",
    ],
    [
      "floats",
      "a: 1.5\nb: .5\nc: 1.\nd: -2.50\ne: 1e3\nf: 1.2E-3\ng: .inf\nh: -.Inf\ni: .NaN\nj: .nan\nk: +.INF\nl: 1e\n",
    ],
    [
      "strings that look like something",
      "a: 2024-01-01\nb: 10.0.0.0/8\nc: 1.2.3\nd: -x\ne: 0b101\nf: 12:30\ng: a#b\nh: x  y\n",
    ],
    ["single quotes", "a: 'it''s'\nb: ''\nc: 'a # b'\nd: '1'\n"],
    [
      "double-quote escapes",
      'a: "\\x41\\u00e9\\U0001F600 \\t\\"\\\\\\/\\_\\N\\L\\P\\0\\a\\b\\e\\f\\n\\r\\v\\ "\nb: "\\uD800"\n',
    ],
    [
      "flow collections",
      'a: []\nb: {}\nc: [x, \'y\', "z", 1, true]\nd: { p: 1, q: "2", r: x y }\ne: [ a , b ]\nf: {p: 1}\n',
    ],
    [
      "sequences, also at their key's column",
      "a:\n- x\n- y: 1\n  z: 2\nb:\n  -   c: 3\n      d: 4\n  - e\nc: 1\n",
    ],
    ["comments and blank lines", "# c\n\n  \na: 1 # c\nb:   # c\n  # c\n    \n  c: 2\n# c\n"],
    [
      "keys as people write them",
      "VM Network: 1\nwijchen/voip@werf: 2\na[0]: 3\nit's: 4\n-a: 5\nyes: 6\ntoString: 7\n",
    ],
  ])("reads %s as yaml does", (_, text) => {
    const fast = readPlainYaml(text);
    expect(fast).toBeDefined();
    expectAgreement(text, fast!);
  });

  it.each([
    ["a tab", "a:\tb\n"],
    ["a tab in a comment", "a: b #\tc\n"],
    ["a CRLF line end", "a: b\r\n"],
    ["no line break at the end", "a: b"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a reserved key", "__proto__: 1\n"],
    ["a key that is a number", "1: a\n"],
    ["a key that is null", "~: a\n"],
    ["a quoted key", '"a": 1\n'],
    ["an anchor and an alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a document marker", "a: 1\n---\nb: 2\n"],
    ["a block scalar", "a: |\n  x\n"],
    ["a multi-line plain scalar", "a: x\n  y\n"],
    ["a multi-line flow sequence", "a: [x,\n  y]\n"],
    ["a nested flow collection", "a: [[x]]\n"],
    ["a trailing comma", "a: [x, y,]\n"],
    ["a complex key", "? a\n: 1\n"],
    ["a mapping value on a key's line", "a: b: c\n"],
    ["a space before the colon", "a : 1\n"],
    ["a comment without a space", "a: 'b'#c\n"],
    ["an over-indented key", "a: 1\n  b: 2\n"],
    ["an empty sequence entry", "a:\n  -\n"],
    ["an unclosed quote", "a: 'b\n"],
    ["an invalid escape", 'a: "\\q"\n'],
    ["a sequence at the top", "- a\n"],
    ["an indented first line", "  a: 1\n"],
    ["a control character", "a: b\u0007\n"],
    ["a line separator", "a: b\u2028c\n"],
    [
      "nesting beyond twelve levels",
      Array.from({ length: 13 }, (_, i) => `${"  ".repeat(i)}k${i}:\n`).join("") + `${"  ".repeat(13)}v: 1\n`,
    ],
  ])("declines %s", (_, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it("property: on a mutated file it declines, or yaml reads it without a problem to the same data and lexeme count", () => {
    const corpus = REPOSITORY_FILES.filter((p) => !(relative(ROOT, p) in FULL_PATH_ONLY)).map((p) =>
      readFileSync(p, "utf8").split("\n"),
    );
    // a run of a file's lines from one at the left margin, so that mutations land in every kind of line
    const windows = fc
      .tuple(fc.nat(corpus.length - 1), fc.nat(), fc.integer({ min: 1, max: 60 }))
      .map(([f, start, length]) => {
        const lines = corpus[f]!;
        let from = start % lines.length;
        while (from > 0 && !/^[^ #]/.test(lines[from]!)) from--;
        return lines.slice(from, from + length);
      });
    const pieces = fc.constantFrom(
      ...[
        ":",
        ": ",
        " #",
        "#",
        "'",
        '"',
        "''",
        "\\",
        "- ",
        "-",
        "&a ",
        "*a",
        "!t ",
        "!!str ",
        "\t",
        "[",
        "]",
      ],
      ...["{", "}", ",", ", ", "|", ">", "? ", "%", "@", "`", "~", "---", "...", "\n", " ", "  ", "\r"],
      ...["\ufeff", "\u0085", "\u2028", "0x1F", "0o7", "1e3", ".inf", ".nan", "null", "True", "-0", "+1"],
      ...["\\x41", "\\u00e9", "\\q", "é", "😀", "__proto__: 1", "<<: ", "a: 1", "  - x", "[a, b]", "{a: 1}"],
    );
    const mutation = fc.oneof(
      fc.record({ insert: pieces, at: fc.nat() }),
      fc.record({ remove: fc.integer({ min: 1, max: 4 }), at: fc.nat() }),
      fc.record({ swap: fc.nat(), with: fc.nat() }),
      fc.record({ indent: fc.integer({ min: -4, max: 4 }), line: fc.nat() }),
      fc.record({ repeat: fc.nat() }),
    );
    let accepted = 0;
    let changed = 0;
    fc.assert(
      fc.property(windows, fc.array(mutation, { minLength: 0, maxLength: 4 }), (window, mutations) => {
        let lines = window;
        if (mutations.length > 0) changed++;
        for (const m of mutations) {
          const i =
            ("line" in m ? m.line : "swap" in m ? m.swap : "repeat" in m ? m.repeat : 0) % lines.length;
          if ("indent" in m)
            lines = lines.with(
              i,
              m.indent < 0
                ? lines[i]!.replace(new RegExp(`^ {0,${-m.indent}}`), "")
                : " ".repeat(m.indent) + lines[i],
            );
          else if ("swap" in m)
            lines = lines.with(i, lines[m.with % lines.length]!).with(m.with % lines.length, lines[i]!);
          else if ("repeat" in m) lines = lines.toSpliced(i, 0, lines[i]!);
          else {
            const text = lines.join("\n");
            const at = m.at % (text.length + 1);
            const changed =
              "insert" in m
                ? text.slice(0, at) + m.insert + text.slice(at)
                : text.slice(0, at) + text.slice(at + m.remove);
            lines = changed.split("\n");
          }
        }
        const text = `${lines.join("\n")}\n`;
        const { fast, full } = bothPaths(text);
        if (fast === undefined) return;
        if (text !== `${window.join("\n")}\n`) accepted++;
        expect(full.problems).toEqual([]);
        expect(ordered(fast.data)).toStrictEqual(ordered(full.source!.data));
        expect(fast.tokens).toBe(lexemes(text));
      }),
      { numRuns: 3000, seed: 20261202 },
    );
    // the property says something only if many mutated files are read (about a quarter are)
    expect(accepted).toBeGreaterThan(changed / 5);
  });
});

describe("a file the fast reader read", () => {
  const file = (name: string) => join(ROOT, "config", name);
  const NAMES = ["region.yaml", "catalog.yaml", "municipalities/nijmegen.yaml", "ipam.lock.yaml"];

  /** Every pointer into the data, and one missing below each mapping. */
  function pointers(value: unknown, at = ""): string[] {
    if (value === null || typeof value !== "object") return [at];
    const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
    const escape = (k: string) => k.replaceAll("~", "~0").replaceAll("/", "~1");
    return [
      at,
      `${at}/missing`,
      ...keys.flatMap((k) => pointers((value as Record<string, unknown>)[k], `${at}/${escape(k)}`)),
    ];
  }

  it("is read without yaml, and locates every pointer where the full path does", () => {
    const lex = vi.spyOn(Lexer.prototype, "lex");
    try {
      for (const name of NAMES) {
        const fast = readYaml(file(name), name, ROOT).source as SourceFile;
        expect(lex, name).not.toHaveBeenCalled();
        // the first finding located composes the nodes with yaml
        locate(fast, { pointer: "" });
        expect(lex, name).toHaveBeenCalled();
        const full = readWithYaml(readFileSync(file(name), "utf8"), name, readBudget()).source!;
        for (const pointer of pointers(fast.data)) {
          for (const atKey of [false, true]) {
            expect(locate(fast, { pointer, atKey }), `${name} ${pointer}`).toEqual(
              locate(full, { pointer, atKey }),
            );
          }
        }
        lex.mockClear();
      }
    } finally {
      lex.mockRestore();
    }
  });

  it("charges the read budget what the full path charges, and past it is refused where the full path refuses", () => {
    for (const name of NAMES) {
      const text = readFileSync(file(name), "utf8");
      const [fast, full] = [readBudget(), readBudget()];
      readYaml(file(name), name, ROOT, fast);
      readWithYaml(text, name, full);
      expect(fast.tokens).toBeLessThan(readBudget().tokens);
      expect(fast.tokens).toBe(full.tokens);
      const short = lexemes(text) - 1;
      const refused = readYaml(file(name), name, ROOT, { bytes: readBudget().bytes, tokens: short });
      expect(refused.problems).toEqual(readWithYaml(text, name, { bytes: 0, tokens: short }).problems);
      expect(refused.problems[0]!.message).toMatch(/YAML tokens in all by here, the limit/);
    }
  });
});
