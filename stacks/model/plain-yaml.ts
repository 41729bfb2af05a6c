// A fast reader for the plain YAML the configuration is written in. The `yaml` library's lexer,
// parser and composer took 98 ms of the reference `irvn validate`'s 370 ms, and about half its CPU
// at 70 tenants; one pass over the lines here does the same files in a few milliseconds.
// Contract: anything outside the subset below, or anything the full path would report (tabs,
// duplicate or reserved keys, anchors, tags, documents, block or multi-line scalars, deep nesting,
// control characters), is declined, and source.ts reads the file with `yaml` as before: the full
// path is the authority for every message and location. What is read gives the data `doc.toJS()`
// gives (YAML 1.2 core schema, same key order) and the number of lexemes `yaml`'s Lexer counts,
// which the read budget is charged. test/model/plain-yaml.test.ts holds both to the library.
//
// The subset: block mappings of plain keys; block sequences (`- value`, `- key: value`), also at
// their key's indentation; plain scalars and one-line quoted ones; one-line flow sequences and
// mappings of scalars; comments and blank lines.

/** Keys that would change an object's prototype or behaviour; source.ts reports them. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface PlainYaml {
  readonly data: Record<string, unknown>;
  /** The lexemes `yaml`'s Lexer yields for the text, markers included. */
  readonly tokens: number;
}

/** The data and lexeme count of `text`, or undefined when the full path must read it. */
export function readPlainYaml(text: string): PlainYaml | undefined {
  if (!text.endsWith("\n") || UNUSUAL.test(text)) return undefined;
  try {
    const reader = new Reader(text);
    return { data: reader.document(), tokens: reader.tokens };
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

/** Thrown wherever the text leaves the subset; caught once, in readPlainYaml. */
const DECLINE = Symbol("decline");

/** Tabs, CR, other control characters, Unicode line breaks and a BOM past the start. */
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** Characters a plain scalar may not start with (but for `-`, below). */
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");
const FLOW_INDICATORS = new Set(",[]{}");
/** What ends a plain scalar on a line: `: ` or a colon at the end, ` #`, and in flow a flow indicator. */
const BLOCK_PLAIN_STOP = /:(?: |$)| #/g;
const FLOW_PLAIN_STOP = /[:,[\]{}]| #/g;
/** Collections nested deeper than this go to the full path (its limit is MAX_DEPTH, 24). */
const MAX_FAST_DEPTH = 12;
/** YAML allows an implicit key of at most 1024 characters; well below that is plain. */
const MAX_KEY_LENGTH = 1000;
/** Spaces, then a comment or the end of the line. */
const NOTHING_AFTER = / *(?:#|$)/y;

/** One line with content: where it starts, whether a `- ` opens it, and what follows. */
interface Line {
  readonly col: number;
  readonly dash: boolean;
  /** Column of what follows the dash (of the line when there is none). */
  readonly bodyCol: number;
  readonly key?: string;
  /** False for `key:` with nothing after it: the value is on the lines below, or null. */
  readonly hasValue: boolean;
  readonly value?: unknown;
}

class Reader {
  /** The lexer's document-start marker, then what the lines add. */
  tokens = 1;
  private readonly lines: Line[] = [];
  private next = 0;

  constructor(text: string) {
    const raw = text.split("\n");
    raw.pop();
    this.tokens += raw.length; // a newline each
    for (const s of raw) {
      const line = this.line(s);
      if (line) this.lines.push(line);
    }
  }

  document(): Record<string, unknown> {
    const first = this.lines[0];
    if (!first || first.col !== 0 || first.dash || first.key === undefined) throw DECLINE;
    return this.map(0, 1);
  }

  // --- structure: a map or sequence reads its lines and returns at the first line left of it

  private map(col: number, depth: number): Record<string, unknown> {
    if (depth > MAX_FAST_DEPTH) throw DECLINE;
    const out: Record<string, unknown> = {};
    for (;;) {
      const line = this.lines[this.next++]!;
      if (line.key === undefined) throw DECLINE;
      checkKey(out, line.key);
      out[line.key] = line.hasValue ? line.value : this.below(col, depth);
      const following = this.lines[this.next];
      if (!following || following.col < col) return out;
      if (following.col > col || following.dash) throw DECLINE;
    }
  }

  /** The value of a key with nothing after its colon: a block below it, or null. */
  private below(col: number, depth: number): unknown {
    const line = this.lines[this.next];
    if (!line || line.col < col || (line.col === col && !line.dash)) return null;
    if (line.dash) return this.seq(line.col, depth + 1);
    if (line.key === undefined) throw DECLINE;
    return this.map(line.col, depth + 1);
  }

  private seq(col: number, depth: number): unknown[] {
    if (depth > MAX_FAST_DEPTH) throw DECLINE;
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.next]!;
      if (line.key !== undefined) out.push(this.map(line.bodyCol, depth + 1));
      else {
        out.push(line.value);
        this.next++;
      }
      const following = this.lines[this.next];
      if (!following || following.col < col || (following.col === col && !following.dash)) return out;
      if (following.col > col) throw DECLINE;
    }
  }

  // --- one line, and the lexemes it adds

  private line(s: string): Line | undefined {
    let p = this.spaces(s, 0);
    if (p === s.length) return undefined;
    if (s[p] === "#") {
      this.tokens++;
      return undefined;
    }
    if (s.startsWith("---", p) || s.startsWith("...", p)) throw DECLINE;
    const col = p;
    const dash = s[p] === "-" && s[p + 1] === " ";
    if (dash) {
      this.tokens++;
      p = this.spaces(s, p + 1);
    }
    const bodyCol = p;
    const c = s[p];
    if (c === '"' || c === "'" || c === "[" || c === "{") {
      const [value, end] = this.inline(s, p);
      this.end(s, end);
      return { col, dash, bodyCol, hasValue: true, value };
    }
    const end = plainEnd(s, p, false);
    if (s[end] !== ":") {
      this.tokens += 2;
      this.end(s, end);
      return { col, dash, bodyCol, hasValue: true, value: scalar(s.slice(p, end)) };
    }
    const key = s.slice(p, end);
    if (key.length > MAX_KEY_LENGTH || typeof scalar(key) !== "string") throw DECLINE;
    this.tokens += 3; // the scalar's marker and text, the colon
    NOTHING_AFTER.lastIndex = end + 1;
    if (NOTHING_AFTER.test(s)) {
      this.end(s, end + 1);
      return { col, dash, bodyCol, key, hasValue: false };
    }
    const [value, valueEnd] = this.inline(s, this.spaces(s, end + 1));
    this.end(s, valueEnd);
    return { col, dash, bodyCol, key, hasValue: true, value };
  }

  /** A value on the line: quoted, flow or plain; its end. */
  private inline(s: string, p: number): [unknown, number] {
    if (s[p] === "[" || s[p] === "{") return this.flow(s, p);
    if (s[p] === '"' || s[p] === "'") {
      this.tokens++;
      return quoted(s, p);
    }
    const end = plainEnd(s, p, false);
    this.tokens += 2;
    return [scalar(s.slice(p, end)), end];
  }

  /** A flow sequence or mapping closed on the same line, of scalars. */
  private flow(s: string, p: number): [unknown, number] {
    const map = s[p] === "{";
    const close = map ? "}" : "]";
    const out: unknown[] | Record<string, unknown> = map ? {} : [];
    this.tokens++;
    p = this.spaces(s, p + 1);
    if (s[p] === close) {
      this.tokens++;
      return [out, p + 1];
    }
    for (;;) {
      let key: string | undefined;
      if (map) {
        const end = plainEnd(s, p, true);
        if (end === p || s[end] !== ":" || s[end + 1] !== " ") throw DECLINE;
        key = s.slice(p, end);
        if (key.length > MAX_KEY_LENGTH || typeof scalar(key) !== "string") throw DECLINE;
        checkKey(out as Record<string, unknown>, key);
        this.tokens += 3;
        p = this.spaces(s, end + 1);
      }
      const [value, end] = this.flowScalar(s, p);
      if (key === undefined) (out as unknown[]).push(value);
      else (out as Record<string, unknown>)[key] = value;
      p = this.spaces(s, end);
      this.tokens++; // the comma or the closing bracket
      if (s[p] === close) return [out, p + 1];
      if (s[p] !== ",") throw DECLINE;
      p = this.spaces(s, p + 1);
      if (s[p] === close) throw DECLINE; // a trailing comma
    }
  }

  private flowScalar(s: string, p: number): [unknown, number] {
    if (s[p] === '"' || s[p] === "'") {
      this.tokens++;
      return quoted(s, p);
    }
    const end = plainEnd(s, p, true);
    if (end === p) throw DECLINE;
    this.tokens += 2;
    return [scalar(s.slice(p, end)), end];
  }

  /** What may follow a value: spaces, then a comment or the end of the line. */
  private end(s: string, p: number): void {
    const q = this.spaces(s, p);
    if (q === s.length) return;
    if (s[q] !== "#" || q === p) throw DECLINE;
    this.tokens++;
  }

  /** Past a run of spaces, which is one lexeme. */
  private spaces(s: string, p: number): number {
    let q = p;
    while (s.charCodeAt(q) === 32) q++;
    if (q > p) this.tokens++;
    return q;
  }
}

function checkKey(out: Record<string, unknown>, key: string): void {
  if (FORBIDDEN_KEYS.has(key) || Object.hasOwn(out, key)) throw DECLINE;
}

/**
 * Where a plain scalar starting at p ends, trailing spaces left out: before `: ` (or a colon
 * ending the line), ` #`, and in flow before any flow indicator or colon.
 */
function plainEnd(s: string, p: number, flow: boolean): number {
  const first = s[p];
  const second = s[p + 1];
  // `-` may start one when what follows could go on it (not a space, nor in flow an indicator)
  const dashStart =
    first === "-" && second !== undefined && second !== " " && !(flow && FLOW_INDICATORS.has(second));
  if (first === undefined || (INDICATORS.has(first) && !dashStart)) throw DECLINE;
  const stop = flow ? FLOW_PLAIN_STOP : BLOCK_PLAIN_STOP;
  stop.lastIndex = p;
  let q = stop.exec(s)?.index ?? s.length;
  while (s[q - 1] === " ") q--;
  return q;
}

/** A quoted scalar closed on the same line: its value and end. */
function quoted(s: string, p: number): [string, number] {
  if (s[p] === "'") {
    for (let q = s.indexOf("'", p + 1); q >= 0; q = s.indexOf("'", q + 2)) {
      if (s[q + 1] !== "'") return [s.slice(p + 1, q).replaceAll("''", "'"), q + 1];
    }
    throw DECLINE;
  }
  const close = s.indexOf('"', p + 1);
  if (close >= 0 && !s.slice(p + 1, close).includes("\\")) return [s.slice(p + 1, close), close + 1];
  let value = "";
  for (let q = p + 1; q < s.length; q++) {
    const c = s[q]!;
    if (c === '"') return [value, q + 1];
    if (c !== "\\") {
      value += c;
      continue;
    }
    const e = s[++q] ?? "";
    const hex = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hex === 0) {
      if (!(e in ESCAPES)) throw DECLINE;
      value += ESCAPES[e];
      continue;
    }
    const digits = s.slice(q + 1, q + 1 + hex);
    const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex ? parseInt(digits, 16) : NaN;
    if (!(code <= 0x10ffff)) throw DECLINE;
    value += String.fromCodePoint(code);
    q += hex;
  }
  throw DECLINE;
}

/** YAML's escapes in double quotes, but for \x, \u and \U. */
const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

// The YAML 1.2 core schema's plain scalars, tested in the order `yaml` tests them
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** First characters of the scalars that are not strings. */
const NOT_ONLY_TEXT = /^[-+.0-9~nNtTfF]/;

function scalar(text: string): unknown {
  if (!NOT_ONLY_TEXT.test(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (NAN_INF.test(text)) {
    if (text.slice(-3).toLowerCase() === "nan") return NaN;
    return text[0] === "-" ? -Infinity : Infinity;
  }
  if (EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}
