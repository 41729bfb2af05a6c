// The provider facts held against the synthesized reference stacks (target and start-2015): a
// fact for every attribute a block sets, and drift traps reported when a stack stops handling
// them, passed when it handles them.
import { beforeAll, describe, expect, it } from "vitest";
import { unhandledDriftTraps } from "../../scripts/provider/drift-traps.ts";
import { typeFacts } from "../../scripts/provider/facts.ts";
import { type ReferenceStack, synthesizeReferenceStacks } from "./reference-stacks.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Meta-arguments and cdktf metadata: Terraform's, not the provider's. */
const META = new Set([
  "//",
  "for_each",
  "count",
  "lifecycle",
  "depends_on",
  "provider",
  "provisioner",
  "connection",
]);

/**
 * The attribute paths a block sets. A value is stepped into (a nested block) only while the facts
 * record paths below it; otherwise it is one attribute (a map such as extra_config is one). A
 * dynamic block sets the block it makes, with its content.
 */
function setPaths(type: string, body: Json): string[] {
  const recorded = Object.keys(typeFacts(type)?.attributes ?? {});
  const out: string[] = [];
  const visit = (path: string, value: unknown) => {
    out.push(path);
    if (!recorded.some((r) => r.startsWith(`${path}.`))) return;
    for (const item of Array.isArray(value) ? value : [value])
      if (isObject(item)) for (const [key, v] of Object.entries(item)) visit(`${path}.${key}`, v);
  };
  for (const [key, value] of Object.entries(body)) {
    if (key === "dynamic" && isObject(value)) {
      for (const [name, spec] of Object.entries(value))
        visit(name, isObject(spec) ? spec.content : undefined);
    } else if (!META.has(key)) visit(key, value);
  }
  return out;
}

function blocks(json: Json): { type: string; address: string; body: Json }[] {
  const out: { type: string; address: string; body: Json }[] = [];
  for (const [mode, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    const byType = json[mode];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType))
      if (isObject(byName))
        for (const [name, body] of Object.entries(byName))
          if (isObject(body))
            out.push({ type: `${prefix}${type}`, address: `${prefix}${type}.${name}`, body });
  }
  return out;
}

let stacks: ReferenceStack[];
beforeAll(async () => {
  stacks = await synthesizeReferenceStacks();
});

const stack = (point: string, name: string): Json => {
  const found = stacks.find((s) => s.point === point && s.name === name);
  if (!found) throw new Error(`no stack ${name} at ${point}`);
  return structuredClone(found.json);
};
const resource = (json: Json, type: string, name: string) =>
  ((json.resource as Record<string, Record<string, Json>>)[type] ?? {})[name]!;
const trapsOf = (json: Json, address: string) =>
  unhandledDriftTraps("s", json)
    .filter((p) => p.address === address)
    .map((p) => p.attribute);

describe("the provider facts against the reference stacks", () => {
  it("have a fact for every attribute any block sets, at the target and at start-2015", () => {
    const seen = new Set<string>();
    const missing = new Set<string>();
    for (const s of stacks)
      for (const { type, body } of blocks(s.json))
        for (const path of setPaths(type, body)) {
          seen.add(`${type} ${path}`);
          if (!typeFacts(type)?.attributes[path]) missing.add(`${type} ${path} (${s.point} ${s.name})`);
        }
    expect(new Set(stacks.map((s) => s.point))).toEqual(new Set(["target", "start-2015"]));
    expect([...seen]).toEqual(
      expect.arrayContaining([
        "vsphere_virtual_machine clone.customization_spec.id",
        "vsphere_compute_cluster host_managed",
        "vsphere_virtual_machine disk.label",
        "vsphere_virtual_machine scsi_type",
        "vsphere_virtual_machine network_interface.use_static_mac",
        "vsphere_virtual_machine extra_config",
        "vsphere_compute_cluster ha_admission_control_host_failure_tolerance",
        "data.vsphere_content_library_item type",
      ]),
    );
    expect([...missing].sort()).toEqual([]);
  });
});

describe("unhandledDriftTraps on synthesized stacks", () => {
  const VMS = "vsphere_virtual_machine.office_session_vms";

  it("reports a trap once the block no longer sets it, with its reason and citation", () => {
    const tf = stack("target", "workplace-druten");
    const before = trapsOf(tf, VMS);
    expect(before).not.toContain("tags");
    delete resource(tf, "vsphere_virtual_machine", "office_session_vms").tags;
    expect(trapsOf(tf, VMS)).toEqual([...before, "tags"].sort());
    expect(
      unhandledDriftTraps("workplace-druten", tf).find((p) => p.address === VMS && p.attribute === "tags"),
    ).toEqual({
      stack: "workplace-druten",
      address: VMS,
      attribute: "tags",
      why: expect.stringContaining("Read fills it with every tag attached in vCenter"),
      cite: "vsphere/resource_vsphere_virtual_machine.go:312",
    });
  });

  it("reports a trap once its ignore_changes entry is taken away; an entry with indices or `all` covers it", () => {
    const tf = stack("target", "central");
    const clusters = resource(tf, "vsphere_compute_cluster", "clusters");
    delete clusters.host_managed;
    const ignoring = (list: unknown) => {
      clusters.lifecycle = { prevent_destroy: true, ignore_changes: list };
      return trapsOf(tf, "vsphere_compute_cluster.clusters");
    };
    const all = ignoring([]);
    expect(all).toEqual(expect.arrayContaining(["host_system_ids", "vsan_enabled", "tags"]));
    expect(ignoring(all)).toEqual([]);
    expect(ignoring(all.filter((a) => a !== "vsan_enabled"))).toEqual(["vsan_enabled"]);
    expect(ignoring(all.map((a) => (a === "host_system_ids" ? "host_system_ids[0]" : a)))).toEqual([]);
    expect(ignoring("all")).toEqual([]);
  });

  it("takes host_managed as closing the host_system_ids trap, and reports the trap without it", () => {
    const tf = stack("target", "central");
    const clusters = resource(tf, "vsphere_compute_cluster", "clusters");
    expect(trapsOf(tf, "vsphere_compute_cluster.clusters")).not.toContain("host_system_ids");
    delete clusters.host_managed;
    expect(trapsOf(tf, "vsphere_compute_cluster.clusters")).toContain("host_system_ids");
  });

  it("takes ignore_other_pvlan_mappings as closing the pvlan_mapping trap, and reports the trap without it", () => {
    const tf = stack("target", "network");
    const dvs = resource(tf, "vsphere_distributed_virtual_switch", "switch");
    delete dvs.lifecycle; // the stack ignores pvlan_mapping: take that away to see the trap
    expect(trapsOf(tf, "vsphere_distributed_virtual_switch.switch")).toContain("pvlan_mapping");
    dvs.ignore_other_pvlan_mappings = true;
    expect(trapsOf(tf, "vsphere_distributed_virtual_switch.switch")).not.toContain("pvlan_mapping");
  });

  it("counts a nested or dynamic block as set", () => {
    const tf = stack("target", "network");
    const dvs = resource(tf, "vsphere_distributed_virtual_switch", "switch");
    delete dvs.lifecycle; // the stack ignores `host`: take that away to see the trap
    expect(trapsOf(tf, "vsphere_distributed_virtual_switch.switch")).toContain("host");
    dvs.host = [{ host_system_id: "host-1", devices: ["vmnic1"] }];
    expect(trapsOf(tf, "vsphere_distributed_virtual_switch.switch")).not.toContain("host");
    delete dvs.host;
    dvs.dynamic = { host: { for_each: "${var.hosts}", content: { host_system_id: "${host.value}" } } };
    expect(trapsOf(tf, "vsphere_distributed_virtual_switch.switch")).not.toContain("host");
  });

  it("passes a stack that handles every trap", () => {
    for (const point of ["target", "start-2015"]) {
      for (const name of stacks.filter((s) => s.point === point).map((s) => s.name)) {
        const tf = stack(point, name);
        for (const p of unhandledDriftTraps(name, tf)) {
          const [type, ...rest] = p.address.split(".");
          const body = resource(tf, type!, rest.join("."));
          const lifecycle = (body.lifecycle ?? {}) as { ignore_changes?: string[] };
          body.lifecycle = {
            ...lifecycle,
            ignore_changes: [...(lifecycle.ignore_changes ?? []), p.attribute],
          };
        }
        expect(unhandledDriftTraps(name, tf), `${point} ${name}`).toEqual([]);
      }
    }
  });
});
