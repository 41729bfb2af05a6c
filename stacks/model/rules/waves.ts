// Steps of a migration that are easy to forget: a tenant with something legacy that no wave
// moves (it would silently be built new), and a wave that moves a component before the tenant
// takes the services that component carries.
import type { Finding } from "../problems.ts";
import { COMPONENTS, type Component } from "../timeline.ts";
import { type Rule, type RuleContext, entries, finding } from "./context.ts";

type Tenant = RuleContext["config"]["tenants"][number];

export const legacyInAWave: Rule = {
  id: "legacy-in-a-wave",
  phase: "shape-valid",
  description: "a tenant with a legacy data centre is moved by a wave of migration.yaml",
  check: ({ config, files }) => {
    const moved = new Set(Object.values(config.migration.waves).flatMap((w) => Object.keys(w.moves)));
    const out: Finding[] = [];
    for (const { id, config: t } of config.tenants) {
      if (!t.legacy || moved.has(id)) continue;
      const subnets = Object.keys(t.legacy.subnets).length;
      const links = Object.keys(t.fibreLinks).length;
      const joins = Object.values(t.modules)
        .map((m) => m.since)
        .sort()[0];
      const has = [
        `a legacy data centre (${t.legacy.dataCentre.name})`,
        ...(subnets > 0 ? [`${subnets} legacy subnet${subnets === 1 ? "" : "s"}`] : []),
      ].join(" and ");
      out.push(
        finding(
          files.tenant(id),
          ["legacy"],
          `${t.name} has ${has}${links > 0 ? ` behind ${links} fibre link${links === 1 ? "" : "s"}` : ""}, ` +
            `but no wave in ${files.migration} moves it: it would be built new from ${joins} and its legacy never linked, migrated or retired. ` +
            `Add a wave there that links its network (\`${id}: { network: linked }\`) and later waves that migrate and retire its components, ` +
            `or remove \`legacy\` if it has nothing to move`,
          true,
        ),
      );
    }
    return out;
  },
};

/** The services a component of a tenant carries: what it builds is there for them. */
function carried(ctx: RuleContext, t: Tenant["config"], component: Component): string[] {
  const { catalog } = ctx.config;
  const ofSegment = (segment: string) => catalog.segmentTypes[segment]?.service;
  const services =
    component === "workplaces"
      ? Object.keys(t.workplaces).map((p) => {
          const segment = catalog.profiles[p]?.segment;
          return segment === undefined ? undefined : ofSegment(segment);
        })
      : component === "applications"
        ? Object.values(t.applications).map((a) => a.service)
        : // the network and the data centre carry what the tenant's segments are for
          t.segments.map(ofSegment);
  return [...new Set(services.filter((s): s is string => s !== undefined))].sort();
}

/**
 * The day a component can move at the earliest for one service it carries, and the key that says
 * so: the tenant's joining the service's module; for workplaces and applications, which exist only
 * for their service, also the service's own start (a network carries segments for services that
 * start later: the segment is there when the service begins).
 */
function earliest(ctx: RuleContext, t: Tenant["config"], component: Component, service: string) {
  const use = t.services[service];
  const module = ctx.config.catalog.services[service]?.module;
  const joined = module === undefined ? undefined : t.modules[module];
  const own = component === "workplaces" || component === "applications";
  if (use && own && (!joined || use.since >= joined.since)) {
    return {
      date: use.since,
      what: `takes service "${service}" only from ${use.since}`,
      key: `services.${service}.since`,
      object: "it",
    };
  }
  return joined
    ? {
        date: joined.since,
        what: `joins module "${module}" only on ${joined.since}`,
        key: `modules.${module}.since`,
        object: "its services",
      }
    : undefined;
}

export const waveDates: Rule = {
  id: "wave-dates",
  phase: "shape-valid",
  description: "a wave moves a component no earlier than the tenant takes the services it carries",
  check: (ctx) => {
    const { config, files } = ctx;
    const byId = new Map(config.tenants.map((t) => [t.id, t.config]));
    const out: Finding[] = [];
    for (const [waveId, wave] of entries(config.migration.waves)) {
      for (const [tenant, move] of entries(wave.moves)) {
        const t = byId.get(tenant);
        if (!t) continue;
        for (const component of COMPONENTS) {
          const stage = move[component];
          if (stage === undefined || stage === "legacy") continue;
          const latest = carried(ctx, t, component)
            .map((s) => earliest(ctx, t, component, s))
            .filter((s) => s !== undefined)
            .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
          if (!latest || wave.date >= latest.date) continue;
          out.push(
            finding(
              files.migration,
              ["waves", waveId, "moves", tenant, component],
              `wave "${waveId}" (${wave.date}) moves the ${component} of ${t.name} to ${stage}, but ${t.name} ` +
                `${latest.what} (${latest.key} in ${files.tenant(tenant)}), and the ${component} ${component === "network" ? "carries" : "carry"} ${latest.object}: ` +
                `date the wave on or after ${latest.date}, or correct that date`,
            ),
          );
        }
      }
    }
    return out;
  },
};
