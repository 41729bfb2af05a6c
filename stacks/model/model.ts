// The resolved model: what the stacks and documents are generated from. Typed, frozen, sorted
// by id, names already derived; nothing downstream reads YAML or computes names again.
import { type Classification, describeClassification } from "./classification.ts";
import { formatAddress, parsePrefix } from "./ip.ts";
import {
  AT,
  INTERNAL,
  LEGACY,
  requestsOf,
  type SegmentKind,
  type SegmentRequest,
  TRANSIT,
} from "./ipam/requests.ts";
import { type ClusterLoad, loadsOf } from "./capacity.ts";
import { vmPools, type VmPoolModel } from "./compute.ts";
import type { RawConfig } from "./load.ts";
import { names } from "./names.ts";
import { compare } from "./problems.ts";
import type { CatalogConfig, InventoryConfig, IpamLock, RegionConfig, TenantConfig } from "./schema/index.ts";
import { placedGroups, SHARED, type VmGroup } from "./sizing.ts";
import {
  builds,
  type Component,
  type PointInTime,
  type Stage,
  TARGET,
  type TenantState,
  tenantStates,
} from "./timeline.ts";
import { resolveZonePolicy, type ZonePolicy } from "./zone-policy.ts";

export interface ClusterModel {
  readonly id: string;
  readonly name: string;
  readonly workloads: readonly string[];
  /** ESXi hosts that join the cluster outside Terraform (the bootstrap). */
  readonly hosts: number;
  readonly haHostFailures: number;
  readonly datastore: string;
}

export interface DatastoreModel {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly capacityGiB: number;
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
  /** Each service it takes (by id): since when, under whose host contract, the quantities stated. */
  readonly serviceUses: TenantConfig["services"];
  /** The applications hosted for it (by id): name, domain, service. */
  readonly applications: TenantConfig["applications"];
  /** GiB provisioned for its session-host users' profile containers, if it has them. */
  readonly profileShareGiB?: number;
}

/** A network segment with its allocation: a port group on the distributed switch. */
export interface SegmentModel {
  /** `<owner>/<item>`: lock key and for_each key. */
  readonly key: string;
  /** Tenant id, or "facilities". */
  readonly owner: string;
  /** Segment type id, facility id or `transit-<link>`. */
  readonly item: string;
  readonly kind: Exclude<SegmentKind, "site">;
  readonly name: string;
  readonly portGroup: string;
  readonly zone: string;
  /** Its zone's BIO classification. */
  readonly classification: Classification;
  readonly vlan: number;
  readonly ipv4: string;
  /** False for a layer-2 network between the hosts (vMotion, vSAN): no gateway and no IPv6. */
  readonly routed: boolean;
  /** The first usable address, when routed. */
  readonly ipv4Gateway?: string;
  readonly ipv6?: string;
  readonly ipv6Gateway?: string;
  /** The IPv6 category its /64 comes from, when routed. */
  readonly ipv6Category?: string;
  /** The service that needs it (tenant segments), if any. */
  readonly service?: string;
  /** A tenant segment's demand: the addresses its VMs' NICs need (catalog `segmentTypes.<id>.demand`). */
  readonly addressesNeeded?: number;
  /** Tag keys `<category>/<name>` the port group carries. */
  readonly tags: readonly string[];
}

/**
 * A segment type's subnet at one of its tenant's sites: routed by the site's layer-3 switch and
 * over the fibre link (no VLAN stretched), so no port group; its VLAN is the site switches'.
 */
export interface SiteSubnetModel {
  /** `<tenant>/<type>@<site>`: the lock key. */
  readonly key: string;
  readonly tenant: string;
  /** Segment type id. */
  readonly type: string;
  readonly site: string;
  readonly siteName: string;
  readonly name: string;
  readonly zone: string;
  readonly classification: Classification;
  readonly vlan: number;
  readonly ipv4: string;
  readonly ipv4Gateway: string;
  readonly ipv6: string;
  readonly ipv6Gateway: string;
  readonly ipv6Category: string;
  readonly service: string;
  /** Its demand: the addresses the devices of the staff working at the site need. */
  readonly addressesNeeded: number;
}

export interface FibreLinkModel {
  readonly tenant: string;
  readonly id: string;
  /** The site's name, and its id. */
  readonly site: string;
  readonly siteId: string;
  readonly bandwidthMbps: number;
  readonly encryption: "macsec" | "ipsec" | "waived";
  readonly waiverReason?: string;
  /** Key of its transit segment, while legacy networks hang off the link. */
  readonly transit?: string;
}

export interface LegacySubnetModel {
  readonly tenant: string;
  readonly id: string;
  readonly cidr: string;
  readonly vlan: number;
  readonly purpose: string;
  readonly coexistence?: "nat" | "renumber";
  /** Translated prefix during coexistence (coexistence: nat). */
  readonly nat?: string;
  /** The tenant's legacy network is linked to the central one at this point. */
  readonly coexisting: boolean;
}

/**
 * A tenant's resource pool on a cluster. Its shares are custom and proportional to what the
 * tenant's VMs there take (vCPU, GiB), so under contention a tenant gets its contracted part,
 * not the same weight as a tenant a tenth its size. A pool without VMs keeps one share.
 */
export interface ResourcePoolModel {
  /** `<tenant>/<cluster>`: the for_each key. */
  readonly key: string;
  readonly tenant: string;
  readonly cluster: string;
  readonly name: string;
  readonly cpuShares: number;
  readonly memoryShares: number;
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

/** A tenant of the configuration, present at the model's point or not. */
export interface TenantEntry {
  readonly id: string;
  readonly name: string;
}

/** A wave of migration.yaml, the same at every point: the plan is whole wherever it stands. */
export interface WaveModel {
  readonly id: string;
  readonly name: string;
  readonly date: string;
  /** Per tenant (in the file's order), the stage each component it names reaches in this wave. */
  readonly moves: Readonly<Record<string, Readonly<Partial<Record<Component, Stage>>>>>;
}

export interface Model extends ZonePolicy {
  readonly organisation: RegionConfig["organisation"];
  readonly vcenter: RegionConfig["vcenter"];
  readonly prefix: string;
  readonly stateBackend: RegionConfig["stateBackend"];
  readonly rootFolder: string;
  readonly clusters: readonly ClusterModel[];
  /**
   * Every tenant's resource pool on every cluster that holds tenant VMs, sorted by key; then the
   * pool of the region's shared servers on each cluster that holds some (tenant SHARED).
   */
  readonly resourcePools: readonly ResourcePoolModel[];
  /** VM folder of the region's shared servers (the session platform's shared roles), while any exist. */
  readonly sharedFolder?: string;
  readonly datastores: readonly DatastoreModel[];
  readonly contentLibrary: {
    readonly name: string;
    readonly datastore: string;
    readonly description: string;
  };
  readonly switch: RegionConfig["switch"];
  /** The IPv6 network categories: `internal` (the owners' blocks) first, then by id. */
  readonly ipv6Categories: readonly {
    readonly id: string;
    readonly block: string;
    readonly description: string;
  }[];
  readonly tenants: readonly TenantModel[];
  /**
   * The service catalogue as configured: modules, services, service levels, profiles, inputs and
   * units, segment types and platform roles, by id (the documents show their names and levels).
   */
  readonly catalogue: CatalogConfig;
  /** Every tenant of the configuration by id, present at this point or not (waves name them all). */
  readonly allTenants: readonly TenantEntry[];
  /** The migration waves in date order. */
  readonly waves: readonly WaveModel[];
  /** Each cluster's capacity with the HA reserve taken out, and what is placed on it at this point. */
  readonly clusterLoads: readonly ClusterLoad[];
  /** VM groups of the region's shared servers (the session platform's roles with scope region). */
  readonly sharedGroups: readonly VmGroup[];
  /** Every port group's segment of every owner, sorted by key. */
  readonly segments: readonly SegmentModel[];
  /** Every tenant's subnets at its sites, sorted by key. */
  readonly siteSubnets: readonly SiteSubnetModel[];
  readonly blocks: IpamLock["blocks"];
  readonly fibreLinks: readonly FibreLinkModel[];
  readonly legacySubnets: readonly LegacySubnetModel[];
  /** The point in time the model describes, and every tenant's stage there. */
  readonly point: PointInTime;
  readonly states: readonly TenantState[];
  /** Workplace pools, hosted applications and platform roles: per tenant (applications, platform,
   * workplaces; each by id), then the region's shared ones (see allGroups). */
  readonly vmPools: readonly VmPoolModel[];
  readonly tagCategories: readonly TagCategoryModel[];
  readonly tags: readonly TagModel[];
  /**
   * What each tenant's legacy vCenter holds (config/inventory/<tenant>.yaml, by tenant id): the
   * adopted VMs' disks (labelled as the provider's import labels them), NICs, firmware and size.
   * Every VM an application adopts is in it (rule adopted-vms).
   */
  readonly inventory: Readonly<Record<string, InventoryConfig>>;
}

const byId = <T extends { id: string }>(a: T, b: T) => compare(a.id, b.id);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** First usable address: the gateway convention of the consolidated network. */
function gateway(cidr: string): string {
  const p = parsePrefix(cidr);
  return formatAddress(p.family, p.first + 1n);
}

/** Tenant and zone; for a tenant segment also its service and the host contract it falls under. */
function segmentTags(
  config: RawConfig,
  req: SegmentRequest,
  zone: string,
  service: string | undefined,
): string[] {
  if (req.kind === "facility") return [`zone/${zone}`];
  const tags = [`tenant/${req.owner}`, `zone/${zone}`];
  if (service) {
    tags.push(`service/${service}`);
    const holder = config.tenants.find((t) => t.id === req.owner)!.config.services[service]?.hostContract
      ?.holder;
    if (holder) tags.push(`host-contract/${holder}`);
  }
  return tags;
}

function resolveSegments(config: RawConfig, lock: IpamLock) {
  const { region, catalog } = config;
  const prefix = region.naming.prefix;
  const transitNames = new Map(
    config.tenants.flatMap(({ id, config: t }) =>
      Object.entries(t.fibreLinks).map(([link, l]) => [
        `${id}/${TRANSIT}${link}`,
        `Transit ${t.sites[l.site]!.name}`,
      ]),
    ),
  );
  const describe = (req: SegmentRequest): { name: string; zone: string; service?: string } => {
    switch (req.kind) {
      case "tenant":
      case "site": {
        const type = catalog.segmentTypes[typeOf(req)]!;
        return { name: type.name, zone: type.zone, service: type.service };
      }
      case "facility":
        return { name: region.facilities[req.item]!.name, zone: region.facilities[req.item]!.zone };
      case "transit":
        return { name: transitNames.get(req.key)!, zone: region.switch.transitZone };
    }
  };
  const segments: SegmentModel[] = [];
  const siteSubnets: SiteSubnetModel[] = [];
  for (const req of requestsOf(config).segments) {
    const alloc = lock.segments[req.key]!;
    const { name, zone, service } = describe(req);
    const classification = config.zones.zones[zone]!.classification;
    if (req.kind === "site") {
      siteSubnets.push({
        key: req.key,
        tenant: req.owner,
        type: typeOf(req),
        site: req.site!,
        siteName: config.tenants.find((t) => t.id === req.owner)!.config.sites[req.site!]!.name,
        name,
        zone,
        classification,
        vlan: alloc.vlan,
        ipv4: alloc.ipv4,
        ipv4Gateway: gateway(alloc.ipv4),
        ipv6: alloc.ipv6!,
        ipv6Gateway: gateway(alloc.ipv6!),
        ipv6Category: req.ipv6Category!,
        service: service!,
        addressesNeeded: req.demand!.addresses,
      });
      continue;
    }
    segments.push({
      key: req.key,
      owner: req.owner,
      item: req.item,
      kind: req.kind,
      name,
      portGroup: names.portGroup(prefix, req.owner, req.item),
      zone,
      classification,
      vlan: alloc.vlan,
      ipv4: alloc.ipv4,
      routed: req.ipv6Category !== undefined,
      ...(req.ipv6Category !== undefined ? { ipv4Gateway: gateway(alloc.ipv4) } : {}),
      ...(req.ipv6Category !== undefined && alloc.ipv6 !== undefined
        ? { ipv6: alloc.ipv6, ipv6Gateway: gateway(alloc.ipv6), ipv6Category: req.ipv6Category }
        : {}),
      ...(service ? { service } : {}),
      ...(req.demand ? { addressesNeeded: req.demand.addresses } : {}),
      tags: segmentTags(config, req, zone, service),
    });
  }
  return { segments, siteSubnets };
}

/** The segment type of a tenant port group or site subnet. */
const typeOf = (req: SegmentRequest) => req.item.split(AT)[0]!;

/**
 * The model at a point in time. Longer than a screen for one reason: its literal lists every field
 * of the model in one place, each computed by a named function above or in its own module.
 */
export function resolveModel(config: RawConfig, lock: IpamLock, point: PointInTime = TARGET): Model {
  const { region } = config;
  const prefix = region.naming.prefix;
  const groups = placedGroups(config, point);
  const states = tenantStates(config, point);
  const stateOf = new Map(states.map((s) => [s.tenant, s]));
  const present = config.tenants.filter((t) => stateOf.get(t.id)!.present);
  const coexisting = (tenant: string) => builds.coexistence(stateOf.get(tenant)!);

  const clusters = clustersOf(region);
  const tenantClusters = clusters.filter((c) => c.workloads.some((w) => w !== "management")).map((c) => c.id);

  const tenants = present
    .map(({ id, config: t }) => ({
      id,
      name: t.name,
      kind: t.kind,
      code: t.code,
      resourcePool: names.resourcePool(prefix, id),
      folder: names.folder(prefix, id),
      services: Object.keys(t.services).sort(compare),
      segments: [...t.segments].sort(compare),
      groups: groups.filter((g) => g.tenant === id),
      serviceUses: t.services,
      applications: t.applications,
      ...(t.profileShareGiB === undefined ? {} : { profileShareGiB: t.profileShareGiB }),
    }))
    .sort(byId);

  const pools = vmPools(config, point);
  const resolved = resolveSegments(config, lock);
  const { tagCategories, tags } = tagsOf(config, tenants, prefix);

  return deepFreeze({
    organisation: region.organisation,
    vcenter: region.vcenter,
    prefix,
    stateBackend: region.stateBackend,
    rootFolder: prefix,
    clusters,
    resourcePools: resourcePools(tenants, tenantClusters, pools, prefix),
    ...(pools.some((p) => p.tenant === SHARED) ? { sharedFolder: names.folder(prefix, SHARED) } : {}),
    datastores: Object.entries(region.datastores)
      .map(([id, d]) => ({ id, name: d.name, role: d.role, capacityGiB: d.capacityGiB }))
      .sort(byId),
    contentLibrary: region.contentLibrary,
    switch: region.switch,
    ipv6Categories: ipv6CategoriesOf(region),
    tenants,
    catalogue: config.catalog,
    allTenants: config.tenants.map(({ id, config: t }) => ({ id, name: t.name })),
    waves: Object.entries(config.migration.waves).map(([id, w]) => ({
      id,
      name: w.name,
      date: w.date,
      moves: w.moves,
    })),
    clusterLoads: loadsOf(region, groups),
    sharedGroups: groups.filter((g) => g.tenant === SHARED),
    segments: resolved.segments.filter((s) => {
      if (s.kind === "facility") return true;
      const state = stateOf.get(s.owner)!;
      return s.kind === "tenant" ? builds.segments(state) : builds.coexistence(state);
    }),
    siteSubnets: resolved.siteSubnets.filter((s) => builds.segments(stateOf.get(s.tenant)!)),
    blocks: lock.blocks,
    fibreLinks: fibreLinksOf(present, coexisting),
    vmPools: pools,
    legacySubnets: legacySubnetsOf(present, coexisting, lock),
    tagCategories,
    tags,
    inventory: Object.fromEntries(config.inventories.map((i) => [i.tenant, i.config])),
    point,
    states,
    ...resolveZonePolicy(config.zones, point),
  });
}

/** The clusters by id, with the workloads they run. */
function clustersOf(region: RegionConfig): ClusterModel[] {
  return Object.entries(region.clusters)
    .map(([id, c]) => ({
      id,
      name: c.name,
      workloads: [...c.workloads].sort(),
      hosts: c.hosts,
      haHostFailures: c.haHostFailures,
      datastore: c.datastore,
    }))
    .sort(byId);
}

/** The IPv6 categories: the owners' blocks (`internal`) first, then the region's by id. */
function ipv6CategoriesOf(region: RegionConfig): Model["ipv6Categories"] {
  return [
    {
      id: INTERNAL,
      block: region.addressing.ipv6.block,
      description: "networks inside the region: a block per tenant and for the facilities",
    },
    ...Object.entries(region.addressing.ipv6.categories ?? {})
      .map(([id, c]) => ({ id, block: c.block, description: c.description }))
      .sort(byId),
  ];
}

/** The tag categories, and every tag of them: backup policies, host-contract holders, profiles, services, tenants, waves, zones. */
function tagsOf(config: RawConfig, tenants: readonly TenantModel[], prefix: string) {
  const { catalog } = config;
  const category = (id: string, description: string, multiple = false) => ({
    id,
    name: names.tagCategory(prefix, id),
    description,
    multiple,
  });
  const tagCategories: TagCategoryModel[] = [
    category("backup", "backup policy of a VM, from its service level"),
    category("host-contract", "tenant holding the contract a resource is delivered under"),
    category("profile", "VM profile from the catalogue"),
    category("service", "catalogue service a resource is delivered under", true),
    category("tenant", "tenant (municipality) a resource belongs to"),
    category("wave", "migration wave in which a resource moves"),
    category("zone", "security zone and its BIO classification (8.22.01)"),
  ];
  const unique = (values: string[]) => [...new Set(values)].sort(compare);
  const tags: TagModel[] = [
    ...unique(Object.values(catalog.serviceLevels).map((l) => l.backupPolicy)).map((name) => ({
      category: "backup",
      name,
      description: `backup policy ${name}`,
    })),
    ...unique(
      config.tenants.flatMap((t) =>
        Object.values(t.config.services).flatMap((u) => (u.hostContract ? [u.hostContract.holder] : [])),
      ),
    ).map((name) => ({
      category: "host-contract",
      name,
      description: `contract held by ${name}`,
    })),
    ...Object.entries(catalog.profiles).map(([id, p]) => ({
      category: "profile",
      name: id,
      description: p.name,
    })),
    ...Object.entries(catalog.services).map(([id, s]) => ({
      category: "service",
      name: id,
      description: s.name,
    })),
    ...tenants.map((t) => ({ category: "tenant", name: t.id, description: t.name })),
    ...Object.entries(config.migration.waves).map(([id, w]) => ({
      category: "wave",
      name: id,
      description: `${w.date} ${w.name}`,
    })),
    ...Object.entries(config.zones.zones).map(([id, z]) => ({
      category: "zone",
      name: id,
      // a BBN only where the configuration states one, with its reason
      description: `${z.name} (${describeClassification(z.classification)}${z.bbn ? `; BBN ${z.bbn.level}` : ""})`,
    })),
  ].sort((a, b) => compare(a.category, b.category) || compare(a.name, b.name));
  return { tagCategories, tags };
}
type Present = RawConfig["tenants"];

/** The fibre links of the tenants present; a link carries its transit segment during coexistence. */
function fibreLinksOf(present: Present, coexisting: (tenant: string) => boolean): FibreLinkModel[] {
  return present.flatMap(({ id, config: t }) =>
    Object.entries(t.fibreLinks).map(([link, l]) => ({
      tenant: id,
      id: link,
      site: t.sites[l.site]!.name,
      siteId: l.site,
      bandwidthMbps: l.bandwidthMbps,
      encryption: l.encryption,
      ...(l.waiverReason ? { waiverReason: l.waiverReason } : {}),
      ...(coexisting(id) ? { transit: `${id}/${TRANSIT}${link}` } : {}),
    })),
  );
}

/** The legacy subnets of the tenants present, with their NAT prefix where they are translated. */
function legacySubnetsOf(
  present: Present,
  coexisting: (tenant: string) => boolean,
  lock: IpamLock,
): LegacySubnetModel[] {
  return present.flatMap(({ id, config: t }) =>
    Object.entries(t.legacy?.subnets ?? {}).map(([subnet, s]) => ({
      tenant: id,
      id: subnet,
      cidr: s.cidr,
      vlan: s.vlan,
      purpose: s.purpose,
      ...(s.coexistence ? { coexistence: s.coexistence } : {}),
      coexisting: coexisting(id),
      ...(lock.nat[`${id}/${LEGACY}${subnet}`] ? { nat: lock.nat[`${id}/${LEGACY}${subnet}`]!.ipv4 } : {}),
    })),
  );
}

function resourcePools(
  tenants: readonly TenantModel[],
  clusters: readonly string[],
  pools: readonly VmPoolModel[],
  prefix: string,
): ResourcePoolModel[] {
  const pool = (owner: string, name: string, cluster: string): ResourcePoolModel => {
    const mine = pools.filter((p) => p.tenant === owner && p.cluster.id === cluster);
    const sum = (f: (p: VmPoolModel) => number) => mine.reduce((n, p) => n + f(p) * p.vms.length, 0);
    return {
      key: `${owner}/${cluster}`,
      tenant: owner,
      cluster,
      name,
      cpuShares: Math.max(
        1,
        sum((p) => p.vcpu),
      ),
      memoryShares: Math.max(
        1,
        sum((p) => p.memoryGiB),
      ),
    };
  };
  // the shared servers get a pool only where they run: they weigh as what they take, like a tenant
  const shared = [...new Set(pools.filter((p) => p.tenant === SHARED).map((p) => p.cluster.id))].sort(
    compare,
  );
  return [
    ...tenants.flatMap((t) => clusters.map((cluster) => pool(t.id, t.resourcePool, cluster))),
    ...shared.map((cluster) => pool(SHARED, names.resourcePool(prefix, SHARED), cluster)),
  ];
}
