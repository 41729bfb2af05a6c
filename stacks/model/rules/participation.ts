// A tenant gets only what its modules and services entitle it to: services within the modules
// it joined, segments, chain links, workplaces and applications only for services it takes.
import type { Finding } from "../problems.ts";
import type { CatalogConfig, TenantConfig } from "../schema/index.ts";
import { type Rule, entries, finding } from "./context.ts";

export const participation: Rule = {
  id: "participation",
  phase: "shape-valid",
  description:
    "services only within joined modules; segments, links, workplaces and applications only for services taken",
  check: ({ config, files }) => {
    const { catalog, tenants } = config;
    const byId = new Map(tenants.map((t) => [t.id, t.config]));
    return tenants.flatMap(({ id, config: t }) => {
      const scope: Scope = {
        catalog,
        file: files.tenant(id),
        t,
        takes: (service) => Object.hasOwn(t.services, service),
        needs: (service, what) =>
          `${what} needs service "${service}", which ${t.name} does not take: add it under \`services\` or remove this`,
      };
      return [
        ...serviceFindings(scope, byId),
        ...networkFindings(scope),
        ...workplaceFindings(scope),
        ...applicationFindings(scope),
      ];
    });
  },
};

/** One tenant, and what its messages say. */
interface Scope {
  readonly catalog: CatalogConfig;
  readonly file: string;
  readonly t: TenantConfig;
  readonly takes: (service: string) => boolean;
  readonly needs: (service: string, what: string) => string;
}

/** Services within joined modules; a host contract's holder takes the service itself. */
function serviceFindings({ catalog, file, t }: Scope, byId: ReadonlyMap<string, TenantConfig>): Finding[] {
  const out: Finding[] = [];
  for (const [service] of entries(t.services)) {
    const module = catalog.services[service]?.module;
    if (module && !Object.hasOwn(t.modules, module)) {
      out.push(
        finding(
          file,
          ["services", service],
          `service "${service}" belongs to module "${module}", which ${t.name} has not joined: add it under \`modules\``,
          true,
        ),
      );
    }
  }
  for (const [service, use] of entries(t.services)) {
    const holder = use.hostContract?.holder;
    if (holder && byId.has(holder) && !Object.hasOwn(byId.get(holder)!.services, service)) {
      out.push(
        finding(
          file,
          ["services", service, "hostContract", "holder"],
          `"${holder}" holds the contract for "${service}" but does not take that service itself`,
        ),
      );
    }
  }
  return out;
}

/** Segments and chain links only for services taken; a chain link's segment among the tenant's. */
function networkFindings({ catalog, file, t, takes, needs }: Scope): Finding[] {
  const out: Finding[] = [];
  t.segments.forEach((segment, i) => {
    const service = catalog.segmentTypes[segment]?.service;
    if (service && !takes(service))
      out.push(finding(file, ["segments", i], needs(service, `segment "${segment}"`)));
  });
  for (const [id, link] of entries(t.chainLinks)) {
    if (catalog.services[link.service] && !takes(link.service)) {
      out.push(finding(file, ["chainLinks", id, "service"], needs(link.service, `chain link "${id}"`)));
    }
    if (catalog.segmentTypes[link.segment] && !t.segments.includes(link.segment)) {
      out.push(
        finding(
          file,
          ["chainLinks", id, "segment"],
          `chain link "${id}" terminates on segment "${link.segment}", which is not in \`segments\`: add it there`,
        ),
      );
    }
  }
  return out;
}

/** Workplace profiles on segments and services the tenant has, each sized by share or users, the shares at most all staff. */
function workplaceFindings({ catalog, file, t, takes, needs }: Scope): Finding[] {
  const out: Finding[] = [];
  for (const [profileId, demand] of entries(t.workplaces)) {
    const profile = catalog.profiles[profileId];
    // a profile without a segment is a platform-server one: rule "kinds" says so
    if (!profile?.segment) continue;
    const service = catalog.segmentTypes[profile.segment]?.service;
    if (service && !takes(service))
      out.push(
        finding(file, ["workplaces", profileId], needs(service, `workplace profile "${profileId}"`), true),
      );
    if (catalog.segmentTypes[profile.segment] && !t.segments.includes(profile.segment)) {
      out.push(
        finding(
          file,
          ["workplaces", profileId],
          `profile "${profileId}" runs on segment "${profile.segment}", which is not in \`segments\`: add it there`,
          true,
        ),
      );
    }
    const given = [demand.share, demand.users].filter((v) => v !== undefined).length;
    if (given !== 1) {
      out.push(
        finding(
          file,
          ["workplaces", profileId],
          `give exactly one of \`share\` (of staff) or \`users\` (got ${given === 0 ? "neither" : "both"})`,
          true,
        ),
      );
    }
  }
  const shares = Object.values(t.workplaces).reduce((sum, d) => sum + (d.share ?? 0), 0);
  if (shares > 1 + 1e-9) {
    out.push(
      finding(
        file,
        ["workplaces"],
        `the shares add up to ${shares.toFixed(2)}: together they may cover at most all staff (1.0)`,
        true,
      ),
    );
  }
  return out;
}

/** Applications only for services taken, on segments the tenant has. */
function applicationFindings({ catalog, file, t, takes, needs }: Scope): Finding[] {
  const out: Finding[] = [];
  for (const [id, app] of entries(t.applications)) {
    if (catalog.services[app.service] && !takes(app.service)) {
      out.push(finding(file, ["applications", id, "service"], needs(app.service, `application "${id}"`)));
    }
    const segment = catalog.profiles[app.profile]?.segment;
    if (segment && catalog.segmentTypes[segment] && !t.segments.includes(segment)) {
      out.push(
        finding(
          file,
          ["applications", id, "profile"],
          `profile "${app.profile}" runs on segment "${segment}", which is not in \`segments\`: add it there`,
        ),
      );
    }
  }
  return out;
}
