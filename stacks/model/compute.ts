// VM pools: each tenant's workplace pools and hosted applications as VMs with stable keys,
// host names, placement, service level and tags. Pure functions of the configuration.
import { type AdoptedVmModel, adoptedVms } from "./adoption.ts";
import { clusterFor } from "./capacity.ts";
import type { RawConfig } from "./load.ts";
import { names } from "./names.ts";
import type { ClassificationConfig } from "./schema/common.ts";
import type { CatalogConfig } from "./schema/index.ts";
import { placedGroups, type VmGroup } from "./sizing.ts";
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
  readonly tenant: string;
  /** Profile id (workplaces) or application id. */
  readonly id: string;
  readonly kind: "workplaces" | "applications";
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
   * The port group of each network adapter, in order: the profile's segment, then an
   * application's further segments (`applications.<id>.segments`, the Suwinet segment say).
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

/** The service a VM group is delivered under: its application's service or its profile's segment's. */
function serviceOf(catalog: CatalogConfig, config: RawConfig, g: VmGroup): string {
  if (g.kind === "applications")
    return config.tenants.find((t) => t.id === g.tenant)!.config.applications[g.id]!.service;
  return catalog.segmentTypes[catalog.profiles[g.profile]!.segment]!.service;
}

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

/** The pools built at a point in time (the target by default). */
export function vmPools(config: RawConfig, point: PointInTime = TARGET): VmPoolModel[] {
  const { region, catalog } = config;
  const prefix = region.naming.prefix;
  const states = new Map(tenantStates(config, point).map((s) => [s.tenant, s]));
  const placed = placedGroups(config, point);
  return config.tenants.flatMap(({ id: tenant, config: t }) => {
    return placed
      .filter((g) => g.tenant === tenant && g.vms > 0)
      .map((g): VmPoolModel => {
        const profile = catalog.profiles[g.profile]!;
        const template = region.templates[profile.template]!;
        const clusterId = clusterFor(region, g.workload)!;
        const cluster = region.clusters[clusterId]!;
        const service = serviceOf(catalog, config, g);
        // an application's servers are hosted at the level its business impact analysis asks
        const levelId =
          g.kind === "applications" ? t.applications[g.id]!.hosting : catalog.services[service]!.serviceLevel;
        const level = catalog.serviceLevels[levelId]!;
        const app = g.kind === "applications" ? t.applications[g.id]! : undefined;
        const hostPart = app ? app.hostPart : profile.hostPart;
        const further = app?.segments ?? [];
        const portGroup = (segment: string) => names.portGroup(prefix, tenant, segment);
        const vms = Array.from({ length: g.vms }, (_, i) => {
          const n = String(i + 1).padStart(3, "0");
          return { key: `${tenant}/${g.id}-${n}`, hostname: vmHostname(t.code, hostPart, i + 1) };
        });
        const usableHosts = cluster.hosts - cluster.haHostFailures;
        const spreadGroups = [];
        for (let i = 0; i * usableHosts < vms.length; i++) {
          const chunk = vms.slice(i * usableHosts, (i + 1) * usableHosts).map((v) => v.key);
          if (chunk.length > 1) {
            spreadGroups.push({
              key: `${tenant}/${g.id}/${i + 1}`,
              name: `${prefix}-${tenant}-${g.id}-spread-${i + 1}`,
              vms: chunk,
            });
          }
        }
        const hostContract = t.services[service]?.hostContract?.holder;
        const wave = migrationWave(config, tenant, g.kind);
        return {
          tenant,
          id: g.id,
          kind: g.kind,
          name: g.kind === "applications" ? t.applications[g.id]!.name : profile.name,
          profile: g.profile,
          os: template.os,
          ...(template.os === "windows"
            ? { customizationSpec: names.customizationSpec(prefix, tenant, template.os) }
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
          disks: profile.disks.map((d) => ({ label: d.label, sizeGiB: d.sizeGiB })),
          cluster: { id: clusterId, name: cluster.name, usableHosts },
          datastore: region.datastores[cluster.datastore]!.name,
          resourcePool: names.resourcePoolPath(prefix, cluster.name, tenant),
          folder: names.folder(prefix, tenant),
          portGroups: [profile.segment, ...further].map(portGroup),
          service,
          classification: app?.classification ?? catalog.services[service]!.classification,
          serviceLevel: { id: levelId, agreed: level.agreed },
          haRestartPriority: level.haRestartPriority,
          backupPolicy: level.backupPolicy,
          ...(hostContract ? { hostContract } : {}),
          ...(wave ? { wave } : {}),
          vms,
          tags: [
            `tenant/${tenant}`,
            `service/${service}`,
            `profile/${g.profile}`,
            `backup/${level.backupPolicy}`,
            ...(wave ? [`wave/${wave}`] : []),
            ...(hostContract ? [`host-contract/${hostContract}`] : []),
          ],
          ...(g.kind === "applications" &&
          t.applications[g.id]!.adopt === true &&
          builds.adoptApplications(states.get(tenant)!)
            ? {
                adopted: adoptedVms(
                  { id: tenant, config: t },
                  config.inventories.find((i) => i.tenant === tenant)!.config,
                  vms,
                  portGroup,
                  further,
                ),
              }
            : {}),
          spreadGroups,
        };
      });
  });
}
