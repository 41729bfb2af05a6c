// How many VMs each tenant needs, and what they weigh: workplace pools sized from staff and
// profiles, application servers as declared, and the session platform's servers (catalog
// `platformRoles`): shared by the region, or per tenant whose users work on session hosts.
// Pure functions of the configuration.
import { compare } from "./problems.ts";
import { FACILITIES } from "./owners.ts";
import type { RawConfig } from "./load.ts";
import { builds, type PointInTime, TARGET, tenantStates } from "./timeline.ts";
import type { CatalogConfig, TenantConfig } from "./schema/index.ts";

export type Workload = "workplace" | "server";
export type GroupKind = "workplaces" | "applications" | "platform";

/** Owner of what the region shares (the session platform's shared roles): no tenant's. */
export const SHARED = FACILITIES;

export interface VmGroup {
  /** Tenant id, or SHARED for a region-wide role of the session platform. */
  readonly tenant: string;
  /** Pool id: the profile id for workplaces, the application id for applications, the role id. */
  readonly id: string;
  readonly kind: GroupKind;
  readonly profile: string;
  readonly workload: Workload;
  /** Users served (workplaces); 0 for applications. */
  readonly users: number;
  /** VMs including spare. */
  readonly vms: number;
  readonly spare: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

function weigh(
  catalog: CatalogConfig,
  profileId: string,
  vms: number,
  disks: readonly { sizeGiB: number }[] = catalog.profiles[profileId]!.disks,
) {
  const p = catalog.profiles[profileId]!;
  const disk = disks.reduce((sum, d) => sum + d.sizeGiB, 0);
  return { vcpu: vms * p.vcpu, memoryGiB: vms * p.memoryGiB, storageGiB: vms * disk };
}

/** Users of the tenant's session-host profiles: whose profile containers its profile share holds. */
export function sessionUsers(catalog: CatalogConfig, t: TenantConfig): number {
  return Object.keys(t.workplaces)
    .filter((p) => catalog.profiles[p]?.kind === "session-host")
    .reduce((sum, p) => sum + usersOf(t, p), 0);
}

/** GiB the tenant's profile containers need: users × profileContainerGiB per session-host profile. */
export function profileShareDemand(catalog: CatalogConfig, t: TenantConfig): number {
  return Object.keys(t.workplaces)
    .filter((p) => catalog.profiles[p]?.kind === "session-host")
    .reduce((sum, p) => sum + usersOf(t, p) * (catalog.profiles[p]!.profileContainerGiB ?? 0), 0);
}

/**
 * Disks of each VM of a platform role: its profile's, plus for a role holding the profile share
 * a disk with the tenant's provisioned share split evenly over the role's VMs (rounded up).
 */
export function roleDisks(
  catalog: CatalogConfig,
  roleId: string,
  t: TenantConfig | undefined,
): { label: string; sizeGiB: number }[] {
  const role = catalog.platformRoles[roleId]!;
  const disks = catalog.profiles[role.profile]!.disks.map((d) => ({ label: d.label, sizeGiB: d.sizeGiB }));
  if (role.profileShareDisk === undefined || t === undefined) return disks;
  // validation guarantees profileShareGiB wherever a tenant has session-host users
  return [
    ...disks,
    { label: role.profileShareDisk, sizeGiB: Math.ceil((t.profileShareGiB ?? 0) / role.vms) },
  ];
}

/** Users of a profile: a share of the head count rounded up, or the explicit number. */
export function usersOf(tenant: TenantConfig, profile: string): number {
  const demand = tenant.workplaces[profile]!;
  return demand.users ?? Math.ceil((demand.share ?? 0) * tenant.staff.people - 1e-9);
}

/** Spare VMs of a pool: explicit, or what the service level of the profile's service asks. */
function spareOf(catalog: CatalogConfig, profileId: string, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  const service = catalog.services[catalog.segmentTypes[catalog.profiles[profileId]!.segment!]!.service]!;
  return catalog.serviceLevels[service.serviceLevel]!.spareVms;
}

export function workplaceGroups(catalog: CatalogConfig, tenant: string, t: TenantConfig): VmGroup[] {
  return Object.entries(t.workplaces).map(([profile, demand]) => {
    const users = usersOf(t, profile);
    const base = Math.ceil(users / catalog.profiles[profile]!.usersPerVm);
    const spare = base === 0 ? 0 : spareOf(catalog, profile, demand.spare);
    const vms = base + spare;
    return {
      tenant,
      id: profile,
      kind: "workplaces",
      profile,
      workload: "workplace",
      users,
      vms,
      spare,
      ...weigh(catalog, profile, vms),
    };
  });
}

export function applicationGroups(catalog: CatalogConfig, tenant: string, t: TenantConfig): VmGroup[] {
  return Object.entries(t.applications).map(([id, app]) => ({
    tenant,
    id,
    kind: "applications",
    profile: app.profile,
    workload: "server",
    users: 0,
    vms: app.vms,
    spare: 0,
    ...weigh(catalog, app.profile, app.vms),
  }));
}

function platformGroup(catalog: CatalogConfig, roleId: string, owner: string, t?: TenantConfig): VmGroup {
  const role = catalog.platformRoles[roleId]!;
  return {
    tenant: owner,
    id: roleId,
    kind: "platform",
    profile: role.profile,
    workload: "server",
    users: 0,
    vms: role.vms,
    spare: 0,
    ...weigh(catalog, role.profile, role.vms, roleDisks(catalog, roleId, t)),
  };
}

/** The tenant's own servers of the session platform: none unless its users work on session hosts. */
export function tenantPlatformGroups(catalog: CatalogConfig, tenant: string, t: TenantConfig): VmGroup[] {
  if (sessionUsers(catalog, t) === 0) return [];
  return Object.entries(catalog.platformRoles)
    .filter(([, role]) => role.scope === "tenant")
    .map(([id]) => platformGroup(catalog, id, tenant, t));
}

/** The region-wide servers of the session platform: there when any tenant has session-host users. */
function sharedPlatformGroups(config: RawConfig): VmGroup[] {
  const { catalog } = config;
  if (!config.tenants.some((t) => sessionUsers(catalog, t.config) > 0)) return [];
  return Object.entries(catalog.platformRoles)
    .filter(([, role]) => role.scope === "region")
    .map(([id]) => platformGroup(catalog, id, SHARED));
}

/**
 * Every VM group, in an order the YAML's key order does not change: per tenant (applications,
 * platform, workplaces; each by id), then the region's shared ones (by id).
 */
export function allGroups(config: RawConfig): VmGroup[] {
  const byId = (groups: VmGroup[]) => groups.sort((a, b) => compare(a.id, b.id));
  return [
    ...config.tenants.flatMap(({ id, config: t }) => [
      ...byId(applicationGroups(config.catalog, id, t)),
      ...byId(tenantPlatformGroups(config.catalog, id, t)),
      ...byId(workplaceGroups(config.catalog, id, t)),
    ]),
    ...byId(sharedPlatformGroups(config)),
  ];
}

/**
 * The VM groups built at a point in time: those of present tenants whose stage has them; the
 * session platform with the workplaces it serves (the shared roles with the first of them).
 */
export function placedGroups(config: RawConfig, point: PointInTime = TARGET): VmGroup[] {
  const states = new Map(tenantStates(config, point).map((s) => [s.tenant, s]));
  const sessionsBuilt = config.tenants.some(
    (t) => sessionUsers(config.catalog, t.config) > 0 && builds.workplaces(states.get(t.id)!),
  );
  return allGroups(config).filter((g) => {
    if (g.tenant === SHARED) return sessionsBuilt;
    return builds[g.kind === "platform" ? "workplaces" : g.kind](states.get(g.tenant)!);
  });
}
