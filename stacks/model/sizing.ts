// How many VMs each tenant needs, and what they weigh: workplace pools sized from staff and
// profiles, application servers as declared. Pure functions of the configuration.
import type { RawConfig } from "./load.ts";
import { builds, type PointInTime, TARGET, tenantStates } from "./timeline.ts";
import type { CatalogConfig, TenantConfig } from "./schema/index.ts";

export type Workload = "workplace" | "server";

export interface VmGroup {
  readonly tenant: string;
  /** Pool id: the profile id for workplaces, the application id for applications. */
  readonly id: string;
  readonly kind: "workplaces" | "applications";
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

function weigh(catalog: CatalogConfig, profileId: string, vms: number) {
  const p = catalog.profiles[profileId]!;
  const disk = p.disks.reduce((sum, d) => sum + d.sizeGiB, 0);
  return { vcpu: vms * p.vcpu, memoryGiB: vms * p.memoryGiB, storageGiB: vms * disk };
}

/** Users of a profile: a share of the head count rounded up, or the explicit number. */
export function usersOf(tenant: TenantConfig, profile: string): number {
  const demand = tenant.workplaces[profile]!;
  return demand.users ?? Math.ceil((demand.share ?? 0) * tenant.staff.people - 1e-9);
}

/** Spare VMs of a pool: explicit, or what the service level of the profile's service asks. */
function spareOf(catalog: CatalogConfig, profileId: string, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  const service = catalog.services[catalog.segmentTypes[catalog.profiles[profileId]!.segment]!.service]!;
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

/** Every VM group of every tenant, in a stable order (tenant, kind, id). */
export function allGroups(config: RawConfig): VmGroup[] {
  return config.tenants.flatMap(({ id, config: t }) => [
    ...applicationGroups(config.catalog, id, t),
    ...workplaceGroups(config.catalog, id, t),
  ]);
}

/** The VM groups built at a point in time: those of present tenants whose stage has them. */
export function placedGroups(config: RawConfig, point: PointInTime = TARGET): VmGroup[] {
  const states = new Map(tenantStates(config, point).map((s) => [s.tenant, s]));
  return allGroups(config).filter((g) => builds[g.kind](states.get(g.tenant)!));
}
