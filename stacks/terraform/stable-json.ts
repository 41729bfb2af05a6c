// JSON with keys sorted and two-space indentation, laid out as the stacks have always been written
// (cdktf 0.21 wrote them with json-stable-stringify): an empty object or array still breaks its
// line (`{` newline, indentation, `}`). Keeping the layout keeps every byte of the output, so a
// review of the move off cdktf shows no change at all.
type Json = string | number | boolean | null | undefined | readonly Json[] | { readonly [key: string]: Json };

export function stableJson(value: unknown): string {
  return write(value as Json, 0) ?? "null";
}

function write(value: Json, level: number): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const close = `\n${"  ".repeat(level)}`;
  const open = `${close}  `;
  if (Array.isArray(value)) {
    const items = (value as readonly Json[]).map((item) => open + (write(item, level + 1) ?? "null"));
    return `[${items.join(",")}${close}]`;
  }
  const entries: string[] = [];
  // default sort: UTF-16 code units, as the output has always been ordered
  for (const key of Object.keys(value).sort()) {
    const text = write((value as { readonly [key: string]: Json })[key], level + 1);
    if (text !== undefined) entries.push(`${open}${JSON.stringify(key)}: ${text}`);
  }
  return `{${entries.join(",")}${close}}`;
}
