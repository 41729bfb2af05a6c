// The network stacks and documents of the reference configuration.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contains, formatPrefix, parsePrefix } from "../../stacks/model/ip.ts";
import type { IpamLock } from "../../stacks/model/schema/index.ts";
import { ROOT, runCli } from "../helpers/cli.ts";
import { inlineTables } from "../../scripts/terraform-json/blocks.ts";

type Tf = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data: Record<string, Record<string, Record<string, unknown>>>;
};

describe("network stacks for the reference configuration", () => {
  let out: string;
  const stack = (name: string) =>
    inlineTables(JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8"))) as Tf;
  const doc = (path: string) => readFileSync(join(out, "docs", "network", path), "utf8");
  const lock = parse(readFileSync(join(ROOT, "config", "ipam.lock.yaml"), "utf8")) as IpamLock;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "irvn-net-"));
    const r = await runCli(["synth", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("matches the snapshots (shared network, Druten's network, Druten's documents)", async () => {
    await expect(JSON.stringify(stack("network"), null, 2)).toMatchFileSnapshot(
      "__snapshots__/network.tf.json",
    );
    await expect(JSON.stringify(stack("network-druten"), null, 2)).toMatchFileSnapshot(
      "__snapshots__/network-druten.tf.json",
    );
    await expect(doc("druten/ip-plan.md")).toMatchFileSnapshot("__snapshots__/druten-ip-plan.md");
    await expect(doc("druten/fibre-gemeentehuis.md")).toMatchFileSnapshot(
      "__snapshots__/druten-fibre-gemeentehuis.md",
    );
  });

  it("protects the switch with prevent_destroy and leaves its hosts alone; port groups can retire", () => {
    expect(stack("network").resource.vsphere_distributed_virtual_switch!.switch!.lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["host", "pvlan_mapping", "tags", "custom_attributes"],
    });
    // prevent_destroy on a port group table would refuse every plan that retires one segment;
    // irvn apply protects port groups by type instead
    for (const [name, table] of [
      ["network", "facility_port_groups"],
      ["network-nijmegen", "port_groups"],
    ] as const) {
      expect(stack(name).resource.vsphere_distributed_port_group![table]!.lifecycle).toEqual({
        ignore_changes: ["custom_attributes"],
      });
    }
  });

  it("gives vMotion and storage (vSAN) neither a gateway nor IPv6; the routed facilities both", () => {
    const each = stack("network").resource.vsphere_distributed_port_group!.facility_port_groups!
      .for_each as Record<string, { description: string }>;
    const csv = doc("ip-plan.csv")
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    const row = (key: string) => csv.find((r) => r[0] === key)!;
    for (const key of ["facilities/vmotion", "facilities/storage"]) {
      expect(lock.segments[key]!.ipv6, key).toBeUndefined();
      expect(each[key]!.description, key).toMatch(/^[^:]+: 10\.200\.\d+\.0\/24, not routed; zone/);
      // key, port group, name, vlan, ipv4, then gateway, IPv6 and its gateway: empty
      expect(row(key).slice(5, 8), key).toEqual(["", "", ""]);
    }
    expect(doc("ip-plan.md")).toMatch(
      /\| vMotion \| irvn-gen-vmotion \| \d+ \| [\d./]+ \| none \(not routed\) \| none \(not routed\) \|/,
    );
    for (const key of ["facilities/management", "facilities/backup"]) {
      expect(lock.segments[key]!.ipv6, key).toMatch(/^2a07:3502:/);
      expect(each[key]!.description, key).toMatch(
        / gw 10\.200\.\d+\.1, 2a07:3502:\S+ gw 2a07:3502:\S+::1; zone/,
      );
      expect(row(key)[5], key).toMatch(/^10\.200\.\d+\.1$/);
    }
  });

  it("puts DMZ, guest and Suwinet IPv6 prefixes in different /46s, each its category's", () => {
    const region = parse(readFileSync(join(ROOT, "config", "region.yaml"), "utf8")) as {
      addressing: { ipv6: { block: string; categories: Record<string, { block: string }> } };
    };
    const { block, categories } = region.addressing.ipv6;
    const slash46 = (cidr: string) => {
      const p = parsePrefix(cidr);
      return formatPrefix({ ...p, length: 46, first: (p.first >> 82n) << 82n, last: 0n });
    };
    const byType = (type: string) =>
      Object.entries(lock.segments)
        .filter(([key]) => key.split("/")[1]!.split("@")[0] === type)
        .map(([, s]) => s.ipv6!);
    const expected = { dmz: "internet", "guest-wifi": "guest", suwinet: "diginetwerk" } as const;
    const found = new Map<string, Set<string>>();
    for (const [type, category] of Object.entries(expected)) {
      const prefixes = byType(type);
      expect(prefixes.length, type).toBeGreaterThan(0);
      found.set(type, new Set(prefixes.map(slash46)));
      expect([...found.get(type)!], type).toEqual([categories[category]!.block]);
    }
    const all = [...found.values()].map((s) => [...s][0]);
    expect(new Set(all).size).toBe(3);
    expect(all).not.toContain(block);
    // every other routed segment stays in its owner's /52 of the internal category
    for (const [key, s] of Object.entries(lock.segments)) {
      if (Object.keys(expected).includes(key.split("/")[1]!.split("@")[0]!) || !s.ipv6) continue;
      expect(contains(parsePrefix(lock.blocks[key.split("/")[0]!]!.ipv6), parsePrefix(s.ipv6)), key).toBe(
        true,
      );
    }
  });

  it("keys port groups <municipality>/<segment> with the VLAN from the lock", () => {
    const each = stack("network-nijmegen").resource.vsphere_distributed_port_group!.port_groups!
      .for_each as Record<string, { vlan_id: number; name: string }>;
    // only the segments VMs attach to: guest Wi-Fi, printers and VoIP are subnets at the sites
    expect(Object.keys(each)).toEqual([
      "nijmegen/application",
      "nijmegen/dmz",
      "nijmegen/server",
      "nijmegen/suwinet",
      "nijmegen/workplace",
    ]);
    for (const [key, item] of Object.entries(each)) expect(item.vlan_id, key).toBe(lock.segments[key]!.vlan);
    expect(each["nijmegen/workplace"]!.name).toBe("irvn-nijmegen-workplace");
  });

  it("makes a port group only for a segment that carries VMs, in every municipality", () => {
    const catalog = parse(readFileSync(join(ROOT, "config", "catalog.yaml"), "utf8")) as {
      segmentTypes: Record<string, { vms: boolean }>;
    };
    const withoutVms = Object.entries(catalog.segmentTypes)
      .filter(([, type]) => !type.vms)
      .map(([id]) => id);
    expect(withoutVms).toEqual(expect.arrayContaining(["guest-wifi", "printers", "voip"]));
    const tenants = readdirSync(join(out, "stacks"))
      .filter((s) => s.startsWith("network-"))
      .map((s) => s.slice("network-".length));
    expect(tenants.length).toBe(7);
    for (const tenant of tenants) {
      const keys = Object.keys(
        stack(`network-${tenant}`).resource.vsphere_distributed_port_group!.port_groups!.for_each as object,
      );
      for (const key of keys) {
        const item = key.split("/")[1]!;
        // a tenant's port groups: its segment types for VMs, and a transit group per fibre link
        if (item.startsWith("transit-")) continue;
        expect(catalog.segmentTypes[item]?.vms, key).toBe(true);
      }
      for (const type of withoutVms) expect(keys, tenant).not.toContain(`${tenant}/${type}`);
    }
  });

  it("routes client segments per site with a fibre link: a subnet each, no port group, in the handover sheets", () => {
    const portGroups = Object.keys(
      stack("network-nijmegen").resource.vsphere_distributed_port_group!.port_groups!.for_each as object,
    );
    const sites = ["stadhuis", "stadswinkel", "werf"];
    for (const type of ["workplace", "printers", "voip", "guest-wifi"]) {
      for (const site of sites) {
        const key = `nijmegen/${type}@${site}`;
        const subnet = lock.segments[key]!;
        expect(subnet, key).toBeDefined();
        expect(
          portGroups.some((k) => k.includes("@")),
          key,
        ).toBe(false);
        // on its site's handover sheet, and on no other
        for (const other of sites)
          expect(doc(`nijmegen/fibre-${other}.md`).includes(`| ${subnet.vlan} |`), `${key} on ${other}`).toBe(
            other === site,
          );
        expect(doc(`nijmegen/fibre-${site}.md`)).toContain(
          `| ${subnet.ipv4} | ${subnet.ipv4.replace(/0\/\d+$/, "1")} |`,
        );
      }
      // the prefixes of one segment type differ per site: nothing stretched over the links
      expect(new Set(sites.map((site) => lock.segments[`nijmegen/${type}@${site}`]!.ipv4)).size).toBe(3);
    }
    expect(portGroups).not.toContain("nijmegen/printers");
    expect(doc("nijmegen/fibre-werf.md")).toContain("no VLAN is trunked over it");
    expect(doc("nijmegen/fibre-werf.md")).not.toMatch(/trunk on the link/i);
    const plan = doc("nijmegen/ip-plan.md");
    expect(plan).toContain("## Subnets at the sites");
    expect(plan).toMatch(/\| Gemeentewerf Nijmegen \| Printers \| \d+ \| 10\.201\.\d+\.0\/\d+ \|/);
  });

  it("finds the switch and tags by name, and orders stacks central → network → tenant networks", () => {
    expect(stack("network-druten").data.vsphere_distributed_virtual_switch!.switch!.name).toBe("IRVN-DVS-01");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks.network!.dependencies).toEqual(["central"]);
    expect(manifest.stacks["network-wijchen"]!.dependencies).toEqual(["network"]);
  });

  it("writes a region IP plan with a Mermaid topology and a CSV with every segment", () => {
    const plan = doc("ip-plan.md");
    expect(plan).toContain("```mermaid\nflowchart LR");
    expect(plan).toContain('wijchen__gemeentehuis ---|"10 Gbit/s, MACsec"| switch');
    const csv = doc("ip-plan.csv").trim().split("\n");
    expect(csv[0]).toBe(
      "key,port_group,name,vlan,ipv4,ipv4_gateway,ipv6,ipv6_gateway,zone,confidentiality,integrity,availability,site,addresses_needed,addresses_usable",
    );
    // a tenant segment's demand beside what its prefix holds; a facility has none
    const row = (key: string) => csv.find((l) => l.startsWith(`${key},`))!.split(",");
    expect(row("nijmegen/workplace@stadhuis").slice(-2)).toEqual(["3105", "4094"]);
    expect(row("facilities/vmotion").at(-2)).toBe("");
    // the target state: every segment (port groups and site subnets) but the transit ones, which
    // end with coexistence
    const target = Object.keys(lock.segments).filter((k) => !k.includes("/transit-"));
    expect(
      csv
        .slice(1)
        .map((l) => l.split(",")[0])
        .sort(),
    ).toEqual(target.sort());
  });
});

describe("network stacks during coexistence (synth --at start-2015)", () => {
  let out: string;
  const stack = (name: string) =>
    inlineTables(JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8"))) as Tf & {
      output?: Record<string, { value: unknown }>;
    };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "irvn-net-2015-"));
    const r = await runCli(["synth", "--at", "start-2015", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("adds a transit port group per fibre link", () => {
    const each = stack("network-nijmegen").resource.vsphere_distributed_port_group!.port_groups!
      .for_each as Record<string, unknown>;
    expect(Object.keys(each).filter((k) => k.includes("/transit-"))).toEqual([
      "nijmegen/transit-stadhuis",
      "nijmegen/transit-stadswinkel",
      "nijmegen/transit-werf",
    ]);
  });

  it("publishes the NAT and renumbering mappings of the legacy subnets", () => {
    const lock = parse(readFileSync(join(ROOT, "config", "ipam.lock.yaml"), "utf8")) as IpamLock;
    expect(stack("network-druten").output!.nat_mappings!.value).toMatchObject({
      clients: { legacy: "192.168.8.0/22", translated: lock.nat["druten/legacy-clients"]!.ipv4 },
    });
    expect(stack("network-nijmegen").output!.renumbering!.value).toEqual({
      applications: { legacy: "10.1.20.0/23", target: lock.segments["nijmegen/application"]!.ipv4 },
      beheer: { legacy: "10.1.5.0/24", target: lock.segments["nijmegen/server"]!.ipv4 },
      servers: { legacy: "10.1.10.0/24", target: lock.segments["nijmegen/server"]!.ipv4 },
    });
  });

  it("leaves out Wijchen, which joined in December 2016, and builds no workplaces yet", () => {
    const stacks = readdirSync(join(out, "stacks"));
    expect(stacks.some((s) => s.includes("wijchen"))).toBe(false);
    expect(stacks.some((s) => s.startsWith("workplace-"))).toBe(false);
  });
});
