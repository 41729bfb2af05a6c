// VM pools: each tenant's workplace pools, hosted applications and session-platform servers, and
// the region's shared ones, as VMs with stable keys, host names, placement, service level and
// tags. Pure functions of the configuration.
import { type AdoptedVmModel, adoptedVms } from "./adoption.ts";
import { clusterFor } from "./capacity.ts";
import type { RawConfig } from "./load.ts";
import { names } from "./names.ts";
import type { ClassificationConfig } from "./schema/common.ts";
import { type GroupKind, placedGroups, roleDisks, type VmGroup } from "./sizing.ts";
import { builds, type PointInTime, TARGET, tenantStates } from "./timeline.ts";

export interface VmModel {
  /** `<tenant>/<pool>-<nnn>`: the for_each key. */
  readonly key: string;
  readonly hostname: string;
}

export interface DiskModel {
  readonly label: string;
  readonly sizeGiB: number;
}

export interface VmPoolModel {
  /** Tenant id, or SHARED for the session platform's region-wide roles. */
  readonly tenant: string;
  /** Profile id (workplaces), application id or platform role id. */
  readonly id: string;
  readonly kind: GroupKind;
  readonly name: string;
  readonly profile: string;
  readonly os: "windows" | "linux";
  /**
   * The vCenter customization specification a Windows VM is cloned with (domain join, OU, time
   * zone): kept in vCenter with its credentials, so no password enters Terraform.
   */
  readonly customizationSpec?: string;
  readonly template: {
    readonly id: string;
    readonly source: "content-library" | "vm";
    readonly item: string;
    readonly guestId: string;
    /** EFI Secure Boot and a virtual TPM 2.0 (Windows 11). */
    readonly trustedBoot: boolean;
  };
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly disks: readonly DiskModel[];
  readonly cluster: { readonly id: string; readonly name: string; readonly usableHosts: number };
  readonly datastore: string;
  /** Path of the tenant's resource pool on the cluster, for a data source lookup. */
  readonly resourcePool: string;
  readonly folder: string;
  /**
   * The port group of each network adapter, in order: the profile's segment (a platform role's
   * network), then an application's further segments (`applications.<id>.segments`, the Suwinet
   * segment say).
   */
  readonly portGroups: readonly string[];
  readonly service: string;
  /** BIO classification of its information processes: the application's own, else its service's. */
  readonly classification: ClassificationConfig;
  readonly serviceLevel: { readonly id: string; readonly agreed: boolean };
  readonly haRestartPriority: string;
  readonly backupPolicy: string;
  /** Tenant holding the contract the service is delivered under, if any. */
  readonly hostContract?: string;
  /** Wave in which the pool moves to the central data centre, if planned. */
  readonly wave?: string;
  readonly vms: readonly VmModel[];
  /** Tag keys `<category>/<name>` every VM of the pool carries. */
  readonly tags: readonly string[];
  /**
   * Present when the pool's VMs are existing ones, moved over and taken over by Terraform import
   * blocks at this point in the migration: each with what its tenant's inventory says it is.
   */
  readonly adopted?: readonly AdoptedVmModel[];
  /** VMs spread by anti-affinity rules in groups no larger than the usable hosts. */
  readonly spreadGroups: readonly {
    readonly key: string;
    readonly name: string;
    readonly vms: readonly string[];
  }[];
}

/** Host name of a pool's VM number `n` (1-based): `<tenant code>-<hostPart><nnn>`, NetBIOS-safe. */
export function vmHostname(code: string, hostPart: string, n: number): string {
  return `${code}-${hostPart}${String(n).padStart(3, "0")}`;
}

/**
 * The restart priority every cluster gives its VMs (the provider's default, stated on the
 * clusters): a pool whose service level asks for it needs no HA override per VM.
 */
export const CLUSTER_RESTART_PRIORITY = "medium";

/** The first wave in which the tenant's component reaches `migrated`. */
function migrationWave(
  config: RawConfig,
  tenant: string,
  component: "workplaces" | "applications",
): string | undefined {
  return Object.entries(config.migration.waves).find(
    ([, w]) => w.moves[tenant]?.[component] === "migrated",
  )?.[0];
}

/** What decides a pool's place, name and level: its application, its profile, or its role. */
interface Placement {
  readonly name: string;
  readonly hostPart: string;
  /** Host names start with it: the tenant's code, or the organisation's id for shared roles. */
  readonly code: string;
  readonly service: string;
  readonly level: string;
  /** Segment types (tenant) or the facility (shared role) the VMs' adapters attach to, in order. */
  readonly networks: readonly string[];
  readonly classification: ClassificationConfig;
  readonly disks: readonly DiskModel[];
}

function placement(config: RawConfig, g: VmGroup): Placement {
  const { catalog } = config;
  const t = config.tenants.find((x) => x.id === g.tenant)?.config;
  const profile = catalog.profiles[g.profile]!;
  const profileDisks = profile.disks.map((d) => ({ label: d.label, sizeGiB: d.sizeGiB }));
  switch (g.kind) {
    case "applications": {
      const app = t!.applications[g.id]!;
      return {
        name: app.name,
        hostPart: app.hostPart,
        code: t!.code,
        service: app.service,
        // an application's servers are hosted at the level its business impact analysis asks
        level: app.hosting,
        networks: [profile.segment!, ...(app.segments ?? [])],
        classification: app.classification ?? catalog.services[app.service]!.classification,
        disks: profileDisks,
      };
    }
    case "workplaces": {
      const service = catalog.segmentTypes[profile.segment!]!.service;
      return {
        name: profile.name,
        hostPart: profile.hostPart,
        code: t!.code,
        service,
        level: catalog.services[service]!.serviceLevel,
        networks: [profile.segment!],
        classification: catalog.services[service]!.classification,
        disks: profileDisks,
      };
    }
    case "platform": {
      const role = catalog.platformRoles[g.id]!;
      return {
        name: role.name,
        hostPart: profile.hostPart,
        code: t?.code ?? config.region.organisation.id,
        service: role.service,
        level: role.serviceLevel,
        networks: [role.network],
        classification: role.classification ?? catalog.services[role.service]!.classification,
        disks: roleDisks(catalog, g.id, t),
      };
    }
  }
}

/** VMs numbered 1…n, keyed `<owner>/<pool>-<nnn>`, spread over the usable hosts in groups. */
function vmsOf(prefix: string, g: VmGroup, at: Placement, usableHosts: number) {
  const vms = Array.from({ length: g.vms }, (_, i) => {
    const n = String(i + 1).padStart(3, "0");
    return { key: `${g.tenant}/${g.id}-${n}`, hostname: vmHostname(at.code, at.hostPart, i + 1) };
  });
  const spreadGroups = [];
  for (let i = 0; i * usableHosts < vms.length; i++) {
    const chunk = vms.slice(i * usableHosts, (i + 1) * usableHosts).map((v) => v.key);
    if (chunk.length > 1) {
      spreadGroups.push({
        key: `${g.tenant}/${g.id}/${i + 1}`,
        name: `${prefix}-${g.tenant}-${g.id}-spread-${i + 1}`,
        vms: chunk,
      });
    }
  }
  return { vms, spreadGroups };
}

/** The pools built at a point in time (the target by default): per tenant, then the shared ones. */
export function vmPools(config: RawConfig, point: PointInTime = TARGET): VmPoolModel[] {
  const { region, catalog } = config;
  const prefix = region.naming.prefix;
  const states = new Map(tenantStates(config, point).map((s) => [s.tenant, s]));
  const tenants = new Map(config.tenants.map((t) => [t.id, t.config]));
  return placedGroups(config, point)
    .filter((g) => g.vms > 0)
    .map((g): VmPoolModel => {
      const t = tenants.get(g.tenant);
      const at = placement(config, g);
      const profile = catalog.profiles[g.profile]!;
      const template = region.templates[profile.template]!;
      const clusterId = clusterFor(region, g.workload)!;
      const cluster = region.clusters[clusterId]!;
      const level = catalog.serviceLevels[at.level]!;
      const usableHosts = cluster.hosts - cluster.haHostFailures;
      const { vms, spreadGroups } = vmsOf(prefix, g, at, usableHosts);
      const hostContract = t?.services[at.service]?.hostContract?.holder;
      const portGroup = (segment: string) => names.portGroup(prefix, g.tenant, segment);
      // the session platform's own servers move with the tenant's workplaces
      const wave =
        t && migrationWave(config, g.tenant, g.kind === "applications" ? "applications" : "workplaces");
      return {
        tenant: g.tenant,
        id: g.id,
        kind: g.kind,
        name: at.name,
        profile: g.profile,
        os: template.os,
        ...(template.os === "windows"
          ? { customizationSpec: names.customizationSpec(prefix, g.tenant, template.os) }
          : {}),
        template: {
          id: profile.template,
          source: template.source,
          item: template.item,
          guestId: template.guestId,
          trustedBoot: template.trustedBoot === true,
        },
        vcpu: profile.vcpu,
        memoryGiB: profile.memoryGiB,
        disks: at.disks,
        cluster: { id: clusterId, name: cluster.name, usableHosts },
        datastore: region.datastores[cluster.datastore]!.name,
        resourcePool: names.resourcePoolPath(prefix, cluster.name, g.tenant),
        folder: names.folder(prefix, g.tenant),
        portGroups: at.networks.map(portGroup),
        service: at.service,
        classification: at.classification,
        serviceLevel: { id: at.level, agreed: level.agreed },
        haRestartPriority: level.haRestartPriority,
        backupPolicy: level.backupPolicy,
        ...(hostContract ? { hostContract } : {}),
        ...(wave ? { wave } : {}),
        vms,
        tags: [
          ...(t ? [`tenant/${g.tenant}`] : []),
          `service/${at.service}`,
          `profile/${g.profile}`,
          `backup/${level.backupPolicy}`,
          ...(wave ? [`wave/${wave}`] : []),
          ...(hostContract ? [`host-contract/${hostContract}`] : []),
        ],
        ...(g.kind === "applications" &&
        t!.applications[g.id]!.adopt === true &&
        builds.adoptApplications(states.get(g.tenant)!)
          ? {
              adopted: adoptedVms(
                { id: g.tenant, config: t! },
                config.inventories.find((i) => i.tenant === g.tenant)!.config,
                vms,
                portGroup,
                at.networks.slice(1),
              ),
            }
          : {}),
        spreadGroups,
      };
    });
}
