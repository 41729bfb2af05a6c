// BIO classification drives placement and hosting: what a workplace or an application is
// classified at decides which zones its VMs may attach to (confidentiality and integrity, which a
// zone protects) and which service levels may host it (availability: HA restart priority and
// spare VMs; integrity: the backup policy). An application's further segments are its tenant's.
import { type Aspect, aspectsAbove, type Classification, rank } from "../classification.ts";
import type { Finding } from "../problems.ts";
import type { CatalogConfig, ZonesConfig } from "../schema/index.ts";
import { and, type Rule, entries, finding } from "./context.ts";

/** The aspects a zone protects: who reaches what is in it, and who can alter it. */
const ZONE_ASPECTS: readonly Aspect[] = ["confidentiality", "integrity"];
/** The aspects a service level serves. */
const LEVEL_ASPECTS = ["availability", "integrity"] as const;

/** Why `what`, classified `c`, may not attach to the zone of segment type `segment`; or nothing. */
function zoneProblem(
  catalog: CatalogConfig,
  zones: ZonesConfig,
  what: string,
  c: Classification,
  segment: string,
): string | undefined {
  return inZone(zones, what, c, catalog.segmentTypes[segment]?.zone, `segment ${segment}`);
}

/** Why `what`, classified `c`, may not attach to `zone` (of `where`); or nothing. */
function inZone(
  zones: ZonesConfig,
  what: string,
  c: Classification,
  zone: string | undefined,
  where: string,
): string | undefined {
  const z = zone === undefined ? undefined : zones.zones[zone];
  if (!z) return undefined;
  const above = aspectsAbove(c, z.classification, ZONE_ASPECTS);
  if (above.length === 0) return undefined;
  const detail = above.map((a) => `${a} ${c[a]} against the zone's ${z.classification[a]}`);
  return `${what} is classified above zone ${zone} of ${where} (${and(detail)}): attach it to a zone classified at least as high, or raise the zone's classification in zones.yaml`;
}

/** Why service level `levelId` cannot host what is classified `c`; or nothing. */
function levelProblem(catalog: CatalogConfig, what: string, c: Classification, levelId: string) {
  const level = catalog.serviceLevels[levelId];
  if (!level) return undefined;
  const short = LEVEL_ASPECTS.filter((a) => rank(c[a]) > rank(level[a]));
  if (short.length === 0) return undefined;
  const fits = Object.entries(catalog.serviceLevels)
    .filter(([, l]) => LEVEL_ASPECTS.every((a) => rank(l[a]) >= rank(c[a])))
    .map(([id]) => id);
  const detail = short.map((a) => `${a} ${c[a]}, the level serves ${level[a]}`);
  return `${what} cannot be hosted at service level "${levelId}" (${and(detail)}): ${
    fits.length > 0
      ? `host it at ${and(fits.map((f) => `"${f}"`))}`
      : "add a service level that serves it to catalog `serviceLevels`"
  } (availability decides the HA restart priority and spare VMs, integrity the backup policy)`;
}

export const classification: Rule = {
  id: "classification",
  phase: "shape-valid",
  independent: true,
  description:
    "VMs attach only to zones classified at least as high (confidentiality, integrity) and are hosted at service levels that serve their availability and integrity",
  check: ({ config, files }) => {
    const { catalog, zones, tenants } = config;
    const out: Finding[] = [];

    for (const [id, service] of entries(catalog.services)) {
      const problem = levelProblem(catalog, `service "${id}"`, service.classification, service.serviceLevel);
      if (problem) out.push(finding(files.catalog, ["services", id, "serviceLevel"], problem));
    }
    for (const [id, profile] of entries(catalog.profiles)) {
      // a platform-server profile has no segment: its role is checked below
      if (profile.kind === "app-server" || profile.segment === undefined) continue;
      const service = catalog.services[catalog.segmentTypes[profile.segment]?.service ?? ""];
      if (!service) continue;
      const problem = zoneProblem(
        catalog,
        zones,
        `service "${catalog.segmentTypes[profile.segment]!.service}" of workplace profile "${id}"`,
        service.classification,
        profile.segment,
      );
      if (problem) out.push(finding(files.catalog, ["profiles", id, "segment"], problem));
    }
    // the session platform's roles: their service's classification, on their network's zone and
    // at their service level
    for (const [id, role] of entries(catalog.platformRoles)) {
      const c = role.classification ?? catalog.services[role.service]?.classification;
      if (!c) continue;
      const what = `platform role "${id}"`;
      const hosting = levelProblem(catalog, what, c, role.serviceLevel);
      if (hosting) out.push(finding(files.catalog, ["platformRoles", id, "serviceLevel"], hosting));
      const onNetwork =
        role.scope === "region"
          ? inZone(zones, what, c, config.region.facilities[role.network]?.zone, `facility ${role.network}`)
          : zoneProblem(catalog, zones, what, c, role.network);
      if (onNetwork) out.push(finding(files.catalog, ["platformRoles", id, "network"], onNetwork));
    }

    for (const { id: tenant, config: t } of tenants) {
      const file = files.tenant(tenant);
      for (const [id, app] of entries(t.applications)) {
        const c = app.classification ?? catalog.services[app.service]?.classification;
        if (!c) continue;
        const what = `application "${id}"`;
        const hosting = levelProblem(catalog, what, c, app.hosting);
        if (hosting) out.push(finding(file, ["applications", id, "hosting"], hosting));
        const primary = catalog.profiles[app.profile]?.segment;
        const onPrimary = primary === undefined ? undefined : zoneProblem(catalog, zones, what, c, primary);
        if (onPrimary) out.push(finding(file, ["applications", id, "profile"], onPrimary));
        (app.segments ?? []).forEach((segment, i) => {
          const path = ["applications", id, "segments", i];
          if (segment === primary) {
            out.push(
              finding(
                file,
                path,
                `segment ${segment} is already the segment of profile "${app.profile}": remove it here`,
              ),
            );
          } else if (catalog.segmentTypes[segment] && !t.segments.includes(segment)) {
            out.push(
              finding(
                file,
                path,
                `${t.name} has no segment ${segment}: add it to \`segments\` (then \`irvn ipam\`) or remove it here`,
              ),
            );
          } else {
            const problem = zoneProblem(catalog, zones, what, c, segment);
            if (problem) out.push(finding(file, path, problem));
          }
        });
      }
    }
    return out;
  },
};
