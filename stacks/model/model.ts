// The resolved model: what the stacks and documents are generated from. Typed, frozen, sorted
// by id, names already derived; nothing downstream reads YAML or computes names again.
import type { RawConfig } from "./load.ts";
import { compare } from "./problems.ts";
import type { RegionConfig } from "./schema/index.ts";
import { allGroups, type VmGroup } from "./sizing.ts";

export interface ClusterModel {
  readonly id: string;
  readonly name: string;
  readonly workloads: readonly string[];
  readonly haHostFailures: number;
  readonly datastore: string;
}

export interface DatastoreModel {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export interface TenantModel {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly code: string;
  /** vSphere resource pool name, one per cluster that runs tenant VMs. */
  readonly resourcePool: string;
  /** VM folder path under the datacenter. */
  readonly folder: string;
  readonly services: readonly string[];
  readonly segments: readonly string[];
  readonly groups: readonly VmGroup[];
}

export interface TagModel {
  readonly category: string;
  readonly name: string;
  readonly description: string;
}

export interface TagCategoryModel {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly multiple: boolean;
}

export interface Model {
  readonly organisation: RegionConfig["organisation"];
  readonly vcenter: RegionConfig["vcenter"];
  readonly prefix: string;
  readonly stateBackend: RegionConfig["stateBackend"];
  readonly rootFolder: string;
  readonly clusters: readonly ClusterModel[];
  /** Clusters that hold tenant VMs, and so a resource pool per tenant. */
  readonly tenantClusters: readonly string[];
  readonly datastores: readonly DatastoreModel[];
  readonly contentLibrary: { readonly name: string; readonly datastore: string; readonly description: string };
  readonly tenants: readonly TenantModel[];
  readonly tagCategories: readonly TagCategoryModel[];
  readonly tags: readonly TagModel[];
}

const byId = <T extends { id: string }>(a: T, b: T) => compare(a.id, b.id);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function resolveModel(config: RawConfig): Model {
  const { region, catalog } = config;
  const prefix = region.naming.prefix;
  const groups = allGroups(config);

  const clusters = Object.entries(region.clusters)
    .map(([id, c]) => ({ id, name: c.name, workloads: [...c.workloads].sort(), haHostFailures: c.haHostFailures, datastore: c.datastore }))
    .sort(byId);
  const tenantClusters = clusters.filter((c) => c.workloads.some((w) => w !== "management")).map((c) => c.id);

  const tenants = config.tenants
    .map(({ id, config: t }) => ({
      id,
      name: t.name,
      kind: t.kind,
      code: t.code,
      resourcePool: `${prefix}-${id}`,
      folder: `${prefix}/${id}`,
      services: Object.keys(t.services).sort(compare),
      segments: [...t.segments].sort(compare),
      groups: groups.filter((g) => g.tenant === id),
    }))
    .sort(byId);

  const tagCategories: TagCategoryModel[] = [
    { id: "service", name: `${prefix}-service`, description: "catalogue service a resource is delivered under", multiple: true },
    { id: "tenant", name: `${prefix}-tenant`, description: "tenant (municipality) a resource belongs to", multiple: false },
    { id: "zone", name: `${prefix}-zone`, description: "security zone and BIO level (8.22.01)", multiple: false },
  ];
  const tags: TagModel[] = [
    ...Object.entries(catalog.services).map(([id, s]) => ({ category: "service", name: id, description: s.name })),
    ...tenants.map((t) => ({ category: "tenant", name: t.id, description: t.name })),
    ...Object.entries(catalog.zones).map(([id, z]) => ({ category: "zone", name: id, description: `${z.name} (BBN ${z.level})` })),
  ].sort((a, b) => compare(a.category, b.category) || compare(a.name, b.name));

  return deepFreeze({
    organisation: region.organisation,
    vcenter: region.vcenter,
    prefix,
    stateBackend: region.stateBackend,
    rootFolder: prefix,
    clusters,
    tenantClusters,
    datastores: Object.entries(region.datastores)
      .map(([id, d]) => ({ id, name: d.name, role: d.role }))
      .sort(byId),
    contentLibrary: region.contentLibrary,
    tenants,
    tagCategories,
    tags,
  });
}
