// Summaries of `terraform show -json` plans: what counts as which change, which municipality it
// belongs to, which resources are protected, and that no value ever reaches the summary.
import { describe, expect, it } from "vitest";
import { unapprovedDestroys } from "../../scripts/terraform/guardrails.ts";
import type { PlanJson, PlanResourceChange } from "../../scripts/terraform/plan-json.ts";
import { buildReport, renderJson, renderMarkdown } from "../../scripts/terraform/plan-report.ts";
import { changeKind, municipalityOf, summarizePlan } from "../../scripts/terraform/plan-summary.ts";
import type { StackConfig } from "../../scripts/terraform/stack-config.ts";

const TENANTS = new Set(["nijmegen", "druten", "berg-en-dal"]);
const SECRET = "vc-Passw0rd-in-plan";

function rc(
  address: string,
  actions: PlanResourceChange["change"]["actions"],
  extra: Partial<PlanResourceChange> = {},
) {
  const match = /^(\w+)\.(\w+)(?:\["(.*)"\])?$/.exec(address)!;
  return {
    address,
    mode: "managed",
    type: match[1]!,
    name: match[2]!,
    ...(match[3] === undefined ? {} : { index: match[3] }),
    change: { actions, before: null, after: null },
    ...extra,
  } as PlanResourceChange;
}

describe("changeKind", () => {
  it.each([
    [["create"], "add"],
    [["update"], "change"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["delete"], "destroy"],
    [["no-op"], undefined],
    [["read"], undefined],
    [["forget"], undefined],
  ] as const)("%j → %s", (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });
});

describe("municipalityOf", () => {
  it.each([
    ["nijmegen/werkplek-0042", "workplace-nijmegen", "nijmegen"],
    ["druten", "network", "druten"],
    ["berg-en-dal/beheer", "network-berg-en-dal", "berg-en-dal"],
    ["management", "central", "central"],
    [undefined, "network-druten", "druten"],
    [undefined, "network", "central"],
    [3, "central", "central"],
    ["onbekend/x", "network-ghost", "central"],
  ] as const)("key %j in stack %s → %s", (index, stack, expected) => {
    expect(municipalityOf(index, stack, TENANTS)).toBe(expected);
  });
});

describe("summarizePlan", () => {
  const config: StackConfig = {
    resource: {
      vsphere_folder: { marked: { "//": { irvn: { protected: true } } } },
      vsphere_virtual_machine: { vm: {} },
      vsphere_resource_pool: { pinned: { lifecycle: { prevent_destroy: true } } },
    },
  };
  const plan: PlanJson = {
    format_version: "1.2",
    variables: { vsphere_password: { value: SECRET } },
    resource_changes: [
      rc('vsphere_virtual_machine.vm["nijmegen/werkplek-0002"]', ["create"]),
      rc('vsphere_virtual_machine.vm["nijmegen/werkplek-0001"]', ["update"], {
        change: {
          actions: ["update"],
          before: { num_cpus: 2, memory: 8192, annotation: SECRET, name: "w1" },
          after: { num_cpus: 4, memory: 8192, annotation: "other", name: "w1" },
          after_unknown: { uuid: true },
          before_sensitive: { annotation: true },
          after_sensitive: { annotation: true },
        },
      }),
      rc('vsphere_virtual_machine.vm["druten/werkplek-0001"]', ["delete", "create"], {
        change: {
          actions: ["delete", "create"],
          replace_paths: [["clone", 0, "template_uuid"], ["datastore_id"]],
        },
      }),
      rc('vsphere_distributed_port_group.pg["druten/werkplek"]', ["delete"]),
      rc("vsphere_folder.marked", ["delete"]),
      rc("vsphere_resource_pool.pinned", ["delete"]),
      rc("vsphere_tag.unchanged", ["no-op"]),
      { ...rc("vsphere_datastore.lookup", ["read"]), mode: "data" },
    ],
    output_changes: { ips: { actions: ["update"] }, same: { actions: ["no-op"] } },
  };
  const summary = summarizePlan("workplace-nijmegen", plan, config, TENANTS);

  it("counts by kind, type and municipality, leaving out no-ops and data sources", () => {
    expect(summary.totals).toEqual({ add: 1, change: 1, replace: 1, destroy: 3 });
    expect(summary.byMunicipality).toEqual({
      druten: { add: 0, change: 0, replace: 1, destroy: 1 },
      nijmegen: { add: 1, change: 1, replace: 0, destroy: 2 },
    });
    expect(summary.byType).toEqual({
      vsphere_distributed_port_group: { add: 0, change: 0, replace: 0, destroy: 1 },
      vsphere_folder: { add: 0, change: 0, replace: 0, destroy: 1 },
      vsphere_resource_pool: { add: 0, change: 0, replace: 0, destroy: 1 },
      vsphere_virtual_machine: { add: 1, change: 1, replace: 1, destroy: 0 },
    });
    expect(summary.outputChanges).toBe(1);
    expect(summary.changes.map((c) => c.address)).toEqual([...summary.changes.map((c) => c.address)].sort());
  });

  it("names changed attributes, marks sensitive ones and says what forces a replacement", () => {
    const byAddress = Object.fromEntries(summary.changes.map((c) => [c.address, c]));
    expect(byAddress['vsphere_virtual_machine.vm["nijmegen/werkplek-0001"]']!.attributes).toEqual([
      "annotation (sensitive)",
      "num_cpus",
      "uuid",
    ]);
    expect(byAddress['vsphere_virtual_machine.vm["druten/werkplek-0001"]']!.attributes).toEqual([
      "clone",
      "datastore_id",
    ]);
  });

  it("marks protected resources by type, by the irvn mark and by prevent_destroy", () => {
    expect(summary.changes.filter((c) => c.protected).map((c) => c.address)).toEqual([
      'vsphere_distributed_port_group.pg["druten/werkplek"]',
      "vsphere_folder.marked",
      "vsphere_resource_pool.pinned",
      'vsphere_virtual_machine.vm["druten/werkplek-0001"]',
      'vsphere_virtual_machine.vm["nijmegen/werkplek-0001"]',
      'vsphere_virtual_machine.vm["nijmegen/werkplek-0002"]',
    ]);
    expect(unapprovedDestroys(summary, new Set(["vsphere_folder.marked"])).map((c) => c.address)).toEqual([
      'vsphere_distributed_port_group.pg["druten/werkplek"]',
      "vsphere_resource_pool.pinned",
      'vsphere_virtual_machine.vm["druten/werkplek-0001"]',
    ]);
  });

  it("renders Markdown and JSON without any value from the plan", () => {
    const report = buildReport([
      { stack: "workplace-nijmegen", status: "planned", summary },
      { stack: "workplace-druten", status: "failed", message: "Error: boom ``` fenced" },
      { stack: "workplace-wijchen", status: "skipped", message: "not run: it depends on workplace-druten" },
    ]);
    const markdown = renderMarkdown(report);
    const json = renderJson(report);
    for (const text of [markdown, json]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("8192");
    }
    expect(markdown).toContain("**1 of 3 stacks change**, **2 could not be planned**");
    expect(markdown).toContain("**4 protected resources would be destroyed or replaced.**");
    expect(markdown).toContain("| druten | 0 | 0 | 1 | 1 |");
    expect(markdown).toContain(
      '- `-/+` `vsphere_virtual_machine.vm["druten/werkplek-0001"]` (forced by clone, datastore_id)',
    );
    expect(markdown).toContain("- `-` `vsphere_folder.marked` **protected**");
    // A message holding a code fence is wrapped in a longer fence.
    expect(markdown).toContain("````text\nError: boom ``` fenced\n````");
    expect(JSON.parse(json)).toMatchObject({
      version: 1,
      totals: { add: 1, change: 1, replace: 1, destroy: 3 },
      stacks: [
        { stack: "workplace-nijmegen", status: "changes" },
        { status: "failed" },
        { status: "skipped" },
      ],
    });
  });
});
