// Cluster capacity with the HA reserve taken out: what each cluster holds, what is placed on
// it, and which pool tips it over. Used by the capacity rule and by the headroom report.
import type { RawConfig } from "./load.ts";
import type { RegionConfig } from "./schema/index.ts";
import { placedGroups, type VmGroup, type Workload } from "./sizing.ts";
import { type PointInTime, TARGET } from "./timeline.ts";

export const RESOURCES = ["vcpu", "memoryGiB", "storageGiB"] as const;
export type Resource = (typeof RESOURCES)[number];
export type Amounts = Record<Resource, number>;

export interface ClusterLoad {
  readonly cluster: string;
  readonly name: string;
  readonly usableHosts: number;
  readonly capacity: Amounts;
  readonly demand: Amounts;
  readonly groups: readonly VmGroup[];
  /** Per resource, the group at which the running total first exceeds capacity. */
  readonly tipping: Partial<Record<Resource, VmGroup>>;
}

/** The cluster that runs a workload: the first (by id) that lists it. */
export function clusterFor(region: RegionConfig, workload: Workload): string | undefined {
  return Object.keys(region.clusters)
    .sort()
    .find((id) => region.clusters[id]!.workloads.includes(workload));
}

/** Loads at a point in time; the target (every wave done) by default, which validate checks. */
export function clusterLoads(config: RawConfig, point: PointInTime = TARGET): ClusterLoad[] {
  return loadsOf(config.region, placedGroups(config, point));
}

/** The loads of the groups placed at a point (placedGroups) on the region's clusters. */
export function loadsOf(region: RegionConfig, groups: readonly VmGroup[]): ClusterLoad[] {
  // clusters sharing a datastore share its capacity: count each datastore's demand once
  const storageDemand = new Map<string, number>();
  const placed = new Map<string, VmGroup[]>();
  for (const g of groups) {
    const cluster = clusterFor(region, g.workload);
    if (cluster === undefined) continue;
    placed.set(cluster, [...(placed.get(cluster) ?? []), g]);
    const ds = region.clusters[cluster]!.datastore;
    storageDemand.set(ds, (storageDemand.get(ds) ?? 0) + g.storageGiB);
  }
  return Object.keys(region.clusters)
    .sort()
    .map((id) => {
      const c = region.clusters[id]!;
      const usableHosts = Math.max(0, c.hosts - c.haHostFailures);
      const capacity: Amounts = {
        vcpu: Math.floor(usableHosts * c.hostCores * c.cpuOvercommit),
        memoryGiB: Math.floor(usableHosts * c.hostMemoryGiB * (c.memoryOvercommit ?? 1)),
        storageGiB: region.datastores[c.datastore]?.capacityGiB ?? 0,
      };
      const mine = placed.get(id) ?? [];
      const demand: Amounts = { vcpu: 0, memoryGiB: 0, storageGiB: storageDemand.get(c.datastore) ?? 0 };
      const tipping: Partial<Record<Resource, VmGroup>> = {};
      let storage = 0;
      for (const g of mine) {
        demand.vcpu += g.vcpu;
        demand.memoryGiB += g.memoryGiB;
        storage += g.storageGiB;
        if (demand.vcpu > capacity.vcpu) tipping.vcpu ??= g;
        if (demand.memoryGiB > capacity.memoryGiB) tipping.memoryGiB ??= g;
        if (storage > capacity.storageGiB) tipping.storageGiB ??= g;
      }
      const last = mine.at(-1);
      if (demand.storageGiB > capacity.storageGiB && last !== undefined) tipping.storageGiB ??= last;
      return { cluster: id, name: c.name, usableHosts, capacity, demand, groups: mine, tipping };
    });
}

export const UNITS: Record<Resource, string> = {
  vcpu: "vCPU",
  memoryGiB: "GiB RAM",
  storageGiB: "GiB storage",
};
