// The semantic comparison on JSON fixtures: one test per kind of change and per risk flag.
import { describe, expect, it } from "vitest";
import { compareTrees } from "../../scripts/diff/compare.ts";
import type { DiffReport, RiskKind } from "../../scripts/diff/types.ts";
import { baseTree, block, changed, items, type MutableTree } from "./fixture.ts";

const diff = (head: MutableTree, changedFiles?: string[]) =>
  compareTrees(baseTree(), head, changedFiles ? { changedFiles } : {});

const headline = (r: DiffReport, owner: string) => r.municipalities.find((m) => m.owner === owner)!.headline;
const kinds = (r: DiffReport): RiskKind[] => r.risks.map((x) => x.kind);
const onlyChanged = (r: DiffReport) => r.municipalities.filter((m) => m.changed).map((m) => m.owner);

describe("compareTrees: what changed", () => {
  it("reports no change for identical trees, naming every municipality and central", () => {
    const r = diff(baseTree());
    expect(r.changed).toBe(false);
    expect(r.municipalities.map((m) => `${m.owner}: ${m.headline}`)).toEqual([
      "berg-en-dal: no change",
      "beuningen: no change",
      "druten: no change",
      "heumen: no change",
      "mook-en-middelaar: no change",
      "nijmegen: no change",
      "wijchen: no change",
      "central: no change",
    ]);
    expect(r.risks).toEqual([]);
  });

  it("reports for_each items added as items of their municipality, in the block's noun", () => {
    const r = diff(
      changed((t) => {
        const hosts = items(block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts"));
        for (const n of ["004", "005"])
          hosts[`druten/office-session-${n}`] = {
            ...hosts["druten/office-session-001"]!,
            name: `irvn-dru-osh-${n}`,
          };
      }),
    );
    expect(headline(r, "druten")).toBe("+2 session hosts");
    expect(onlyChanged(r)).toEqual(["druten"]);
    const b = r.stacks[0]!.blocks[0]!;
    expect(b.address).toBe("vsphere_virtual_machine.session_hosts");
    expect(b.added).toEqual([
      { key: "druten/office-session-004", owner: "druten" },
      { key: "druten/office-session-005", owner: "druten" },
    ]);
    expect(r.risks).toEqual([]);
  });

  it("reports a removed item, and flags it when its type is protected", () => {
    const r = diff(
      changed((t) => {
        delete items(block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts"))[
          "druten/office-session-003"
        ];
        delete items(block(t, "network-druten", "vsphere_distributed_port_group", "port_groups"))[
          "druten/guest-wifi"
        ];
      }),
    );
    expect(headline(r, "druten")).toBe("-1 port group, -1 session host");
    // port groups and VMs are protected by type: irvn apply wants each destroy named
    expect(r.risks).toMatchObject([
      {
        kind: "protected-destroy",
        owner: "druten",
        stack: "network-druten",
        subject: 'vsphere_distributed_port_group.port_groups["druten/guest-wifi"]',
        protected: true,
      },
      {
        kind: "protected-destroy",
        owner: "druten",
        stack: "workplace-druten",
        subject: 'vsphere_virtual_machine.session_hosts["druten/office-session-003"]',
        protected: true,
      },
    ]);
  });

  it("shows a changed item as the attributes that change in vCenter, old → new", () => {
    const r = diff(
      changed((t) => {
        items(block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts"))[
          "druten/office-session-002"
        ]!.cpus = 12;
      }),
    );
    expect(headline(r, "druten")).toBe("1 session host changed");
    expect(r.stacks[0]!.blocks[0]!.changed).toEqual([
      { key: "druten/office-session-002", owner: "druten", changes: [{ path: "num_cpus", old: 8, new: 12 }] },
    ]);
    expect(r.risks).toEqual([]);
  });

  it("counts a change to a table's shared attributes once per instance it reaches", () => {
    const r = diff(
      changed((t) => {
        block(t, "central", "vsphere_resource_pool", "tenant_pools").parent_resource_pool_id =
          "${data.vsphere_resource_pool.root.id}";
      }),
    );
    expect(onlyChanged(r)).toEqual([
      "berg-en-dal",
      "beuningen",
      "druten",
      "heumen",
      "mook-en-middelaar",
      "nijmegen",
      "wijchen",
    ]);
    expect(headline(r, "druten")).toBe("2 resource pools changed");
    const pools = r.stacks.find((s) => s.name === "central")!.blocks[0]!;
    expect(pools.changed).toHaveLength(14);
    expect(pools.changed[0]!.changes[0]).toEqual({
      path: "parent_resource_pool_id",
      old: '${vsphere_compute_cluster.clusters["server"].resource_pool_id}',
      new: "${data.vsphere_resource_pool.root.id}",
    });
  });

  it("reports a stack that appears or disappears with its owner", () => {
    const r = diff(
      changed((t) => {
        delete t.stacks["workplace-druten"];
        const wijchen = baseTree().stacks["workplace-druten"]!;
        const hosts = items(
          block({ ...t, stacks: { w: wijchen } }, "w", "vsphere_virtual_machine", "session_hosts"),
        );
        for (const key of Object.keys(hosts)) {
          hosts[key.replace("druten/", "wijchen/")] = hosts[key]!;
          delete hosts[key];
        }
        t.stacks["workplace-wijchen"] = wijchen;
      }),
    );
    expect(r.stacks.map((s) => [s.name, s.owner, s.status])).toEqual([
      ["workplace-druten", "druten", "removed"],
      ["workplace-wijchen", "wijchen", "added"],
    ]);
    expect(headline(r, "wijchen")).toBe(
      "+1 stack, +1 file server, +3 session hosts, +1 content library item lookup, +1 datastore lookup",
    );
    expect(headline(r, "druten")).toBe(
      "-1 stack, -1 file server, -3 session hosts, -1 content library item lookup, -1 datastore lookup",
    );
  });

  it("counts data sources as lookups and flags nothing for them", () => {
    const r = diff(
      changed((t) => {
        block(t, "central", "vsphere_datastore", "datastores", "data").for_each = {
          ...items(block(t, "central", "vsphere_datastore", "datastores", "data")),
          archive: { name: "nfs-archief" },
        };
      }),
    );
    expect(headline(r, "central")).toBe("+1 datastore lookup");
    expect(r.stacks[0]!.blocks[0]!.address).toBe("data.vsphere_datastore.datastores");
    expect(r.risks).toEqual([]);
  });

  it("ignores cdktf metadata", () => {
    const r = diff(
      changed((t) => {
        (
          block(t, "central", "vsphere_datacenter", "datacenter")["//"] as { metadata: { path: string } }
        ).metadata.path = "elsewhere";
        (t.stacks.central!["//"] as { metadata: { version: string } }).metadata.version = "0.22.0";
      }),
    );
    expect(r.changed).toBe(false);
  });

  it("reports stack settings (provider, backend) under the stack's owner", () => {
    const r = diff(
      changed((t) => {
        (
          t.stacks["network-druten"]!.provider as { vsphere: { vsphere_server: string }[] }
        ).vsphere[0]!.vsphere_server = "vcenter02.irvn.local";
      }),
    );
    expect(headline(r, "druten")).toBe("settings of 1 stack changed");
    expect(r.stacks[0]!.settings!.changes).toEqual([
      {
        path: "provider.vsphere[0].vsphere_server",
        old: "vcenter01.irvn.local",
        new: "vcenter02.irvn.local",
      },
    ]);
  });
});

describe("compareTrees: IPAM lock and documents", () => {
  it("reports allocations added, moved and released, and flags moved and released ones", () => {
    const r = diff(
      changed((t) => {
        const segments = t.ipamLock!.segments as Record<string, { vlan: number; ipv4: string; ipv6: string }>;
        segments["druten/printers"] = { vlan: 116, ipv4: "10.200.198.0/24", ipv6: "2a07:3502:1a4:3002::/64" };
        segments["druten/server"]!.ipv4 = "10.200.210.0/24";
        delete segments["nijmegen/server"];
      }),
    );
    expect(r.allocations.map((a) => [a.section, a.key, a.owner, a.status])).toEqual([
      ["segments", "druten/printers", "druten", "added"],
      ["segments", "druten/server", "druten", "changed"],
      ["segments", "nijmegen/server", "nijmegen", "removed"],
    ]);
    expect(headline(r, "druten")).toBe("+1 allocation, 1 allocation moved");
    expect(r.risks.map((x) => [x.kind, x.subject])).toEqual([
      ["allocation-moved", "segments druten/server"],
      ["allocation-released", "segments nijmegen/server"],
    ]);
    expect(r.risks[0]!.message).toContain('ipv4 "10.200.199.0/24" → "10.200.210.0/24"');
  });

  it("compares the lock only when both sides have one", () => {
    expect(diff(changed((t) => delete t.ipamLock)).changed).toBe(false);
  });

  it("reports documents by path and owner with line counts, never their content", () => {
    const r = diff(
      changed((t) => {
        t.documents["docs/network/druten/ip-plan.md"] += "| voip | 118 | 10.200.200.0/24 |\n";
        t.documents["docs/network/ip-plan.csv"] = t.documents["docs/network/ip-plan.csv"]!.replace(
          "131",
          "132",
        );
        t.documents["docs/network/druten/fibre-gemeentehuis.md"] = "# Fibre\n";
      }),
    );
    expect(r.documents).toEqual([
      {
        path: "docs/network/druten/fibre-gemeentehuis.md",
        owner: "druten",
        status: "added",
        linesBefore: 0,
        linesAfter: 1,
        linesAdded: 1,
        linesRemoved: 0,
      },
      {
        path: "docs/network/druten/ip-plan.md",
        owner: "druten",
        status: "changed",
        linesBefore: 6,
        linesAfter: 7,
        linesAdded: 1,
        linesRemoved: 0,
      },
      {
        path: "docs/network/ip-plan.csv",
        owner: "central",
        status: "changed",
        linesBefore: 4,
        linesAfter: 4,
        linesAdded: 1,
        linesRemoved: 1,
      },
    ]);
    expect(headline(r, "druten")).toBe("+1 document, 1 document changed");
    expect(JSON.stringify(r)).not.toContain("10.200.200.0/24");
  });
});

describe("compareTrees: risk flags", () => {
  it("flags a cluster rename as a rename of a protected resource, resolved from its for_each item", () => {
    const r = diff(
      changed((t) => {
        items(block(t, "central", "vsphere_compute_cluster", "clusters")).werkplek!.name = "IRVN-Werkplek-2";
      }),
    );
    expect(r.risks).toEqual([
      {
        kind: "rename",
        owner: "central",
        stack: "central",
        subject: 'vsphere_compute_cluster.clusters["werkplek"]',
        protected: true,
        message: expect.stringMatching(/^renamed — name "IRVN-Werkplek" → "IRVN-Werkplek-2": .*data sources/),
      },
    ]);
  });

  it("flags a port group rename in a tenant's network stack", () => {
    const r = diff(
      changed((t) => {
        items(block(t, "network-druten", "vsphere_distributed_port_group", "port_groups"))[
          "druten/server"
        ]!.name = "irvn-druten-servers";
      }),
    );
    expect(r.risks).toMatchObject([{ kind: "rename", owner: "druten", protected: true }]);
    expect(headline(r, "druten")).toBe("1 port group changed");
  });

  it("flags an attribute that forces replacement; on a protected resource as a protected destroy", () => {
    const r = diff(
      changed((t) => {
        block(t, "central", "vsphere_content_library", "content_library").name = "IRVN Sjablonen";
        items(block(t, "central", "vsphere_folder", "tenant_folders")).druten!.path = "irvn/druten-oud";
        block(t, "central", "vsphere_folder", "tenant_folders").type = "network";
      }),
    );
    expect(r.risks.map((x) => [x.kind, x.subject, x.message.split(" — ")[0]])).toEqual([
      ["protected-destroy", "vsphere_content_library.content_library", "forces replacement"],
      ...["berg-en-dal", "beuningen", "druten", "heumen", "mook-en-middelaar", "nijmegen", "wijchen"].map(
        (t) => ["replace", `vsphere_folder.tenant_folders["${t}"]`, "forces replacement"],
      ),
      ["rename", 'vsphere_folder.tenant_folders["druten"]', "renamed"],
    ]);
  });

  it("flags a VM whose clone block changes, unless terraform is told to ignore that change", () => {
    const r = diff(
      changed((t) => {
        items(block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts"))[
          "druten/office-session-001"
        ]!.template = "win-desktop";
        const fs = block(t, "workplace-druten", "vsphere_virtual_machine", "file_server");
        (fs.clone as { template_uuid: string }[])[0]!.template_uuid =
          '${data.vsphere_content_library_item.templates["win-desktop"].id}';
      }),
    );
    expect(headline(r, "druten")).toBe("1 file server replaced, 1 session host changed");
    expect(r.risks).toMatchObject([
      {
        kind: "protected-destroy",
        subject: "vsphere_virtual_machine.file_server",
        message: expect.stringContaining("forces replacement — clone"),
      },
    ]);
  });

  it("flags a relabelled disk as data loss, not as a replacement, and an added disk not at all", () => {
    // A label that disappears makes the provider delete that disk with its file and create an
    // empty one under the new label, in place (see disk.label in the provider facts).
    const disks = (t: MutableTree) =>
      block(t, "workplace-druten", "vsphere_virtual_machine", "file_server").disk as {
        label: string;
        size?: number;
      }[];
    const relabel = diff(changed((t) => void (disks(t)[1]!.label = "gegevens")));
    expect(relabel.risks).toMatchObject([
      {
        kind: "data-loss",
        subject: "vsphere_virtual_machine.file_server",
        message: expect.stringMatching(
          /^disk\.label "data" disappears: .*deleted with its file.*\(vsphere\/.+\.go:\d+\)$/,
        ),
      },
    ]);
    const added = diff(changed((t) => void disks(t).push({ label: "logs", size: 50 })));
    expect(added.changed).toBe(true);
    expect(added.risks).toEqual([]);
  });

  it("flags a relabelled disk of an adopted VM, whose disks are a dynamic block over its own list", () => {
    // the adopted VMs' shape: each item of the table holds its disks (stacks/compute-stack.ts)
    const adopted = (label: string) =>
      changed((t) => {
        const vms = t.stacks["workplace-druten"]!.resource as Record<string, Record<string, unknown>>;
        vms.vsphere_virtual_machine!.adopted_vms = {
          for_each: { "druten/app-001": { hostname: "dru-app001", disks: [{ label, size: 80 }] } },
          name: "${each.value.hostname}",
          resource_pool_id: "pool",
          dynamic: {
            disk: {
              for_each: "${each.value.disks}",
              content: { label: "${disk.value.label}", size: "${disk.value.size}" },
            },
          },
        };
      });
    const r = compareTrees(adopted("Hard disk 1"), adopted("os"));
    expect(r.risks).toMatchObject([
      {
        kind: "data-loss",
        subject: 'vsphere_virtual_machine.adopted_vms["druten/app-001"]',
        message: expect.stringMatching(/^disk\.label "Hard disk 1" disappears: .*deleted with its file/),
      },
    ]);
  });

  it("takes replacement from the provider facts, most specific attribute first", () => {
    const r = diff(
      changed((t) => {
        items(block(t, "central", "vsphere_tag_category", "tag_categories")).tenant!.cardinality = "MULTIPLE";
        const clone = block(t, "workplace-druten", "vsphere_virtual_machine", "file_server").clone as {
          timeout?: number;
          customize: { timeout?: number }[];
        }[];
        clone[0]!.timeout = 60;
        clone[0]!.customize[0]!.timeout = 20;
      }),
    );
    expect(r.risks.map((x) => [x.kind, x.subject, x.message])).toEqual([
      [
        "protected-destroy",
        "vsphere_virtual_machine.file_server",
        "forces replacement — clone.customize.timeout (unset) → 20: the provider cannot change it in place (vsphere/resource_vsphere_virtual_machine.go:1063)",
      ],
    ]);
  });

  it("flags a drift trap the change opens (an ignore_changes entry dropped), with the provider's reason", () => {
    const guarded = changed((t) => {
      const pg = block(t, "network-druten", "vsphere_distributed_port_group", "port_groups");
      pg.lifecycle = { ...(pg.lifecycle as object), ignore_changes: ["custom_attributes"] };
    });
    const r = compareTrees(guarded, baseTree());
    expect(r.risks).toMatchObject([
      {
        kind: "drift-trap",
        owner: "druten",
        stack: "network-druten",
        subject: "vsphere_distributed_port_group.port_groups",
        message: expect.stringMatching(
          /^custom_attributes is neither set nor ignored: .*\(vsphere\/.+\.go:\d+\)$/,
        ),
      },
    ]);
    // the traps the base side already left open are not this change's doing
    expect(kinds(compareTrees(baseTree(), guarded))).toEqual([]);
  });

  it("flags prevent_destroy being taken away", () => {
    const r = diff(
      changed((t) => {
        delete block(t, "central", "vsphere_datacenter", "datacenter").lifecycle;
      }),
    );
    expect(kinds(r)).toEqual(["protection-removed"]);
  });

  it("treats a block marked protected (prevent_destroy or irvn's mark) as protected, whatever its type", () => {
    const gone = changed((t) => {
      delete (t.stacks.central!.resource as Record<string, Record<string, unknown>>).vsphere_folder!
        .root_folder;
    });
    for (const mark of [{ lifecycle: { prevent_destroy: true } }, { "//": { irvn: { protected: true } } }]) {
      const guarded = changed((t) => {
        Object.assign(block(t, "central", "vsphere_folder", "root_folder"), mark);
      });
      expect(compareTrees(guarded, gone).risks).toMatchObject([
        {
          kind: "protected-destroy",
          message: expect.stringContaining("irvn apply stops unless --allow-destroy names it"),
        },
      ]);
    }
    expect(kinds(compareTrees(baseTree(), gone))).toEqual([]);
  });

  it("flags municipalities touched although their file did not change (blast radius)", () => {
    const head = changed((t) => {
      items(block(t, "workplace-druten", "vsphere_virtual_machine", "session_hosts"))[
        "druten/office-session-001"
      ]!.cpus = 4;
      items(block(t, "central", "vsphere_folder", "tenant_folders")).nijmegen!.tenant_tag = "tenant/nijmegen";
      (t.ipamLock!.segments as Record<string, object>)["nijmegen/voip"] = {
        vlan: 132,
        ipv4: "10.201.136.0/24",
        ipv6: "2a07:3502:1a4:6004::/64",
      };
    });
    const r = diff(head, ["config/municipalities/druten.yaml"]);
    expect(r.risks).toEqual([
      {
        kind: "blast-radius",
        owner: "nijmegen",
        subject: "nijmegen",
        message:
          "touched although its municipality file did not change (changed: config/municipalities/druten.yaml)",
      },
    ]);
    expect(diff(head).risks).toEqual([]);
    expect(diff(head, []).risks.map((x) => [x.owner, x.message])).toEqual([
      ["druten", expect.stringContaining("no configuration file changed")],
      ["nijmegen", expect.stringContaining("no configuration file changed")],
    ]);
  });

  it("lists risks most severe first, in a stable order", () => {
    const r = diff(
      changed((t) => {
        items(block(t, "central", "vsphere_compute_cluster", "clusters")).werkplek!.name = "IRVN-Werkplek-2";
        delete items(block(t, "network-druten", "vsphere_distributed_port_group", "port_groups"))[
          "druten/voip"
        ];
        (t.ipamLock!.segments as Record<string, { ipv4: string }>)["druten/server"]!.ipv4 = "10.200.210.0/24";
      }),
      [],
    );
    expect(kinds(r)).toEqual(["protected-destroy", "allocation-moved", "rename", "blast-radius"]);
  });
});
