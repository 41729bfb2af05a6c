import { describe, expect, it } from "vitest";
import { clusterLoads } from "../../stacks/model/capacity.ts";
import { loadConfig } from "../../stacks/model/load.ts";
import { allGroups, workplaceGroups } from "../../stacks/model/sizing.ts";
import type { TenantConfig } from "../../stacks/model/schema/index.ts";
import { ROOT } from "../helpers/cli.ts";

const { config } = loadConfig(`${ROOT}/config`, ROOT);
if (!config) throw new Error("the reference configuration must load");
const tenant = (id: string) => config.tenants.find((t) => t.id === id)!.config;

describe("workplace sizing", () => {
  it("sizes pools from staff share, users per VM and the service level's spare", () => {
    // Nijmegen: 1,650 people × 0.85 = 1,402.5 → 1,403 users; /15 per session host → 94; +1 spare
    const [session, desktop] = workplaceGroups(config.catalog, "nijmegen", tenant("nijmegen")).sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    expect(session).toMatchObject({
      id: "office-session",
      users: 1403,
      vms: 95,
      spare: 1,
      vcpu: 760,
      memoryGiB: 4560,
    });
    expect(desktop).toMatchObject({ id: "power-desktop", users: 83, vms: 84, vcpu: 336 });
    // only the OS disk: profiles live in FSLogix containers on the profile share, not on the host
    expect(session!.storageGiB).toBe(95 * 120);
  });

  it("uses explicit user counts and spare when given", () => {
    const t: TenantConfig = {
      ...tenant("druten"),
      workplaces: { "office-session": { users: 31, spare: 3 } },
    };
    const [pool] = workplaceGroups(config.catalog, "druten", t);
    expect(pool).toMatchObject({ users: 31, vms: Math.ceil(31 / 15) + 3, spare: 3 });
  });

  it("gives no VMs, not even spare ones, to a pool without users", () => {
    const t: TenantConfig = { ...tenant("druten"), workplaces: { "office-session": { users: 0 } } };
    expect(workplaceGroups(config.catalog, "druten", t)[0]).toMatchObject({ vms: 0, spare: 0, vcpu: 0 });
  });

  it("gives Nijmegen more workplace VMs than Mook en Middelaar", () => {
    const vms = (id: string) =>
      allGroups(config)
        .filter((g) => g.tenant === id && g.kind === "workplaces")
        .reduce((s, g) => s + g.vms, 0);
    expect(vms("nijmegen")).toBeGreaterThan(vms("mook-en-middelaar"));
    expect(vms("mook-en-middelaar")).toBeGreaterThan(0);
  });
});

describe("cluster capacity", () => {
  it("takes the HA reserve out and places workloads on their cluster", () => {
    const werkplek = clusterLoads(config).find((l) => l.cluster === "werkplek")!;
    const c = config.region.clusters.werkplek!;
    expect(werkplek.usableHosts).toBe(c.hosts - c.haHostFailures);
    expect(werkplek.capacity.vcpu).toBe((c.hosts - c.haHostFailures) * c.hostCores * c.cpuOvercommit);
    expect(werkplek.groups.every((g) => g.workload === "workplace")).toBe(true);
    expect(werkplek.demand.vcpu).toBe(werkplek.groups.reduce((s, g) => s + g.vcpu, 0));
    expect(werkplek.tipping).toEqual({});
  });

  it("names the pool that tips a cluster over", () => {
    const big = {
      ...config,
      tenants: config.tenants.map((t) =>
        t.id === "nijmegen"
          ? { ...t, config: { ...t.config, staff: { ...t.config.staff, people: 165_000 } } }
          : t,
      ),
    };
    const werkplek = clusterLoads(big).find((l) => l.cluster === "werkplek")!;
    expect(werkplek.tipping.vcpu).toMatchObject({ tenant: "nijmegen", id: "office-session" });
  });
});
