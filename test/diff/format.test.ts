// Values in the comment stay one short line; long lists are cut between their items.
import { describe, expect, it } from "vitest";
import { formatPair, formatValue } from "../../scripts/diff/format.ts";

const ids = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `vm-${String(i + from).padStart(4, "0")}`);

describe("formatting values", () => {
  it("keeps a short list as JSON", () => {
    expect(formatValue(["a", "b"])).toBe('["a","b"]');
  });

  it("cuts a long list between items and counts the rest, never inside an id", () => {
    const text = formatValue(ids(40));
    expect(text).toMatch(/^\["vm-0001", "vm-0002", .*"vm-\d{4}", … \d+ more\]$/);
    expect(text.length).toBeLessThan(110);
  });

  it("shows two long lists from the first item where they differ", () => {
    const [old, next] = formatPair(ids(40), [...ids(30), "vm-9999", ...ids(9, 32)]);
    expect(old).toMatch(/^\[… 30 the same, "vm-0031", "vm-0032"/);
    expect(next).toMatch(/^\[… 30 the same, "vm-9999", "vm-0032"/);
  });
});
