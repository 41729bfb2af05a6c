// The shadow itself, on small hand-written stacks: it must be able to say no. Terraform refuses
// to retire an item of a prevent_destroy table, replaces on a ForceNew change unless it is
// ignored, follows a renamed object through its lookups, and fails a lookup that finds nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { skipBecause, terraformMissing } from "../terraform/helpers.ts";
import { buildShadow, PROVIDER_FACTS } from "./shadow.ts";
import type { Stacks } from "./states.ts";
import { ShadowWorkspace } from "./terraform.ts";

const work = mkdtempSync(join(tmpdir(), "irvn-shadow-"));
let n = 0;

/** Applies `before`, then plans `after`: what terraform would do. */
async function judge(before: Stacks, after: Stacks) {
  const ws = new ShadowWorkspace(join(work, String(++n)));
  const applied = await ws.plan(buildShadow(before, PROVIDER_FACTS), { apply: true });
  expect(applied.refused).toEqual([]);
  const planned = await ws.plan(buildShadow(after, PROVIDER_FACTS));
  return {
    refused: planned.refused,
    actions: planned.changes.map(
      (c) => `${c.action} ${c.stack} ${c.block}${c.key === null ? "" : `[${c.key}]`}`,
    ),
  };
}

const network = (keys: string[], lifecycle?: object): Stacks => ({
  network: {
    resource: {
      vsphere_distributed_port_group: {
        pg: {
          for_each: Object.fromEntries(keys.map((k, i) => [k, { name: `pg-${k}`, vlan: 100 + i }])),
          name: "${each.value.name}",
          vlan_id: "${each.value.vlan}",
          distributed_virtual_switch_uuid: "dvs-1",
          ...(lifecycle ? { lifecycle } : {}),
        },
      },
    },
  },
});

const vms = (template: string, lifecycle?: object): Stacks => ({
  workplace: {
    data: {
      vsphere_content_library_item: { item: { name: template, library_id: "lib", type: "ovf" } },
    },
    resource: {
      vsphere_virtual_machine: {
        vms: {
          for_each: { a: { name: "vm-a" } },
          name: "${each.value.name}",
          resource_pool_id: "pool",
          num_cpus: 2,
          clone: { template_uuid: "${data.vsphere_content_library_item.item.id}" },
          ...(lifecycle ? { lifecycle } : {}),
        },
      },
    },
  },
});

/** A VM table whose disks and NICs are dynamic blocks over each VM's own lists. */
const adopted = (disks: { label: string; size: number }[], ovf = "a", mac?: string | null): Stacks => ({
  applications: {
    resource: {
      vsphere_virtual_machine: {
        vms: {
          for_each: {
            a: { name: "vm-a", disks, nics: [{ vlan: 20, ovf, ...(mac !== undefined ? { mac } : {}) }] },
          },
          name: "${each.value.name}",
          resource_pool_id: "pool",
          dynamic: {
            disk: {
              for_each: "${each.value.disks}",
              content: { label: "${disk.value.label}", size: "${disk.value.size}", unit_number: 0 },
            },
            network_interface: {
              for_each: "${each.value.nics}",
              iterator: "nic",
              content: {
                network_id: "pg-${nic.value.vlan}",
                ovf_mapping: "${nic.value.ovf}",
                ...(mac !== undefined ? { mac_address: "${nic.value.mac}" } : {}),
              },
            },
          },
        },
      },
    },
  },
});

const clusterAndLookup = (name: string): Stacks => ({
  central: {
    resource: {
      vsphere_compute_cluster: {
        clusters: { for_each: { w: { name } }, name: "${each.value.name}", datacenter_id: "dc" },
      },
    },
  },
  workplace: {
    data: { vsphere_compute_cluster: { c: { name, datacenter_id: "dc" } } },
    resource: {
      vsphere_ha_vm_override: {
        ha: { compute_cluster_id: "${data.vsphere_compute_cluster.c.id}", virtual_machine_id: "vm-1" },
      },
    },
  },
});

describe.skipIf(skipBecause("the terraform shadow", terraformMissing()))(
  "the shadow, judged by terraform",
  () => {
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it("refuses to retire one item of a table that carries prevent_destroy, and plans it without", async () => {
      const guarded = await judge(
        network(["a", "b"], { prevent_destroy: true }),
        network(["a"], { prevent_destroy: true }),
      );
      expect(guarded.refused).toEqual([
        'network: vsphere_distributed_port_group.pg["b"]: Instance cannot be destroyed',
      ]);
      const plain = await judge(network(["a", "b"]), network(["a"]));
      expect(plain).toEqual({
        refused: [],
        actions: ["destroy network vsphere_distributed_port_group.pg[b]"],
      });
    });

    it("replaces a VM whose clone source changes, unless clone is ignored", async () => {
      const replaced = await judge(vms("w2022-10"), vms("w2022-11"));
      expect(replaced.actions).toEqual(["replace workplace vsphere_virtual_machine.vms[a]"]);
      const ignored = await judge(
        vms("w2022-10", { ignore_changes: ["clone"] }),
        vms("w2022-11", { ignore_changes: ["clone"] }),
      );
      expect(ignored.actions).toEqual([]);
    });

    it("judges dynamic blocks as the blocks they make: stable, updated in place, or replaced by the facts", async () => {
      const disks = [{ label: "Hard disk 1", size: 80 }];
      expect(await judge(adopted(disks), adopted(disks))).toEqual({ refused: [], actions: [] });
      const relabelled = await judge(adopted(disks), adopted([{ label: "os", size: 80 }]));
      expect(relabelled.actions).toEqual(["update applications vsphere_virtual_machine.vms[a]"]);
      // network_interface.ovf_mapping forces a new VM (provider facts)
      const remapped = await judge(adopted(disks), adopted(disks, "b"));
      expect(remapped.actions).toEqual(["replace applications vsphere_virtual_machine.vms[a]"]);
      // an attribute a block leaves null is unset, as if the content did not name it
      expect((await judge(adopted(disks), adopted(disks, "a", null))).actions).toEqual([]);
      const set = await judge(adopted(disks), adopted(disks, "a", "00:50:56:00:00:01"));
      expect(set.actions).toEqual(["update applications vsphere_virtual_machine.vms[a]"]);
    });

    it("follows a renamed cluster through the lookups of other stacks: only the cluster changes", async () => {
      const r = await judge(clusterAndLookup("IRVN-Werkplek"), clusterAndLookup("IRVN-Werkplek-2"));
      expect(r).toEqual({ refused: [], actions: ["update central vsphere_compute_cluster.clusters[w]"] });
    });

    it("fails a plan whose lookup finds nothing that a stack manages", async () => {
      const lost = clusterAndLookup("IRVN-Werkplek");
      const after: Stacks = {
        ...lost,
        workplace: {
          ...lost.workplace,
          data: { vsphere_compute_cluster: { c: { name: "IRVN-Elders", datacenter_id: "dc" } } },
        },
      };
      const r = await judge(lost, after);
      expect(r.refused).toEqual([
        'workplace: data.vsphere_compute_cluster.c finds no vsphere_compute_cluster "IRVN-Elders"',
      ]);
    });
  },
);
