// Segments sized from demand: the arithmetic, and the reference configuration's segments holding
// theirs (Nijmegen's workplace above all: 1,650 staff at three sites and its VMs in the data centre).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePrefix } from "../../stacks/model/ip.ts";
import { demands, lengthFor, usable } from "../../stacks/model/ipam/demand.ts";
import { resolveModel } from "../../stacks/model/model.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { ROOT } from "../helpers/cli.ts";
import { grouped } from "../../stacks/model/problems.ts";

describe("demand arithmetic", () => {
  it("takes the longest prefix whose usable addresses (all but network and broadcast) hold the demand", () => {
    expect(usable(24)).toBe(254);
    expect(usable(20)).toBe(4094);
    expect(lengthFor(254)).toBe(24);
    expect(lengthFor(255)).toBe(23);
    expect(lengthFor(3105)).toBe(20);
    expect(lengthFor(1)).toBe(30);
    for (let n = 1; n < 70_000; n += 997) {
      expect(usable(lengthFor(n)), String(n)).toBeGreaterThanOrEqual(n);
      expect(usable(lengthFor(n) + 1), String(n)).toBeLessThan(n);
    }
  });

  it("groups thousands the same on every machine", () => {
    expect(grouped(3105)).toBe("3,105");
    expect(grouped(1234567)).toBe("1,234,567");
    expect(grouped(999)).toBe("999");
  });
});

describe("the reference configuration's segments", () => {
  const validated = validateConfig(join(ROOT, "config"), ROOT);
  const config = validated.config!;
  const lock = validated.lock!;
  const needs = demands(config);
  const holds = (key: string) => usable(parsePrefix(lock.segments[key]!.ipv4).length);

  it("validates", () => {
    expect(validated.problems).toEqual([]);
  });

  it("gives every tenant segment a prefix that holds its demand", () => {
    expect(needs.size).toBeGreaterThan(50);
    for (const [key, d] of needs) {
      expect(lock.segments[key], key).toBeDefined();
      expect(holds(key), `${key} needs ${d.addresses}`).toBeGreaterThanOrEqual(d.addresses);
    }
  });

  it("counts a NIC on the Suwinet segment for every server of an application that has an adapter there", () => {
    const apps = Object.entries(config.tenants.find((t) => t.id === "nijmegen")!.config.applications).filter(
      ([, app]) => app.segments?.includes("suwinet"),
    );
    expect(apps.length).toBeGreaterThan(0);
    const suwinet = needs.get("nijmegen/suwinet")!;
    expect(suwinet.vms).toEqual(apps.map(([id, app]) => ({ pool: id, nics: app.vms })));
    expect(holds("nijmegen/suwinet")).toBeGreaterThanOrEqual(suwinet.addresses);
  });

  it("holds Nijmegen's workplace demand: 1,650 staff over its sites, its workplace VMs in the data centre", () => {
    const nijmegen = config.tenants.find((t) => t.id === "nijmegen")!.config;
    expect(nijmegen.staff.people).toBe(1650);
    const sites = Object.values(nijmegen.fibreLinks).map((l) => l.site);
    expect(sites.length).toBe(3);
    const perPerson = config.catalog.segmentTypes.workplace!.demand.devicesPerPerson!;
    expect(perPerson).toBeGreaterThanOrEqual(1);

    // every member of staff is counted at a site, each site's subnet holds its devices
    let counted = 0;
    for (const site of sites) {
      const d = needs.get(`nijmegen/workplace@${site}`)!;
      counted += d.people!.count;
      expect(d.devices).toBeGreaterThanOrEqual(d.people!.count * perPerson);
      expect(d.addresses).toBeGreaterThan(d.devices);
      expect(holds(`nijmegen/workplace@${site}`), site).toBeGreaterThanOrEqual(d.addresses);
    }
    expect(counted).toBeGreaterThanOrEqual(1650);
    expect(counted).toBeLessThan(1650 + sites.length);
    // the old plan gave all of them one /22 (1,022 addresses)
    const atSites = sites.reduce((n, site) => n + holds(`nijmegen/workplace@${site}`), 0);
    expect(atSites).toBeGreaterThanOrEqual(1650 * perPerson);
    expect(atSites).toBeGreaterThan(usable(22));

    // the port group holds a NIC for every VM the model puts on it
    const model = resolveModel(config, lock);
    const vms = model.tenants
      .find((t) => t.id === "nijmegen")!
      .groups.filter((g) => config.catalog.profiles[g.profile]!.segment === "workplace")
      .reduce((n, g) => n + g.vms, 0);
    expect(vms).toBeGreaterThan(100);
    const pool = needs.get("nijmegen/workplace")!;
    expect(pool.vms!.reduce((n, v) => n + v.nics, 0)).toBe(vms);
    expect(holds("nijmegen/workplace")).toBeGreaterThanOrEqual(pool.addresses);
    expect(pool.addresses).toBeGreaterThan(vms);
    // and the IP plan says so
    const portGroup = model.segments.find((s) => s.key === "nijmegen/workplace")!;
    expect(portGroup.addressesNeeded).toBe(pool.addresses);
  });
});
