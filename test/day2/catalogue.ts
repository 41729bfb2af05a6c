// The routine changes of IRVN's day 2, each as an edit of a copy of the reference configuration
// (or a changed credential), with what must hold when real terraform plans it against the
// reference as applied. Every operation: the plan is not refused, and no VM is replaced.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { PROTECTED_TYPES } from "../../scripts/terraform/guardrails.ts";
import type { TempConfig } from "../helpers/temp-config.ts";
import { count, type Outcome } from "./outcomes.ts";
import { ipam } from "./states.ts";

export interface Operation {
  readonly id: string;
  /** As the table in scripts/README.md names it. */
  readonly title: string;
  /** Edits the copy of config/ (and runs irvn ipam where the operation needs it). */
  readonly change?: (t: TempConfig) => Promise<void>;
  /** Terraform variables (TF_VAR_*) that differ from the run that applied the reference. */
  readonly variables?: Readonly<Record<string, string>>;
  /** What must hold beyond the recorded counts. */
  readonly check: (o: Outcome) => void;
}

const VM = "vsphere_virtual_machine";

const nothing = (o: Outcome) => expect(o.changes).toEqual([]);

/**
 * Every VM or port group destroyed is of a protected type: `irvn apply` refuses the destroy
 * until --allow-destroy names it. (HA overrides and anti-affinity rules go with their VMs.)
 */
function destroysNeedApproval(o: Outcome): void {
  const retired = o.changes.filter(
    (c) => c.action === "destroy" && (c.type === VM || c.type === "vsphere_distributed_port_group"),
  );
  expect(retired.length).toBeGreaterThan(0);
  for (const c of retired) expect(PROTECTED_TYPES.has(c.type), `${c.stack} ${c.block}`).toBe(true);
}

/** Staff × factor, rounded up, in a municipality file. */
async function scaleStaff(t: TempConfig, tenant: string, factor: number): Promise<void> {
  const file = `municipalities/${tenant}.yaml`;
  const people = Number(/\n {2}people: (\d+)\n/.exec(t.read(file))![1]);
  t.edit(file, `\n  people: ${people}\n`, `\n  people: ${Math.ceil(people * factor)}\n`);
}

export const OPERATIONS: readonly Operation[] = [
  {
    id: "rotate-domain-join-password",
    title: "Rotate the domain-join password",
    variables: { domain_join_password: "Rotated-Join-2027!", domain_join_user: "svc-join-2027" },
    check: nothing,
  },
  {
    id: "rotate-local-admin-password",
    title: "Rotate the local administrator password",
    variables: { local_admin_password: "Rotated-Admin-2027!" },
    check: nothing,
  },
  {
    id: "rename-tenant",
    title: "Rename a municipality (display name, so its OU)",
    change: async (t) =>
      t.edit("municipalities/druten.yaml", "\nname: Druten\n", "\nname: Gemeente Druten\n"),
    check: (o) => {
      expect(count(o, "replace")).toBe(0);
      expect(count(o, "destroy")).toBe(0);
    },
  },
  {
    id: "refresh-template",
    title: "Refresh a template (new content library item)",
    change: async (t) => t.edit("region.yaml", "item: w2022-rds-2026-10", "item: w2022-rds-2026-11"),
    check: nothing,
  },
  {
    id: "grow-staff",
    title: "Grow Nijmegen's staff by 10%",
    change: (t) => scaleStaff(t, "nijmegen", 1.1),
    check: (o) => {
      expect(count(o, "create", VM)).toBeGreaterThan(0);
      expect(count(o, "destroy") + count(o, "replace")).toBe(0);
    },
  },
  {
    id: "shrink-staff",
    title: "Shrink Nijmegen's staff by 10%",
    change: (t) => scaleStaff(t, "nijmegen", 0.9),
    check: (o) => {
      expect(count(o, "destroy", VM)).toBeGreaterThan(0);
      expect(count(o, "create") + count(o, "replace")).toBe(0);
      destroysNeedApproval(o);
    },
  },
  {
    id: "add-segment",
    title: "Add a segment (a DMZ for Heumen) and allocate it",
    change: async (t) => {
      t.edit("municipalities/heumen.yaml", "segments: [server,", "segments: [dmz, server,");
      await ipam(t.root);
    },
    check: (o) => {
      expect(o.counts.create).toEqual({ vsphere_distributed_port_group: 1 });
      expect(count(o, "update") + count(o, "replace") + count(o, "destroy")).toBe(0);
    },
  },
  {
    // a segment with a port group: guest Wi-Fi, printers and VoIP are subnets at the sites
    id: "remove-segment",
    title: "Remove a segment (Nijmegen's DMZ) and release it",
    change: async (t) => {
      t.edit("municipalities/nijmegen.yaml", " dmz,", "");
      await ipam(t.root, "--release", "nijmegen/dmz");
    },
    check: (o) => {
      expect(o.counts.destroy).toEqual({ vsphere_distributed_port_group: 1 });
      expect(count(o, "create") + count(o, "replace")).toBe(0);
      destroysNeedApproval(o);
    },
  },
  {
    id: "attach-suwinet",
    title: "Give an application an adapter on the Suwinet segment (Nijmegen's Gegevensmagazijn)",
    change: async (t) =>
      t.edit(
        "municipalities/nijmegen.yaml",
        "    hostPart: gm\n    vms: 2\n",
        "    hostPart: gm\n    vms: 2\n    segments: [suwinet]\n",
      ),
    check: (o) => {
      // the running VMs get a second adapter in place: the provider hot-adds a NIC appended to
      // the list (vsphere/internal/virtualdevice/virtual_machine_network_interface_subresource.go:219-228)
      expect(o.counts.update).toEqual({ [VM]: 2 });
      for (const c of o.changes) expect(c.changed, c.key ?? "").toEqual(["network_interface"]);
      expect(count(o, "create") + count(o, "replace") + count(o, "destroy")).toBe(0);
    },
  },
  {
    // a reviewed grow: the port groups keep their VLAN, only their description (the prefix) changes
    id: "grow-segment",
    title: "Grow the Suwinet segments (20 addresses reserved) with irvn ipam --grow",
    change: async (t) => {
      t.edit(
        "catalog.yaml",
        "demand: { growth: 0.25, reserved: 3 }",
        "demand: { growth: 0.25, reserved: 20 }",
      );
      const tenants = readdirSync(join(t.config, "municipalities")).map((f) => f.replace(/\.yaml$/, ""));
      await ipam(t.root, ...tenants.flatMap((id) => ["--grow", `${id}/suwinet`]));
    },
    check: (o) => {
      expect(o.counts.update).toEqual({ vsphere_distributed_port_group: 7 });
      expect(count(o, "create") + count(o, "replace") + count(o, "destroy")).toBe(0);
    },
  },
  {
    id: "rename-cluster",
    title: "Rename a cluster (display name)",
    change: async (t) => t.edit("region.yaml", "name: IRVN-Werkplek", "name: IRVN-Werkplek-2027"),
    check: (o) => {
      expect(o.counts.update).toEqual({ vsphere_compute_cluster: 1 });
      expect(count(o, "create") + count(o, "replace") + count(o, "destroy")).toBe(0);
    },
  },
  {
    id: "onboard-municipality",
    title: "Onboard an eighth municipality (greenfield) and allocate it",
    change: async (t) => {
      t.write(
        "municipalities/overbetuwe.yaml",
        t
          .read("municipalities/heumen.yaml")
          .replace("\nname: Heumen\n", "\nname: Overbetuwe\n")
          .replace("\ncode: heu\n", "\ncode: obt\n")
          .replace("Gemeentehuis Heumen (Malden)", "Gemeentehuis Overbetuwe (Elst)")
          // greenfield: nothing legacy to move, so no wave
          .replace(/\nlegacy:\n(?: .*\n)+/, "\n"),
      );
      await ipam(t.root);
    },
    check: (o) => {
      expect(count(o, "create", VM)).toBeGreaterThan(0);
      // nothing that exists changes: the new municipality only adds
      expect(count(o, "update") + count(o, "replace") + count(o, "destroy")).toBe(0);
    },
  },
];
