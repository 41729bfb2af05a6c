// The clusters, with the HA reserve failed, hold every VM placed on them.
import { clusterFor, clusterLoads, grouped, RESOURCES, UNITS } from "../capacity.ts";
import type { Finding } from "../problems.ts";
import { placedGroups } from "../sizing.ts";
import { type Rule, finding } from "./context.ts";

export const capacity: Rule = {
  id: "capacity",
  description: "every workload has a cluster, and each cluster holds its VMs with the HA reserve failed",
  check: ({ config, files }) => {
    const out: Finding[] = [];
    const workloads = new Set(
      placedGroups(config)
        .filter((g) => g.vms > 0)
        .map((g) => g.workload),
    );
    for (const workload of [...workloads].sort()) {
      if (clusterFor(config.region, workload) === undefined) {
        out.push(
          finding(
            files.region,
            ["clusters"],
            `no cluster runs ${workload} VMs: add "${workload}" to the workloads of a cluster`,
            true,
          ),
        );
      }
    }
    for (const load of clusterLoads(config)) {
      const c = config.region.clusters[load.cluster]!;
      for (const resource of RESOURCES) {
        const tip = load.tipping[resource];
        if (!tip) continue;
        const short = load.demand[resource] - load.capacity[resource];
        const basis =
          resource === "storageGiB"
            ? `datastore "${c.datastore}"`
            : `${load.usableHosts} of ${c.hosts} hosts with ${c.haHostFailures} failed`;
        out.push(
          finding(
            files.tenant(tip.tenant),
            [tip.kind, tip.id],
            `cluster "${load.cluster}" (${load.name}) is short of ${grouped(short)} ${UNITS[resource]}: ` +
              `its VMs need ${grouped(load.demand[resource])}, it holds ${grouped(load.capacity[resource])} (${basis}); ` +
              `${tip.tenant}/${tip.id} (${grouped(tip.vms)} VMs) tips it over: add hosts or capacity, or lower the demand`,
            true,
          ),
        );
      }
    }
    return out;
  },
};
