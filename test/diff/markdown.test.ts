// The merge-request comment: headlines, risks, collapsed details, cut lists, stable order, and
// a snapshot of a fixture pair with one change of each kind.
import { describe, expect, it } from "vitest";
import { compareTrees } from "../../scripts/diff/compare.ts";
import { LIMITS, renderMarkdown } from "../../scripts/diff/markdown.ts";
import { baseTree, block, changed, items, type MutableTree } from "./fixture.ts";

const render = (head: MutableTree, changedFiles?: string[]) =>
  renderMarkdown(
    compareTrees(baseTree(), head, {
      baseLabel: "main (1a2b3c4)",
      headLabel: "working tree",
      ...(changedFiles ? { changedFiles } : {}),
    }),
  );

function addHosts(t: MutableTree, count: number, reverse = false) {
  const hosts = items(block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts"));
  const numbers = Array.from({ length: count }, (_, i) => String(i + 4).padStart(3, "0"));
  for (const n of reverse ? numbers.reverse() : numbers) {
    hosts[`druten/office-session-${n}`] = {
      ...hosts["druten/office-session-001"]!,
      name: `irvn-dru-osh-${n}`,
    };
  }
}

/** One change of each kind: items added and removed, a rename, a replacement, an allocation, a document, a secret. */
function everyKindOfChange(t: MutableTree) {
  addHosts(t, 14);
  delete items(block(t, "network-druten", "vsphere_distributed_port_group", "port_groups"))[
    "druten/guest-wifi"
  ];
  items(block(t, "central", "vsphere_compute_cluster", "clusters")).werkplek!.name = "IRVN-Werkplek-2";
  block(t, "central", "vsphere_compute_cluster", "clusters").drs_automation_level = "partiallyAutomated";
  (
    block(t, "workplace-druten", "vsphere_virtual_machine", "file_server").disk as { label: string }[]
  )[1]!.label = "gegevens";
  const clone = block(t, "workplace-druten", "vsphere_virtual_machine", "file_server").clone as {
    customize: { windows_options: { admin_password: string }[] }[];
  }[];
  clone[0]!.customize[0]!.windows_options[0]!.admin_password = "Fixture-Geheim-2";
  (t.ipamLock!.segments as Record<string, { ipv4: string }>)["nijmegen/server"]!.ipv4 = "10.201.140.0/24";
  t.documents["docs/network/druten/ip-plan.md"] += "| voip | 118 | 10.200.200.0/24 |\n";
}

describe("renderMarkdown", () => {
  it("says so when nothing changed, and still names every municipality", () => {
    const md = render(baseTree());
    expect(md).toContain("No differences in the generated configuration.");
    expect(md).toContain("- **druten**: no change");
    expect(md).toContain("- **central**: no change");
    expect(md).not.toContain("<details>");
  });

  it("puts one headline per municipality first and the details in collapsed sections", () => {
    const md = render(changed((t) => addHosts(t, 2)));
    expect(md).toContain("- **druten**: +2 session hosts\n");
    expect(md).toContain("- **nijmegen**: no change\n");
    expect(md).toContain("<details><summary>druten: +2 session hosts</summary>\n\n");
    expect(md.match(/<details>/g)).toHaveLength(1);
  });

  it("names municipalities by name where their files state one, ids staying the keys", () => {
    const withNames = (t: MutableTree) => ({ ...t, tenantNames: { druten: "Druten", nijmegen: "Nijmegen" } });
    const report = compareTrees(withNames(baseTree()), withNames(changed((t) => addHosts(t, 2))));
    const md = renderMarkdown(report);
    expect(md).toContain("- **Druten**: +2 session hosts\n");
    expect(md).toContain("- **Nijmegen**: no change\n");
    expect(md).toContain("<details><summary>Druten: +2 session hosts</summary>");
    expect(md).not.toContain("**druten**");
    expect(report.municipalities.map((m) => m.owner)).toContain("druten");
  });

  it("cuts long lists with a count", () => {
    const md = render(changed((t) => addHosts(t, LIMITS.keys + 5)));
    expect(md).toContain(`added (${LIMITS.keys + 5}): `);
    expect(md).toContain("`druten/office-session-013` … and 5 more");
    expect(md).not.toContain("druten/office-session-014");
  });

  it("writes instances with identical changes as one line", () => {
    const md = render(
      changed((t) => {
        block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts").folder =
          "irvn/druten/werkplekken";
      }),
    );
    expect(md).toContain(
      '    - `druten/office-session-001`, `druten/office-session-002`, `druten/office-session-003`: `folder` `"irvn/druten"` → `"irvn/druten/werkplekken"`',
    );
  });

  it("is the same whatever order the items were written in", () => {
    expect(render(changed((t) => addHosts(t, 12, true)))).toBe(render(changed((t) => addHosts(t, 12))));
  });

  it("keeps values with backticks and angle brackets intact and harmless", () => {
    const md = render(
      changed((t) => {
        block(t, "central", "vsphere_content_library", "content_library").description = "images `golden` <b>";
      }),
    );
    expect(md).toContain('`` "images `golden` <b>" ``');
  });

  it("shows where long values differ instead of cutting the difference off", () => {
    const md = render(
      changed((t) => {
        const pg = items(block(t, "network-druten", "vsphere_distributed_port_group", "port_groups"))[
          "druten/printers"
        ]!;
        pg.description = String(pg.description).replace("zone printers", "zone printers-oud");
      }),
    );
    expect(md).toMatch(/`description` `….*zone printers \(BBN 1\)"` → `….*zone printers-oud \(BBN 1\)"`/);
  });

  it("matches the snapshot for a change of every kind", async () => {
    const md = render(changed(everyKindOfChange), [
      "config/municipalities/druten.yaml",
      "config/region.yaml",
    ]);
    expect(md).not.toContain("Fixture-Geheim");
    await expect(md).toMatchFileSnapshot("__snapshots__/every-kind-of-change.md");
  });
});

describe("risks in the comment", () => {
  it("are one bullet per finding: the same risk on many instances of a block is counted, with the first keys", () => {
    const base = baseTree();
    addHosts(base, 14);
    const md = renderMarkdown(
      compareTrees(base, baseTree(), { baseLabel: "main", headLabel: "working tree" }),
    );
    const bullets = md.split("\n").filter((l) => l.startsWith("- **protected resource destroyed**"));
    expect(bullets).toHaveLength(1);
    expect(bullets[0]).toContain("`vsphere_virtual_machine.session_hosts` × 14 (`druten/office-session-004`");
    expect(bullets[0]).toContain("… and 9 more");
    expect(md).toContain("#### Risks (1)\n");
  });
});
