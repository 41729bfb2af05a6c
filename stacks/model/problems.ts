// Problems found in the configuration, and how they are reported: one per line,
// `file:line:col  /json/pointer  message`, sorted, all at once.

export interface Problem {
  /** Path as shown to the user (relative to the working directory where possible). */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** JSON pointer inside the file; empty for the file as a whole. */
  readonly pointer: string;
  readonly message: string;
}

/** A problem whose position is not known yet: rules speak in pointers, the loader adds lines. */
export interface Finding {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  /** Point at the key rather than its value (unknown keys, bad map keys). */
  readonly atKey?: boolean;
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  return p.pointer ? `${where}  ${shownPointer(p.pointer)}  ${p.message}` : `${where}  ${p.message}`;
}

/**
 * A JSON pointer as people read it: keys as they are written in the file, without RFC 6901's
 * escapes (`/segments/druten/voip/vlan`, not `/segments/druten~1voip/vlan`).
 */
export function shownPointer(p: string): string {
  return pointerSegments(p)
    .map((s) => `/${s}`)
    .join("");
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort(
      (a, b) =>
        compare(a.file, b.file) ||
        a.line - b.line ||
        a.col - b.col ||
        compare(a.pointer, b.pointer) ||
        compare(a.message, b.message),
    )
    .filter((p) => {
      const key = formatProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Locale-independent ordering: the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => "/" + pointerSegment(s)).join("");
}

export function pointerSegments(p: string): string[] {
  if (p === "") return [];
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** "did you mean" by edit distance; undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of [...candidates].sort(compare)) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** ` (did you mean "x"?)` or ` (one of: a, b, c)`, for messages about a name that is not known. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const near = didYouMean(word, candidates);
  if (near) return ` (did you mean "${near}"?)`;
  if (candidates.length === 0) return " (none are defined)";
  const sorted = [...candidates].sort(compare);
  const shown = sorted.slice(0, 12).join(", ");
  return ` (one of: ${shown}${sorted.length > 12 ? `, … ${sorted.length - 12} more` : ""})`;
}

/**
 * Control characters, DEL, the C1 controls and the line and paragraph separators as `\\uXXXX`:
 * text from a file (a value, a file name, a parser's quote) cannot break a report's one line per
 * problem or drive a terminal.
 */
/**
 * 1234567 → "1,234,567", the same on every machine and locale, and without toLocaleString,
 * whose first call loads ICU's locale data (11 ms of every command's start).
 */
export function grouped(n: number | bigint): string {
  return (typeof n === "bigint" ? n : Math.round(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function escapeControls(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A value as shown in an error message: short, one line, quoted when text. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  // JSON leaves U+2028/2029 and C1 controls raw
  const text = escapeControls(typeof value === "string" ? JSON.stringify(value) : String(value));
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}
