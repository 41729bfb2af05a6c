// Adoption judged by real terraform: Nijmegen's adopted VMs put in the state as the provider's
// import and read would record them after the move (./adoption.ts, from the inventory, not from
// the stacks), then the stacks of the adoption wave (`irvn synth --at servers-2019`) planned
// against it. No adopted VM is created, replaced or changed but for attaching irvn's tags, which
// the central vCenter does not have on a VM moved in, and adding the Suwinet adapter the
// social-domain suite asks for and its legacy VMs lack; and planted mismatches show as changes.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../scripts/terraform-json/json.ts";
import { loadModel } from "../../stacks/model/index.ts";
import type { Model } from "../../stacks/model/model.ts";
import { names } from "../../stacks/model/names.ts";
import type { InventoryConfig, InventoryVm } from "../../stacks/model/schema/inventory.ts";
import { ROOT } from "../helpers/cli.ts";
import { skipBecause, terraformMissing } from "../terraform/helpers.ts";
import { type ConfigSets, recordedState } from "./adoption.ts";
import { buildShadow, PROVIDER_FACTS, type Shadow, splitAttributes } from "./shadow.ts";
import { type Stacks, synthesizeStacks } from "./states.ts";
import { type PlanOutcome, ShadowWorkspace } from "./terraform.ts";

const WAVE = "servers-2019";
const TENANT = "nijmegen";
const APPS = `applications-${TENANT}`;
/** The applications stack and the stacks whose objects it looks up. */
const STACKS = ["central", "library", "network", `network-${TENANT}`, APPS];
const VM = "vsphere_virtual_machine";

type Block = JsonObject & { for_each: Record<string, JsonObject>; dynamic?: Record<string, JsonObject> };

const work = mkdtempSync(join(tmpdir(), "irvn-adoption-"));
let model: Model;
let stacks: Stacks;
/** A workspace with the stacks the applications stack looks up in applied, to copy. */
let base: string;
/** Shadow address → the adopted VM's hostname. */
let adopted: Map<string, string>;

/** The stacks of the wave that the applications stack needs, its adopted VM blocks changed by `edit`. */
function wave(edit: (block: Block) => void = () => {}): Stacks {
  const subset = structuredClone(Object.fromEntries(STACKS.map((s) => [s, stacks[s]!]))) as Record<
    string,
    JsonObject
  >;
  const vms = ((subset[APPS]!.resource as JsonObject)[VM] ?? {}) as Record<string, Block>;
  for (const block of Object.values(vms)) if (block.clone === undefined) edit(block);
  return subset;
}

/** Whether a value of a block sets its attribute: `${<iterator>.value.x}` does when x is not null. */
function sets(value: unknown, item: JsonObject | undefined): boolean {
  if (value === undefined || value === null || item === undefined) return false;
  const own = typeof value === "string" ? /^\$\{\w+\.value\.(\w+)\}$/.exec(value) : null;
  return own ? item[own[1]!] != null : true;
}

/** What a VM block sets for one of its VMs, the way the provider tells set from unset. */
function configSets(block: Block, key: string): ConfigSets {
  const item = block.for_each[key]!;
  const meta = new Set(["//", "for_each", "lifecycle", "dynamic"]);
  const content = (name: string) => (block.dynamic?.[name]?.content ?? {}) as JsonObject;
  // a disk or NIC the configuration does not name at all sets nothing
  const element = (list: string, i: number) => (item[list] as JsonObject[])[i];
  return {
    vm: (name) => (!meta.has(name) && sets(block[name], item)) || block.dynamic?.[name] !== undefined,
    disk: (i, name) => sets(content("disk")[name], element("disks", i)),
    nic: (i, name) => sets(content("network_interface")[name], element("nics", i)),
  };
}

/** The target port group of a legacy network: its VLAN, the tenant's legacy subnet, its purpose. */
function targetPortGroup(inventory: InventoryConfig, legacy: string): string {
  const vlan = inventory.portGroups[legacy]!.vlan;
  const subnet = model.legacySubnets.find((s) => s.tenant === TENANT && s.vlan === vlan)!;
  return names.portGroup(model.prefix, TENANT, subnet.purpose);
}

/**
 * A configuration that seeds the state: the upstream stacks' shadow, and the adopted VMs as the
 * provider records them at the shadow addresses of the stacks' VM tables.
 */
function seed(inventory: InventoryConfig, judged: Stacks): Shadow {
  const full = buildShadow(judged, PROVIDER_FACTS);
  const upstream = buildShadow(
    Object.fromEntries(Object.entries(judged).filter(([s]) => s !== APPS)),
    PROVIDER_FACTS,
  );
  const find = (type: string, identity: string) => {
    const found = full.find(type, identity);
    if (found === undefined) throw new Error(`test setup: nothing ${type} "${identity}" in the shadow`);
    return found;
  };
  const json = structuredClone(upstream.json);
  const resources = (json.resource as Record<string, JsonObject>).terraform_data!;
  const locals = json.locals as JsonObject;
  const origins = new Map(upstream.origins);
  const vms = ((judged[APPS]!.resource as JsonObject)[VM] ?? {}) as Record<string, Block>;
  for (const [id, origin] of full.origins) {
    if (origin.stack !== APPS || origin.type !== VM || vms[origin.name]!.clone !== undefined) continue;
    const block = vms[origin.name]!;
    const pool = model.vmPools.find(
      (p) => p.tenant === TENANT && p.adopted?.some((v) => v.key in block.for_each),
    )!;
    const items: JsonObject = {};
    for (const key of Object.keys(block.for_each)) {
      const hostname = String(block.for_each[key]!.hostname);
      adopted.set(`${id}[${JSON.stringify(key)}]`, hostname);
      const state = recordedState(
        inventory.vms[hostname] as InventoryVm,
        {
          hostname,
          resourcePoolId: find("vsphere_resource_pool", pool.resourcePool),
          datastoreId: find("vsphere_datastore", pool.datastore),
          folder: pool.folder,
          networkId: (legacy) => find("vsphere_network", targetPortGroup(inventory, legacy)),
          tags: [],
        },
        configSets(block, key),
      );
      const { input, replace } = splitAttributes(VM, state, PROVIDER_FACTS);
      items[key] = { input, ...(Object.keys(replace).length > 0 ? { replace } : {}) };
    }
    locals[`seed__${id}`] = items;
    resources[id] = {
      for_each: `\${local.seed__${id}}`,
      input: "${each.value.input}",
      triggers_replace: '${lookup(each.value, "replace", null)}',
    };
    origins.set(id, origin);
  }
  return { ...upstream, json, origins };
}

/**
 * Seeds a copy of the base workspace with the adopted VMs as vCenter holds them (`inventory`),
 * compared the way the provider compares them with `judged`, then plans `judged` there.
 */
async function judge(name: string, inventory: InventoryConfig, judged: Stacks) {
  cpSync(base, join(work, name), { recursive: true });
  const ws = new ShadowWorkspace(join(work, name));
  expect((await ws.plan(seed(inventory, judged), { apply: true })).refused).toEqual([]);
  return { ws, plan: await ws.plan(buildShadow(judged, PROVIDER_FACTS)) };
}

/** The plan's changes to adopted VMs, by hostname: action and the attributes it changes. */
function adoptedChanges(plan: PlanOutcome): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of plan.changes) {
    const address = `${c.stack.replace(/-/g, "_")}__${c.block.replace(".", "__")}[${JSON.stringify(c.key)}]`;
    const hostname = adopted.get(address);
    if (hostname) out[hostname] = `${c.action} ${(c.changed ?? []).join(" ")}`.trim();
  }
  return out;
}

describe.skipIf(skipBecause("adoption planned by terraform", terraformMissing()))(
  "adopted VMs as the provider imports them, planned by terraform at the adoption wave",
  () => {
    beforeAll(async () => {
      const loaded = loadModel(join(ROOT, "config"), ROOT, WAVE);
      if (!loaded.ok) throw new Error("the reference configuration does not validate");
      model = loaded.model;
      stacks = synthesizeStacks(ROOT, WAVE);
      adopted = new Map();
      base = join(work, "base");
      const upstream = Object.fromEntries(Object.entries(wave()).filter(([s]) => s !== APPS));
      const applied = await new ShadowWorkspace(base).plan(buildShadow(upstream, PROVIDER_FACTS), {
        apply: true,
      });
      expect(applied.refused).toEqual([]);
    }, 120_000);

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    let adoption: ShadowWorkspace;

    it("plans no change to an adopted VM but attaching irvn's tags (and the Suwinet adapter); the rest of the wave is created", async () => {
      const { ws, plan } = await judge("adoption", model.inventory[TENANT]!, wave());
      adoption = ws;
      expect(plan.refused).toEqual([]);
      const hostnames = [...adopted.values()].sort();
      expect(hostnames).toEqual([
        "nij-sd001",
        "nij-sd002",
        "nij-sd003",
        "nij-sd004",
        "nij-zs001",
        "nij-zs002",
        "nij-zs003",
      ]);
      // the social-domain suite uses Suwinet (segments: [suwinet]): its VMs get an adapter on the
      // Suwinet segment in place, which the provider hot-adds (see the facts for network_interface)
      expect(adoptedChanges(plan)).toEqual(
        Object.fromEntries(
          hostnames.map((h) => [h, h.startsWith("nij-sd") ? "update network_interface tags" : "update tags"]),
        ),
      );
      const others = plan.changes
        .filter((c) => !(c.type === VM && c.action === "update"))
        .map((c) => `${c.action} ${c.type}`);
      const count = (what: string) => others.filter((o) => o === what).length;
      expect(others).toHaveLength(2 + 9 + 3);
      expect(count(`create ${VM}`)).toBe(2); // the gegevensmagazijn, new VMs
      expect(count("create vsphere_ha_vm_override")).toBe(9);
      expect(count("create vsphere_compute_cluster_vm_anti_affinity_rule")).toBe(3);
    });

    it("shows the old shape of an adopted VM (profile disks os and data, EFI, default SCSI) as changes to every one", async () => {
      const profile = [
        { label: "os", size: 100, unit_number: 0 },
        { label: "data", size: 250, unit_number: 1 },
      ];
      const old = wave((block) => {
        delete block.scsi_type;
        for (const item of Object.values(block.for_each)) {
          item.firmware = "efi";
          item.disks = (item.disks as JsonObject[]).slice(0, 2).map((d, i) => ({ ...d, ...profile[i] }));
        }
      });
      const { plan } = await judge("old-shape", model.inventory[TENANT]!, old);
      expect(plan.refused).toEqual([]);
      expect(adoptedChanges(plan)).toEqual({
        // BIOS VMs get EFI; LSI Logic SAS controllers would be swapped for the default pvscsi
        "nij-sd001": "update disk firmware network_interface scsi_type tags",
        "nij-sd002": "update disk firmware network_interface scsi_type tags",
        "nij-sd003": "update disk network_interface scsi_type tags",
        "nij-sd004": "update disk network_interface scsi_type tags",
        "nij-zs001": "update disk firmware tags",
        "nij-zs002": "update disk tags",
        "nij-zs003": "update disk tags",
      });
    });

    it("shows what changed in vCenter after the inventory was read, until it is read again", async () => {
      const later = structuredClone(model.inventory[TENANT]!) as InventoryConfig;
      (later.vms["nij-sd001"] as { cpuHotAddEnabled: boolean }).cpuHotAddEnabled = true;
      (later.vms["nij-zs001"]!.disks[1] as { sizeGiB: number }).sizeGiB = 600;
      later.vms["nij-zs002"]!.tools.toolsUpgradePolicy = "upgradeAtPowerCycle";
      // vCenter as it is now, the stacks from the inventory as it was read
      const { plan } = await judge("stale", later, wave());
      expect(adoptedChanges(plan)).toEqual({
        "nij-sd001": "update cpu_hot_add_enabled network_interface tags",
        "nij-sd002": "update network_interface tags",
        "nij-sd003": "update network_interface tags",
        "nij-sd004": "update network_interface tags",
        // the provider would refuse the shrink (disk.size): a plan that fails, not a lost disk
        "nij-zs001": "update disk tags",
        "nij-zs002": "update tags tools_upgrade_policy",
        "nij-zs003": "update tags",
      });
    });

    it("applies, and plans nothing more", async () => {
      const shadow = buildShadow(wave(), PROVIDER_FACTS);
      expect((await adoption.plan(shadow, { apply: true })).refused).toEqual([]);
      expect((await adoption.plan(shadow)).changes).toEqual([]);
    });
  },
);
