// The clusters, with the HA reserve failed, hold every VM placed on them. A shortfall is reported
// where to change it: at the cluster's hosts (or datastore) in region.yaml, unless one pool alone
// is more than the cluster could ever hold.
import { clusterFor, clusterLoads, type Resource, RESOURCES, UNITS } from "../capacity.ts";
import type { Finding } from "../problems.ts";
import type { RegionConfig } from "../schema/index.ts";
import { placedGroups } from "../sizing.ts";
import { type Rule, finding } from "./context.ts";
import { grouped } from "../problems.ts";

export const capacity: Rule = {
  id: "capacity",
  phase: "resolved",
  independent: true,
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
        const head =
          `cluster "${load.cluster}" (${load.name}) is short of ${grouped(short)} ${UNITS[resource]}: ` +
          `its VMs need ${grouped(load.demand[resource])}, it holds ${grouped(load.capacity[resource])} (${basis})`;
        // one pool that no cluster of this size could hold is that pool's problem; otherwise the
        // cluster is too small for all of them, and its size is what to change
        if (tip[resource] > load.capacity[resource]) {
          // a platform role's servers are sized in the catalogue, their profile share by the
          // tenant's profileShareGiB; the other pools in the tenant's file
          const role = tip.kind === "platform" ? config.catalog.platformRoles[tip.id] : undefined;
          const [file, path] =
            role === undefined
              ? [files.tenant(tip.tenant), [tip.kind, tip.id]]
              : role.profileShareDisk !== undefined && resource === "storageGiB"
                ? [files.tenant(tip.tenant), ["profileShareGiB"]]
                : [files.catalog, ["platformRoles", tip.id]];
          out.push(
            finding(
              file,
              path,
              `${head}; ${tip.tenant}/${tip.id} (${grouped(tip.vms)} ${tip.vms === 1 ? "VM" : "VMs"}) alone needs ${grouped(tip[resource])}: lower its demand, or add hosts or capacity`,
              true,
            ),
          );
          continue;
        }
        const largest = [...load.groups].sort((a, b) => b[resource] - a[resource])[0]!;
        out.push(
          finding(
            files.region,
            resource === "storageGiB"
              ? ["datastores", c.datastore, "capacityGiB"]
              : ["clusters", load.cluster, "hosts"],
            `${head}; ${enough(c, resource, load.demand[resource])}, or lower the demand ` +
              `(the largest: ${largest.tenant}/${largest.id}, ${grouped(largest.vms)} VMs, ${grouped(largest[resource])} ${UNITS[resource]})`,
          ),
        );
      }
    }
    return out;
  },
};

/** What would hold a demand: so many hosts (the HA reserve on top), or a datastore so large. */
function enough(c: RegionConfig["clusters"][string], resource: Resource, demand: number): string {
  if (resource === "storageGiB") return `a datastore of ${grouped(demand)} GiB would hold them`;
  const perHost =
    resource === "vcpu" ? c.hostCores * c.cpuOvercommit : c.hostMemoryGiB * (c.memoryOvercommit ?? 1);
  return `${Math.ceil(demand / perHost) + c.haHostFailures} hosts would hold them: add hosts`;
}
