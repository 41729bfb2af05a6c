// Reading one YAML file defensively: size, UTF-8, YAML syntax, duplicate keys, anchors,
// tags, nesting depth and dangerous keys are all reported as located problems, never thrown.
import { closeSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Composer,
  Lexer,
  Parser,
  type CST,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { FORBIDDEN_KEYS, readPlainYaml } from "./plain-yaml.ts";
import { escapeControls, type Finding, type Problem, pointerSegments, grouped } from "./problems.ts";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 24;
/**
 * What one run reads in all, so that many files at the size limit cannot take minutes: the
 * reference configuration is 76 KiB and about 22,000 tokens, the benchmark's 70 tenants 449 KiB and
 * 146,000 tokens (lexemes of yaml's Lexer, which plain-yaml.ts counts alike).
 */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const MAX_CONFIG_TOKENS = 500_000;

/** What is left of a run's reading allowance; one per loaded configuration. */
export interface ReadBudget {
  bytes: number;
  tokens: number;
}

export function readBudget(): ReadBudget {
  return { bytes: MAX_CONFIG_BYTES, tokens: MAX_CONFIG_TOKENS };
}
/** YAML errors reported per file; after that they are mostly the first ones' echo. */
const MAX_YAML_ERRORS = 20;
/** Characters that would break a report line, or drive a terminal, when a key is echoed. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The YAML 1.2 core tags; others (!!binary, !!set, !!omap, !!timestamp, …) are not configuration. */
const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

export interface SourceFile {
  /** Path as shown in messages. */
  readonly file: string;
  /** Plain data (null-prototype free of dangerous keys); undefined when the file could not be read. */
  readonly data: unknown;
  /** The document's nodes, for locating findings; composed on first use when plain-yaml.ts read the file. */
  readonly nodes: () => Nodes;
}

interface Nodes {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export interface ReadResult {
  readonly source?: SourceFile;
  readonly problems: Problem[];
}

/** The file's bytes, or why they are not read. */
function readInside(path: string, within: string, budget: ReadBudget): Buffer | string {
  try {
    const real = realpathSync(path);
    const rel = relative(realpathSync(within), real);
    if (isAbsolute(rel) || rel.split(sep)[0] === "..") {
      return "a symbolic link to a file outside the configuration directory: irvn reads only files inside it; replace the link with the file itself";
    }
    // a directory, device or pipe (say a link to /dev/zero) would fail, never end, or fill memory
    const stat = statSync(real);
    if (!stat.isFile()) return "not a regular file: replace it with a YAML file";
    if (stat.size > MAX_FILE_BYTES) return tooLarge(stat.size);
    if (stat.size > budget.bytes) return TOO_MUCH;
    // read up to one byte past the limit: a file that grows meanwhile is still caught
    let bytes = Buffer.allocUnsafe(stat.size + 1);
    const fd = openSync(real, "r");
    let length = 0;
    try {
      for (let n = -1; n !== 0 && length < bytes.length; length += n) {
        n = readSync(fd, bytes, length, bytes.length - length, null);
        if (length + n === bytes.length && bytes.length <= MAX_FILE_BYTES) {
          bytes = Buffer.concat([bytes], MAX_FILE_BYTES + 1);
        }
      }
    } finally {
      closeSync(fd);
    }
    if (length > MAX_FILE_BYTES) return tooLarge(length);
    if (length > budget.bytes) return TOO_MUCH;
    budget.bytes -= length;
    return bytes.subarray(0, length);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return code === "ENOENT"
      ? "a symbolic link to nothing: replace it with the file itself"
      : `cannot read the file (${code}): check its owner and mode`;
  }
}

const LONE_CR =
  "line break with a lone CR (carriage return, as old Mac editors save): save the file with LF or CRLF line endings";

const TOO_MUCH = `not read: the configuration passes ${MAX_CONFIG_BYTES / 1024 / 1024} MiB in all, the limit; remove what is not configuration`;

function tooLarge(size: number): string {
  return `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}: split it or remove what is not configuration`;
}

function at(file: string, line: number, col: number, message: string): Problem {
  return { file, line, col, pointer: "", message };
}

/** Line and column (1-based) of a byte offset in a buffer, counting characters, not bytes. */
function bytePosition(bytes: Buffer, offset: number): { line: number; col: number } {
  const before = bytes.subarray(0, offset);
  const lastNewline = before.lastIndexOf(0x0a);
  const line = before.filter((b) => b === 0x0a).length + 1;
  const col = Buffer.from(before.subarray(lastNewline + 1)).toString("utf8").length + 1;
  return { line, col };
}

function firstInvalidUtf8(bytes: Buffer): number {
  // binary search for the longest prefix that decodes (an unfinished sequence at its end is allowed)
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // that prefix may end in the first bytes of a sequence the next byte breaks (Latin-1 "ë" is
  // a lead byte): the error is where the sequence starts, the last point where the text is whole
  for (let start = lo; start > Math.max(0, lo - 4); start--) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, start));
      return start;
    } catch {
      // an unfinished sequence: step back
    }
  }
  return lo;
}

/**
 * Reads and parses one file. `display` is the path used in messages. The file is read only when
 * it is a regular file inside `within` (the configuration directory) once symbolic links are
 * resolved, and no larger than the limit: a link committed to /proc/self/environ or to a file
 * elsewhere is refused unread. Long as a checklist is: each step either refuses the file with
 * its located problems or hands the next step what it read.
 */
export function readYaml(
  path: string,
  display: string,
  within: string,
  budget: ReadBudget = readBudget(),
): ReadResult {
  const read = readInside(path, within, budget);
  if (typeof read === "string") return { problems: [at(display, 1, 1, read)] };
  const bytes = read;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { line, col } = bytePosition(bytes, firstInvalidUtf8(bytes));
    return { problems: [at(display, line, col, "invalid UTF-8: save the file as UTF-8")] };
  }

  // YAML reads a lone CR as no line break at all: the whole file would be its first line, a comment
  const loneCr = text.search(/\r(?!\n)/);
  if (loneCr >= 0) {
    const line = text.slice(0, loneCr).split("\n").length;
    const col = loneCr - text.lastIndexOf("\n", loneCr - 1);
    return { problems: [at(display, line, col, LONE_CR)] };
  }

  // the plain YAML the configuration is written in, read without the yaml library; the rest below
  const plain = readPlainYaml(text);
  if (plain !== undefined && plain.tokens <= budget.tokens) {
    budget.tokens -= plain.tokens;
    return { source: { file: display, data: plain.data, nodes: composedLater(text) }, problems: [] };
  }
  return readWithYaml(text, display, budget);
}

/**
 * Reads a file's text with the yaml library: the path for anything plain-yaml.ts declines, and
 * the authority it is tested against. Every YAML problem is reported here, located.
 */
export function readWithYaml(text: string, display: string, budget: ReadBudget): ReadResult {
  const lines = new LineCounter();
  const parsed = parseYaml(text, lines, budget);
  if ("problem" in parsed) {
    const { line, col } = lines.linePos(parsed.problem.offset);
    return { problems: [at(display, line, col, parsed.problem.message)] };
  }
  const { doc, scan } = parsed;
  const problems: Problem[] = [];
  const errors = [...doc.errors, ...doc.warnings, ...duplicateKeys(doc)].sort((a, b) => a.pos[0] - b.pos[0]);
  // a tab throws the parser off the indentation: what it says after that is noise until it is fixed
  const tabs = errors.some((e) => e.code === "TAB_AS_INDENT");
  // once the parser has lost the document it reports every token left ("unexpected scalar token
  // in YAML stream"), hundreds for one stray bracket: the first is the one to fix
  const lost = errors.findIndex((e) => e.code === "UNEXPECTED_TOKEN" && / in YAML stream/.test(e.message));
  const indented = new Set<number>();
  for (const [i, e] of errors.entries()) {
    if (tabs && e.code !== "TAB_AS_INDENT" && e.code !== "DUPLICATE_KEY") continue;
    if (lost >= 0 && i > lost && e.code !== "DUPLICATE_KEY") continue;
    const indentation = overIndented(text, e);
    if (indentation) {
      // the parser reports an over-indented key twice, at the value above it
      if (indented.has(indentation.offset)) continue;
      indented.add(indentation.offset);
      const pos = lines.linePos(indentation.offset);
      problems.push(at(display, pos.line, pos.col, indentation.message));
      continue;
    }
    const message = clip(e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""));
    const opener = unclosedOpener(scan, e.code, e.pos[0], message);
    const pos = lines.linePos(opener?.offset ?? e.pos[0]);
    const advice = opener?.message ?? yamlAdvice(e.code, message);
    const rest = i === lost && errors.length > i + 1 ? ": the parser cannot read on from here" : "";
    problems.push(at(display, pos.line, pos.col, advice + rest));
    if (problems.length === MAX_YAML_ERRORS && errors.length > i + 1) {
      const next = lines.linePos(errors[i + 1]!.pos[0]);
      problems.push(
        at(display, next.line, next.col, "more YAML errors from here on: fix the ones above first"),
      );
      break;
    }
  }
  if (problems.length > 0) return { problems };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return {
      problems: [
        at(display, 1, 1, "file is empty: it must hold a mapping (see the schema named on its first line)"),
      ],
    };
  }

  const structural = checkStructure(doc.contents, display, lines);
  if (structural.length > 0) return { problems: structural };

  const data = doc.toJS({ maxAliasCount: 0 }) as unknown;
  return { source: { file: display, data, nodes: () => ({ doc, lines }) }, problems: [] };
}

/** The nodes of a file the fast reader read: `yaml` composes them when a finding in it is located. */
function composedLater(text: string): () => Nodes {
  let nodes: Nodes | undefined;
  return () => {
    if (nodes) return nodes;
    const lines = new LineCounter();
    const parsed = parseYaml(text, lines, readBudget());
    if ("problem" in parsed)
      throw new Error(`plain-yaml.ts read what yaml refuses: ${parsed.problem.message}`);
    nodes = { doc: parsed.doc, lines };
    return nodes;
  };
}

/**
 * A key indented deeper than the key above it (`fte: 135` then `    people: 155`): the parser
 * reads it as part of the value above and reports that value's line, in its own words, twice.
 * Said here as what it is, at the key that is out of line.
 */
function overIndented(
  text: string,
  e: { code: string; pos: [number, number] },
): { offset: number; message: string } | undefined {
  if (e.code !== "MULTILINE_IMPLICIT_KEY" && e.code !== "BLOCK_AS_IMPLICIT_KEY") return undefined;
  const lineStart = text.lastIndexOf("\n", e.pos[0] - 1) + 1;
  const above = /^([ -]*)([^\s:#][^:#]*?):[ \t]/.exec(text.slice(lineStart, e.pos[0] + 1));
  const nextStart = text.indexOf("\n", e.pos[0]) + 1;
  if (!above || nextStart === 0) return undefined;
  const nextEnd = text.indexOf("\n", nextStart);
  const next = /^( *)([^\s:#][^:#]*?):(?:\s|$)/.exec(
    text.slice(nextStart, nextEnd < 0 ? undefined : nextEnd),
  );
  const column = above[1]!.length;
  if (!next || next[1]!.length <= column) return undefined;
  const [key, over] = [clip(above[2]!), clip(next[2]!)];
  return {
    offset: nextStart + next[1]!.length,
    message:
      `indentation: "${over}" is indented ${next[1]!.length} spaces, more than "${key}" on the line above; ` +
      `keys of one mapping line up, so indent it as "${key}" is (${column === 0 ? "no spaces" : `${column} spaces`}), ` +
      `or, to nest it under "${key}", leave "${key}" without a value`,
  };
}

/** What the token scan found: the first collection nested too deep, and openers never closed. */
interface Scan {
  tooDeep?: number;
  /** Offsets of quoted scalars that lack their closing quote. */
  unclosedQuotes: number[];
  /** Flow collections that lack their closing bracket. */
  unclosedFlows: { offset: number; open: string; close: string }[];
}

/**
 * Parses in steps so that the nesting depth is known before the document is composed: the yaml
 * composer recurses per level and, some hundreds of levels deep, runs out of stack (at best one
 * error per level, at worst a fatal V8 error). The lexer, the tokenizer and the scan do not recurse.
 */
function parseYaml(
  text: string,
  lines: LineCounter,
  budget: ReadBudget,
): { doc: Document.Parsed; scan: Scan } | { problem: { offset: number; message: string } } {
  try {
    const refused = lexicalCheck(text, budget);
    if (refused !== undefined) {
      lines.addNewLine(0);
      for (let at = text.indexOf("\n"); at >= 0 && at < refused.offset; at = text.indexOf("\n", at + 1))
        lines.addNewLine(at + 1);
      return { problem: refused };
    }
    const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
    const scan = scanTokens(tokens);
    if (scan.tooDeep !== undefined) return { problem: { offset: scan.tooDeep, message: TOO_DEEP } };
    let doc: Document.Parsed | undefined;
    for (const next of new Composer({ uniqueKeys: false, strict: true }).compose(tokens, true, text.length)) {
      if (doc) {
        const message =
          "a second YAML document (after ---): a file holds one; remove the --- and what follows";
        return { problem: { offset: next.range[0], message } };
      }
      doc = next;
    }
    return { doc: doc!, scan };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { problem: { offset: 0, message: `the YAML parser gave up (${reason}): simplify the file` } };
  }
}

/** Markers the lexer adds that are not in the text. */
const LEXER_MARKERS = new Set(["\u0002", "\u0018", "\u001f"]);

/**
 * What the lexer finds before the parser runs, whose work grows faster than the text with each
 * level (a megabyte of `[`, or of `- ` on one line, took seconds and gigabytes; the lexer's work
 * does not): brackets nested too deep; sequence entries and explicit keys stacked on one line, or
 * anchors and tags stacked on one value, beyond the depth limit; tokens beyond the run's allowance.
 */
function lexicalCheck(text: string, budget: ReadBudget): { offset: number; message: string } | undefined {
  let offset = 0;
  let flow = 0;
  let stacked = 0;
  let properties = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (--budget.tokens < 0) return { offset, message: TOO_MANY_TOKENS };
    if (lexeme === "[" || lexeme === "{") flow++;
    else if (lexeme === "]" || lexeme === "}") flow--;
    else if (lexeme === "-" || lexeme === "?") stacked++;
    else if (lexeme.startsWith("&") || lexeme.startsWith("!")) properties++;
    else if (lexeme === "\n") stacked = 0;
    if (lexeme === "\u001f" || lexeme === "[" || lexeme === "{") properties = 0;
    if (flow > MAX_DEPTH || stacked > MAX_DEPTH) return { offset, message: TOO_DEEP };
    if (properties > MAX_DEPTH) return { offset, message: TOO_MANY_PROPERTIES };
    if (!LEXER_MARKERS.has(lexeme)) offset += lexeme.length;
  }
  return undefined;
}

const TOO_MANY_TOKENS = `the configuration passes ${grouped(MAX_CONFIG_TOKENS)} YAML tokens in all by here, the limit: remove what is not configuration`;
const TOO_MANY_PROPERTIES = `more than ${MAX_DEPTH} anchors or tags on one value: the configuration needs none; remove them`;

/**
 * Keys that repeat in a mapping, as the errors yaml's own check would give: that check compares
 * each key with every key before it, which 50,000 keys turn into minutes; a set per mapping does not.
 */
function duplicateKeys(doc: Document.Parsed): { code: string; pos: [number, number]; message: string }[] {
  const out: { code: string; pos: [number, number]; message: string }[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          if (seen.has(key.value))
            out.push({
              code: "DUPLICATE_KEY",
              pos: [key.range![0], key.range![1]],
              message: "Map keys must be unique",
            });
          seen.add(key.value);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out;
}

const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep: the configuration never needs this; flatten it`;

/** Walks the token tree without recursion: collection depth, and quotes and brackets never closed. */
function scanTokens(tokens: readonly CST.Token[]): Scan {
  const scan: Scan = { unclosedQuotes: [], unclosedFlows: [] };
  const stack: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({
    token,
    depth: 0,
  }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    switch (token.type) {
      case "document":
        stack.push({ token: token.value, depth });
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection":
        if (depth >= MAX_DEPTH) {
          scan.tooDeep = Math.min(scan.tooDeep ?? Infinity, token.offset);
          break;
        }
        if (token.type === "flow-collection" && !token.end.some((t) => t.type.endsWith("-end"))) {
          const map = token.start.type === "flow-map-start";
          scan.unclosedFlows.push({ offset: token.offset, open: map ? "{" : "[", close: map ? "}" : "]" });
        }
        for (const item of token.items) {
          if ("key" in item) stack.push({ token: item.key, depth: depth + 1 });
          stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      case "single-quoted-scalar":
      case "double-quoted-scalar": {
        // closed: ends with its quote, and in double quotes not with an escaped one (\")
        const body = token.source.slice(1);
        const closed =
          token.type === "double-quoted-scalar" ? /(?:^|[^\\])(?:\\\\)*"$/.test(body) : body.endsWith("'");
        if (!closed) scan.unclosedQuotes.push(token.offset);
        break;
      }
      default:
        break;
    }
  }
  return scan;
}

/**
 * The yaml library reports an unclosed quote or bracket where it gave up, often the end of the
 * file or the next line; the fix belongs where it was opened.
 */
function unclosedOpener(
  scan: Scan,
  code: string,
  pos: number,
  message: string,
): { offset: number; message: string } | undefined {
  const last = <T extends { offset: number }>(items: T[]) =>
    items.filter((i) => i.offset <= pos).sort((a, b) => b.offset - a.offset)[0];
  if (code === "MISSING_CHAR" && /closing ['"]?quote/i.test(message)) {
    const quote = last(scan.unclosedQuotes.map((offset) => ({ offset })));
    if (quote)
      return { offset: quote.offset, message: "YAML syntax error: this quoted text is never closed" };
  }
  if ((code === "MISSING_CHAR" || code === "BAD_INDENT") && /^flow (sequence|map)/i.test(message)) {
    const flow = last(scan.unclosedFlows);
    if (flow)
      return {
        offset: flow.offset,
        message: `YAML syntax error: this ${flow.open} is never closed with ${flow.close}`,
      };
  }
  return undefined;
}

/** A yaml message may quote the offending source: keep it to one short line. */
function clip(message: string): string {
  const escaped = escapeControls(message);
  return escaped.length > 160 ? `${escaped.slice(0, 159)}…` : escaped;
}

function yamlAdvice(code: string, message: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "duplicate key: each key may appear once in a mapping; remove or merge the second one";
    case "TAB_AS_INDENT":
      return "tab used for indentation: YAML indents with spaces only";
    case "TAG_RESOLVE_FAILED": {
      const tag = /^Unresolved tag: (\S+)/.exec(message)?.[1]?.replace(/^tag:yaml\.org,2002:/, "!!");
      if (tag) return `YAML tag ${tag} does not apply to this value: remove it`;
      return `YAML syntax error: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
    }
    default:
      return `YAML syntax error: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  }
}

/** Walks the node tree without recursion (a deep file must not overflow the stack). */
function checkStructure(root: Node, file: string, lines: LineCounter): Problem[] {
  const problems: Problem[] = [];
  const report = (node: { range?: [number, number, number] | null }, message: string) => {
    const { line, col } = lines.linePos(node.range?.[0] ?? 0);
    problems.push(at(file, line, col, message));
  };
  // an alias bomb holds thousands of them: one line for each kind, the first, with the count
  const anchors: Node[] = [];
  const aliases: Node[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    const n = node as Node;
    if (depth > MAX_DEPTH) {
      report(n, TOO_DEEP);
      break;
    }
    if (isAlias(n)) {
      aliases.push(n);
      continue;
    }
    if ("anchor" in n && n.anchor) anchors.push(n);
    if ("tag" in n && n.tag && !CORE_TAGS.has(n.tag)) {
      report(n, `YAML tag ${n.tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not supported: remove it`);
    }
    if (isMap(n)) {
      for (const pair of n.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || typeof key.value !== "string") {
          report(key ?? n, "keys must be plain text: quote it or use a name");
          continue;
        }
        if (CONTROL.test(key.value)) {
          report(key, "key holds a line break or control character: use letters, digits and hyphens");
          continue;
        }
        if (FORBIDDEN_KEYS.has(key.value)) {
          report(
            key,
            `key "${key.value}" is not allowed: it is reserved in JavaScript and could alter the program`,
          );
          continue;
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(n)) {
      for (const item of n.items) stack.push({ node: item, depth: depth + 1 });
    } else if (isPair(n)) {
      stack.push({ node: n.value, depth: depth + 1 });
    }
  }
  const first = (nodes: Node[], what: string) => {
    if (nodes.length === 0) return;
    const sorted = nodes.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    const more = sorted.length > 1 ? ` (${sorted.length} in this file)` : "";
    report(sorted[0]!, `YAML ${what} are not supported: write the value out${more}`);
  };
  first(anchors, "anchors (&name)");
  first(aliases, "aliases (*name)");
  return problems;
}

/** The pairs of a mapping by key, built once per mapping: locating thousands of findings in a map of thousands of keys stays linear. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsOf(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && !index.has(key)) index.set(key, pair as Pair);
    }
    pairIndex.set(map, index);
  }
  return index;
}

/** Line and column of what a pointer names; the nearest existing ancestor when it is missing. */
export function locate(
  source: SourceFile,
  finding: Pick<Finding, "pointer" | "atKey">,
): { line: number; col: number } {
  const { doc, lines } = source.nodes();
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of pointerSegments(finding.pointer)) {
    if (isMap(node)) {
      const pair = pairsOf(node).get(segment);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined || !/^\d+$/.test(segment)) break;
      keyNode = undefined;
      node = item;
    } else {
      break;
    }
  }
  const target = (finding.atKey && keyNode ? keyNode : node) as Node | null;
  return lines.linePos(target?.range?.[0] ?? 0);
}
