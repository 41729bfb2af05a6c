// The benchmark hook times the comparison alone, on trees already loaded.
import { describe, expect, it } from "vitest";
import { timeComparison } from "../../scripts/diff/bench.ts";
import { baseTree, block, changed, items } from "./fixture.ts";

describe("timeComparison", () => {
  it("returns median times, the size measured and whether anything changed", () => {
    const head = changed((t) => {
      items(block(t, "central", "vsphere_compute_cluster", "clusters")).werkplek!.name = "IRVN-Werkplek-2";
    });
    const timing = timeComparison(baseTree(), head, 3);
    expect(timing.runs).toBe(3);
    expect(timing.changed).toBe(true);
    expect(timing.compareMs).toBeGreaterThan(0);
    expect(timing.renderMs).toBeGreaterThanOrEqual(0);
    expect(timing.instances).toBeGreaterThan(50);
  });
});
