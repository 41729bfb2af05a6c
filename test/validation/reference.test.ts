// The guard for the fixtures: a copy of config/ made by the same helper validates clean, so that
// every problem a broken fixture reports comes from its patch.
import { afterEach, describe, expect, it } from "vitest";
import { brokenCases, readExpected, validateCopy } from "../helpers/config-copy.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

describe("the reference configuration", () => {
  let copy: TempConfig | undefined;
  afterEach(() => {
    copy?.remove();
    copy = undefined;
  });

  it("validates with zero problems when copied unmodified", () => {
    copy = tempConfig("irvn-reference-");
    const result = validateCopy(copy);
    expect(result.problems).toEqual([]);
    expect(result.config?.tenants.map((t) => t.id)).toEqual([
      "berg-en-dal",
      "beuningen",
      "druten",
      "heumen",
      "mook-en-middelaar",
      "nijmegen",
      "wijchen",
    ]);
  });

  it("has an expected report for every broken fixture", () => {
    const missing = brokenCases().filter((name) => readExpected(name).length === 0);
    expect(missing).toEqual([]);
  });
});
