// Reading one YAML file defensively: size, UTF-8, YAML syntax, duplicate keys, anchors,
// tags, nesting depth and dangerous keys are all reported as located problems, never thrown.
import { readFileSync, statSync } from "node:fs";
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from "yaml";
import { type Finding, type Problem, pointerSegments } from "./problems.ts";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 24;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface SourceFile {
  /** Path as shown in messages. */
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** Plain data (null-prototype free of dangerous keys); undefined when the file could not be read. */
  readonly data: unknown;
}

export interface ReadResult {
  readonly source?: SourceFile;
  readonly problems: Problem[];
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
  return lo;
}

/** Reads and parses one file. `display` is the path used in messages. */
export function readYaml(path: string, display: string): ReadResult {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      return {
        problems: [
          at(
            display,
            1,
            1,
            `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}: split it or remove what is not configuration`,
          ),
        ],
      };
    }
    bytes = readFileSync(path);
  } catch (err) {
    return {
      problems: [
        at(display, 1, 1, `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? "error"}`),
      ],
    };
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { line, col } = bytePosition(bytes, firstInvalidUtf8(bytes));
    return { problems: [at(display, line, col, "invalid UTF-8: save the file as UTF-8")] };
  }

  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
  });
  const problems: Problem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    const message = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    problems.push(at(display, pos.line, pos.col, yamlAdvice(e.code, message)));
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
  return { source: { file: display, doc, lines, data }, problems: [] };
}

function yamlAdvice(code: string, message: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "duplicate key: each key may appear once in a mapping; remove or merge the second one";
    case "TAB_AS_INDENT":
      return "tab used for indentation: YAML indents with spaces only";
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
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    const n = node as Node;
    if (depth > MAX_DEPTH) {
      report(n, `nested more than ${MAX_DEPTH} levels deep: the configuration never needs this; flatten it`);
      break;
    }
    if (isAlias(n)) {
      report(n, "YAML aliases (*name) are not supported: write the value out");
      continue;
    }
    if ("anchor" in n && n.anchor) report(n, "YAML anchors (&name) are not supported: write the value out");
    if ("tag" in n && n.tag && !n.tag.startsWith("tag:yaml.org,2002:")) {
      report(n, `YAML tag ${n.tag} is not supported: remove it`);
    }
    if (isMap(n)) {
      for (const pair of n.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || typeof key.value !== "string") {
          report(key ?? n, "keys must be plain text: quote it or use a name");
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
  return problems;
}

/** Line and column of what a pointer names; the nearest existing ancestor when it is missing. */
export function locate(
  source: SourceFile,
  finding: Pick<Finding, "pointer" | "atKey">,
): { line: number; col: number } {
  let node: unknown = source.doc.contents;
  let keyNode: Node | undefined;
  for (const segment of pointerSegments(finding.pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
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
  return source.lines.linePos(target?.range?.[0] ?? 0);
}
