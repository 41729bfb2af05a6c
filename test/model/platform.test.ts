// The session platform's servers in the model: the shared roles once for the region, the profile
// file servers once per municipality whose users work on session hosts, each sized as the
// catalogue's profile says, built with the workplaces they serve and counted in the capacity.
import { describe, expect, it } from "vitest";
import { clusterLoads } from "../../stacks/model/capacity.ts";
import { vmPools } from "../../stacks/model/compute.ts";
import { loadModel } from "../../stacks/model/index.ts";
import { names } from "../../stacks/model/names.ts";
import { validateConfig } from "../../stacks/model/validate.ts";
import { allGroups, SHARED } from "../../stacks/model/sizing.ts";
import { ROOT } from "../helpers/cli.ts";

const loaded = loadModel(`${ROOT}/config`, ROOT);
if (!loaded.ok) throw new Error("the reference configuration must load");
const { model } = loaded;
// the catalogue and tenants as configured, which the sizing tests below vary
const config = validateConfig(`${ROOT}/config`, ROOT).config!;
const { catalog, region } = config;
const roles = Object.entries(catalog.platformRoles);
const prefix = region.naming.prefix;
const platformPools = (point = model.vmPools) => point.filter((p) => p.kind === "platform");
const at = (wave: string) => {
  const m = loadModel(`${ROOT}/config`, ROOT, wave);
  if (!m.ok) throw new Error(`the reference must load at ${wave}`);
  return m.model;
};

describe("the session platform's servers", () => {
  it("has the roles an RDS farm needs: broker and gateway pairs and licensing shared, file servers per municipality", () => {
    const scope = Object.fromEntries(roles.map(([id, r]) => [id, `${r.scope} × ${r.vms}`]));
    expect(scope).toEqual({
      "connection-broker": "region × 2",
      gateway: "region × 2",
      licensing: "region × 1",
      "profile-files": "tenant × 1",
    });
  });

  it("yields each shared role once for the region, sized and placed as the catalogue says", () => {
    const shared = platformPools().filter((p) => p.tenant === SHARED);
    expect(shared.map((p) => p.id).sort()).toEqual(
      roles
        .filter(([, r]) => r.scope === "region")
        .map(([id]) => id)
        .sort(),
    );
    for (const pool of shared) {
      const role = catalog.platformRoles[pool.id]!;
      const profile = catalog.profiles[role.profile]!;
      const level = catalog.serviceLevels[role.serviceLevel]!;
      expect(pool.vms).toHaveLength(role.vms);
      expect(pool).toMatchObject({
        vcpu: profile.vcpu,
        memoryGiB: profile.memoryGiB,
        disks: profile.disks,
        portGroups: [names.portGroup(prefix, SHARED, role.network)],
        cluster: { id: "server" },
        haRestartPriority: level.haRestartPriority,
        backupPolicy: level.backupPolicy,
        service: role.service,
      });
      // named after the organisation, not a municipality; tagged with no tenant
      expect(pool.vms[0]!.hostname).toBe(`${region.organisation.id}-${profile.hostPart}001`);
      expect(pool.tags.filter((t) => t.startsWith("tenant/"))).toEqual([]);
      // a pair is kept on two hosts
      expect(pool.spreadGroups.flatMap((g) => g.vms)).toHaveLength(role.vms > 1 ? role.vms : 0);
    }
    // the gateway faces the internet: its facility's /64 comes from the internet category
    const dmz = model.segments.find((s) => s.key === "facilities/dmz")!;
    expect(dmz).toMatchObject({ zone: "dmz", ipv6Category: "internet" });
    expect(model.segments.find((s) => s.key === "facilities/session-platform")).toMatchObject({
      zone: "server",
      ipv6Category: "internal",
    });
    // none of them is any municipality's
    for (const t of model.tenants) expect(t.groups.filter((g) => g.tenant === SHARED)).toEqual([]);
  });

  it("gives every municipality with session-host users one set of profile file servers, the profile disk from its profileShareGiB", () => {
    const role = catalog.platformRoles["profile-files"]!;
    const profile = catalog.profiles[role.profile]!;
    expect(model.tenants).toHaveLength(7);
    for (const { id, config: t } of config.tenants) {
      const mine = platformPools().filter((p) => p.tenant === id);
      expect(
        mine.map((p) => p.id),
        id,
      ).toEqual(["profile-files"]);
      const pool = mine[0]!;
      expect(pool.vms).toHaveLength(role.vms);
      expect(pool.disks).toEqual([
        ...profile.disks,
        { label: role.profileShareDisk, sizeGiB: Math.ceil(t.profileShareGiB! / role.vms) },
      ]);
      expect(pool).toMatchObject({
        vcpu: profile.vcpu,
        memoryGiB: profile.memoryGiB,
        portGroups: [names.portGroup(prefix, id, role.network)],
        folder: names.folder(prefix, id),
        // up before the session hosts after a host failure (they restart at medium)
        haRestartPriority: "high",
      });
      expect(pool.vms[0]!.hostname).toBe(`${t.code}-${profile.hostPart}001`);
    }
    // Nijmegen: 1,403 session-host users × 15 GiB = 21,045 GiB needed, 25,600 provisioned
    const nijmegen = platformPools().find((p) => p.tenant === "nijmegen")!;
    expect(nijmegen.disks.at(-1)).toEqual({ label: "profiles", sizeGiB: 25600 });
  });

  it("gives a municipality without session-host users no file servers, and the region no platform without any", () => {
    const desktopsOnly = {
      ...config,
      tenants: config.tenants.map((t) =>
        t.id === "druten"
          ? { ...t, config: { ...t.config, workplaces: { "power-desktop": { share: 0.05 } } } }
          : t,
      ),
    };
    const groups = allGroups(desktopsOnly).filter((g) => g.kind === "platform");
    expect(groups.filter((g) => g.tenant === "druten")).toEqual([]);
    expect(groups.filter((g) => g.tenant === SHARED)).toHaveLength(3);
    const noSessions = {
      ...config,
      tenants: config.tenants.map((t) => ({
        ...t,
        config: { ...t.config, workplaces: { "power-desktop": { share: 0.05 } } },
      })),
    };
    expect(allGroups(noSessions).filter((g) => g.kind === "platform")).toEqual([]);
  });

  it("builds the shared roles with the first workplace wave, and each file server with its municipality's workplaces", () => {
    expect(platformPools(at("netwerk-b-2017").vmPools)).toEqual([]);
    const pilot = platformPools(at("werkplek-2018-a").vmPools);
    expect(pilot.map((p) => `${p.tenant}/${p.id}`).sort()).toEqual([
      "facilities/connection-broker",
      "facilities/gateway",
      "facilities/licensing",
      "heumen/profile-files",
      "mook-en-middelaar/profile-files",
    ]);
    // tagged with the wave their municipality's workplaces move in
    expect(pilot.find((p) => p.tenant === "heumen")!.tags).toContain("wave/werkplek-2018-a");
    expect(at("werkplek-2018-a").sharedFolder).toBe(`${prefix}/facilities`);
    expect(at("netwerk-b-2017").sharedFolder).toBeUndefined();
  });

  it("counts them in the server cluster's capacity", () => {
    const server = clusterLoads(config).find((l) => l.cluster === "server")!;
    const platform = server.groups.filter((g) => g.kind === "platform");
    expect(platform).toHaveLength(3 + 7);
    const pools = vmPools(config).filter((p) => p.kind === "platform");
    const storage = pools.reduce((n, p) => n + p.vms.length * p.disks.reduce((s, d) => s + d.sizeGiB, 0), 0);
    expect(platform.reduce((n, g) => n + g.storageGiB, 0)).toBe(storage);
    expect(server.demand.storageGiB).toBeGreaterThanOrEqual(storage);
    // the shared servers' resource pool weighs what they take, like a tenant's
    expect(model.resourcePools.find((p) => p.tenant === SHARED)).toMatchObject({
      key: "facilities/server",
      cpuShares: 2 * 4 + 2 * 4 + 2,
    });
  });
});
