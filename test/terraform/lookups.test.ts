// Which upstream changes hold a dependent back: objects it finds by name created, replaced or
// renamed, or outputs it reads changed; anything else lets it be planned in the same round.
import { describe, expect, it } from "vitest";
import { lookupsOf, waitReasons } from "../../scripts/terraform/lookups.ts";
import type { ResourceChangeSummary, StackPlanSummary } from "../../scripts/terraform/plan-summary.ts";

const summary = (changes: Partial<ResourceChangeSummary>[], outputChanges = 0): StackPlanSummary => ({
  stack: "central",
  changes: changes.map((c) => ({
    address: "x",
    type: "vsphere_tag",
    municipality: "central",
    kind: "add",
    protected: false,
    attributes: [],
    ...c,
  })),
  outputChanges,
  totals: { add: 0, change: 0, replace: 0, destroy: 0 },
  byType: {},
  byMunicipality: {},
});

const workplace = lookupsOf({
  data: { vsphere_tag: { tags: {} }, vsphere_network: { networks: {} }, vsphere_datastore: { ds: {} } },
});

describe("waitReasons", () => {
  it("reads the resource types a stack finds by name from its data sources", () => {
    expect([...workplace.types].sort()).toEqual(["vsphere_distributed_port_group", "vsphere_tag"]);
    expect(workplace.remoteState).toBe(false);
  });

  it.each([
    [[{ kind: "add" }], 0, ["vsphere_tag created"]],
    [[{ kind: "replace" }], 0, ["vsphere_tag replaced"]],
    [[{ kind: "change", attributes: ["name"] }], 0, ["vsphere_tag renamed"]],
    [[{ kind: "change", attributes: ["description"] }], 0, []],
    [[{ kind: "destroy" }], 0, []],
    [[{ kind: "add", type: "vsphere_folder" }], 0, []],
    [
      [{ kind: "add", type: "vsphere_distributed_port_group" }],
      0,
      ["vsphere_distributed_port_group created"],
    ],
    [[], 3, []],
  ] as const)("%j with %i output changes → %j", (changes, outputs, expected) => {
    expect(waitReasons(summary([...changes], outputs), workplace)).toEqual(expected);
  });

  it("holds back a stack that reads upstream outputs when they change", () => {
    expect(
      waitReasons(summary([], 1), lookupsOf({ data: { terraform_remote_state: { central: {} } } })),
    ).toEqual(["outputs changed"]);
  });
});
