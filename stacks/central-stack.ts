// The central data centre: datacenter, clusters, a resource pool and VM folder per tenant (and
// for the region's shared servers), tag categories and tags: everything that needs no host, so it
// applies to an empty vCenter. Tables
// are `for_each` maps keyed by config ids: adding a tenant adds entries and never moves one.
import { type App, TerraformIterator } from "./terraform/elements.ts";
import { ComputeCluster, Datacenter, Folder, ResourcePool, Tag, TagCategory } from "./terraform/vsphere.ts";
import { instanceRef, interpolate } from "./constructs/references.ts";
import { VsphereStack } from "./constructs/vsphere-stack.ts";
import { CLUSTER_RESTART_PRIORITY } from "./model/compute.ts";
import type { Model } from "./model/model.ts";
import { SHARED } from "./model/sizing.ts";

export type CentralStackProps = Pick<
  Model,
  | "vcenter"
  | "stateBackend"
  | "rootFolder"
  | "clusters"
  | "resourcePools"
  | "tenants"
  | "tagCategories"
  | "tags"
  | "sharedFolder"
>;

/**
 * Attributes the provider reads back from vCenter although we never set them: custom attribute
 * values (backup tools and people write them) and, where we set none, tags. Left unset and not
 * ignored, the next plan would clear them (drift traps in the provider facts).
 */
export const NOT_OURS = ["tags", "custom_attributes"];

/**
 * What vCenter and its administrators own on a cluster: vSAN, which the provider reads back, so
 * a cluster that left it unset would plan to switch vSAN off (the hosts are left to their owners
 * by `host_managed`). See the provider facts of vsphere_compute_cluster.
 */
export const CLUSTER_IGNORED_CHANGES = [
  ...NOT_OURS,
  "vsan_enabled",
  "vsan_esa_enabled",
  "vsan_dedup_enabled",
  "vsan_compression_enabled",
  "vsan_performance_enabled",
  "vsan_verbose_mode_enabled",
  "vsan_network_diagnostic_mode_enabled",
  "vsan_unmap_enabled",
  "vsan_dit_encryption_enabled",
  "vsan_remote_datastore_ids",
  "vsan_fault_domains",
  "vsan_stretched_cluster",
];

const ASSOCIABLE = [
  "VirtualMachine",
  "DistributedVirtualPortgroup",
  "ResourcePool",
  "Folder",
  "ClusterComputeResource",
];

export class CentralStack extends VsphereStack {
  constructor(scope: App, id: string, props: CentralStackProps) {
    super(scope, id, props);
    const datacenter = new Datacenter(this, "datacenter", {
      name: props.vcenter.datacenter,
      lifecycle: { preventDestroy: true, ignoreChanges: NOT_OURS },
    });
    const clusters = this.addClusters(props, datacenter);
    const tags = this.addTags(props);
    this.addResourcePools(props, clusters, tags);
    this.addFolders(props, datacenter, tags);
  }

  private addClusters(props: CentralStackProps, datacenter: Datacenter): ComputeCluster {
    const clusterTable = TerraformIterator.fromMap(
      Object.fromEntries(
        props.clusters.map((c) => [c.id, { name: c.name, ha_host_failures: c.haHostFailures }]),
      ),
    );
    return new ComputeCluster(this, "clusters", {
      forEach: clusterTable,
      name: clusterTable.getString("name"),
      datacenterId: datacenter.attribute("moid"),
      drsEnabled: true,
      drsAutomationLevel: "fullyAutomated",
      haEnabled: true,
      haAdmissionControlPolicy: "resourcePercentage",
      haAdmissionControlHostFailureTolerance: clusterTable.getNumber("ha_host_failures"),
      // what VMs get without an override; pools whose service level says otherwise override it
      haVmRestartPriority: CLUSTER_RESTART_PRIORITY,
      // hosts join and leave outside Terraform (the bootstrap), so Terraform never removes one
      hostManaged: true,
      // no prevent_destroy: it would hold for every cluster of the table, so retiring one could
      // never be planned; `irvn apply` refuses to destroy a cluster unless --allow-destroy names it
      lifecycle: { ignoreChanges: CLUSTER_IGNORED_CHANGES },
    });
  }

  /** The tag categories and every tag, keyed `<category>/<name>`. */
  private addTags(props: CentralStackProps): Tag {
    const categories = TerraformIterator.fromMap(
      Object.fromEntries(
        props.tagCategories.map((c) => [
          c.id,
          { name: c.name, description: c.description, cardinality: c.multiple ? "MULTIPLE" : "SINGLE" },
        ]),
      ),
    );
    const tagCategories = new TagCategory(this, "tag_categories", {
      forEach: categories,
      name: categories.getString("name"),
      description: categories.getString("description"),
      cardinality: categories.getString("cardinality"),
      associableTypes: ASSOCIABLE,
    });

    const tagTable = TerraformIterator.fromMap(
      Object.fromEntries(
        props.tags.map((t) => [
          `${t.category}/${t.name}`,
          { category: t.category, name: t.name, description: t.description },
        ]),
      ),
    );
    const tags = new Tag(this, "tags", {
      forEach: tagTable,
      name: tagTable.getString("name"),
      description: tagTable.getString("description"),
      categoryId: interpolate(instanceRef(tagCategories, "each.value.category", "id")),
    });
    return tags;
  }

  /** Each tenant's resource pool on each cluster, tagged with its tenant; the shared servers' untagged. */
  private addResourcePools(props: CentralStackProps, clusters: ComputeCluster, tags: Tag): void {
    const tenantTag = interpolate(instanceRef(tags, "each.value.tenant_tag", "id"));
    const clusterRootPool = interpolate(instanceRef(clusters, "each.value.cluster", "resource_pool_id"));

    const tenantPools = props.resourcePools.filter((p) => p.tenant !== SHARED);
    const sharedPools = props.resourcePools.filter((p) => p.tenant === SHARED);
    const pools = TerraformIterator.fromMap(
      Object.fromEntries(
        tenantPools.map((p) => [
          p.key,
          {
            name: p.name,
            cluster: p.cluster,
            tenant_tag: `tenant/${p.tenant}`,
            cpu_shares: p.cpuShares,
            memory_shares: p.memoryShares,
          },
        ]),
      ),
    );
    new ResourcePool(this, "tenant_pools", {
      forEach: pools,
      name: pools.getString("name"),
      parentResourcePoolId: clusterRootPool,
      cpuShareLevel: "custom",
      cpuShares: pools.getNumber("cpu_shares"),
      memoryShareLevel: "custom",
      memoryShares: pools.getNumber("memory_shares"),
      tags: [tenantTag],
    });

    // the region's shared servers (the session platform's shared roles): no tenant's, so untagged
    if (sharedPools.length > 0) {
      const shared = TerraformIterator.fromMap(
        Object.fromEntries(
          sharedPools.map((p) => [
            p.key,
            { name: p.name, cluster: p.cluster, cpu_shares: p.cpuShares, memory_shares: p.memoryShares },
          ]),
        ),
      );
      new ResourcePool(this, "shared_pools", {
        forEach: shared,
        name: shared.getString("name"),
        parentResourcePoolId: clusterRootPool,
        cpuShareLevel: "custom",
        cpuShares: shared.getNumber("cpu_shares"),
        memoryShareLevel: "custom",
        memoryShares: shared.getNumber("memory_shares"),
        lifecycle: { ignoreChanges: NOT_OURS },
      });
    }
  }

  /** The root folder, one folder per tenant (tagged) and the shared servers' folder. */
  private addFolders(props: CentralStackProps, datacenter: Datacenter, tags: Tag): void {
    const tenantTag = interpolate(instanceRef(tags, "each.value.tenant_tag", "id"));
    const root = new Folder(this, "root_folder", {
      path: props.rootFolder,
      type: "vm",
      datacenterId: datacenter.attribute("moid"),
      lifecycle: { ignoreChanges: NOT_OURS },
    });
    const folders = TerraformIterator.fromMap(
      Object.fromEntries(props.tenants.map((t) => [t.id, { path: t.folder, tenant_tag: `tenant/${t.id}` }])),
    );
    new Folder(this, "tenant_folders", {
      forEach: folders,
      path: folders.getString("path"),
      type: "vm",
      datacenterId: datacenter.attribute("moid"),
      tags: [tenantTag],
      dependsOn: [root],
      lifecycle: { ignoreChanges: ["custom_attributes"] },
    });
    if (props.sharedFolder !== undefined) {
      new Folder(this, "shared_folder", {
        path: props.sharedFolder,
        type: "vm",
        datacenterId: datacenter.attribute("moid"),
        dependsOn: [root],
        lifecycle: { ignoreChanges: NOT_OURS },
      });
    }
  }
}
