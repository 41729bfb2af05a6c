// Every folder under test/fixtures/broken is a broken configuration (a patch on config/) with the
// exact report `irvn validate` must give for it: located, sorted, all at once, never a throw.
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  brokenCases,
  expectedPath,
  materialise,
  readExpected,
  reportLines,
  validateCopy,
} from "../helpers/config-copy.ts";
import type { TempConfig } from "../helpers/temp-config.ts";

// IRVN_UPDATE_FIXTURES=1 rewrites expected.txt from what validate says now: review the diff.
const UPDATE = process.env.IRVN_UPDATE_FIXTURES === "1";
const CASES = brokenCases();

describe("validate on broken configurations (test/fixtures/broken)", () => {
  let copy: TempConfig | undefined;
  afterEach(() => {
    copy?.remove();
    copy = undefined;
  });

  it("has the cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)("%s", (name) => {
    copy = materialise(name);
    const result = validateCopy(copy);
    const lines = reportLines(result.problems);
    if (UPDATE) writeFileSync(expectedPath(name), lines.join("\n") + "\n");

    expect(result.config, "a broken configuration must not come back as valid").toBeUndefined();
    expect(lines).toEqual(readExpected(name));
    for (const p of result.problems) {
      expect(p.file).toMatch(/^config(\/|$)/);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      // one report line per problem, whatever the input held
      expect(lines.join("\n").split("\n")).toHaveLength(lines.length);
    }
  });
});
