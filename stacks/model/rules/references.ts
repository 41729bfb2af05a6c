// Every reference by name resolves. The references are data: where each is written (file and
// key path) and which collection it names; one walker reads the table, and the configuration
// reference lists it (npm run gen:readme).
import { INTERNAL } from "../ipam/requests.ts";
import type { Finding } from "../problems.ts";
import type { TenantConfig } from "../schema/index.ts";
import { knownTenants, type Rule, type RuleContext, unknownRef } from "./context.ts";

type Names = Readonly<Record<string, unknown>>;

/** The collections a reference can name: how a message calls each, and its names. */
export const TARGETS = {
  datastores: { what: "region `datastores`", names: (ctx) => ctx.config.region.datastores },
  templates: { what: "region `templates`", names: (ctx) => ctx.config.region.templates },
  modules: { what: "catalog `modules`", names: (ctx) => ctx.config.catalog.modules },
  services: { what: "catalog `services`", names: (ctx) => ctx.config.catalog.services },
  serviceLevels: { what: "catalog `serviceLevels`", names: (ctx) => ctx.config.catalog.serviceLevels },
  inputs: { what: "catalog `inputs`", names: (ctx) => ctx.config.catalog.inputs },
  segmentTypes: { what: "catalog `segmentTypes`", names: (ctx) => ctx.config.catalog.segmentTypes },
  profiles: { what: "catalog `profiles`", names: (ctx) => ctx.config.catalog.profiles },
  zones: { what: "zones.yaml `zones`", names: (ctx) => ctx.config.zones.zones },
  endpoints: {
    what: "zones.yaml `zones` or `networks`",
    names: (ctx) => ({ ...ctx.config.zones.zones, ...ctx.config.zones.networks }),
  },
  zoneServices: { what: "zones.yaml `services`", names: (ctx) => ctx.config.zones.services },
  ipv6Categories: {
    what: "region `addressing.ipv6.categories` (or `internal`)",
    names: (ctx) => ({ [INTERNAL]: true, ...ctx.config.region.addressing.ipv6.categories }),
  },
  // a tenant left out for its shape problems still exists: a reference to it is no error
  tenants: {
    what: "the tenants (config/municipalities)",
    names: (ctx) => Object.fromEntries(knownTenants(ctx).map((id) => [id, true])),
  },
  sites: { what: "this tenant's `sites`", names: (_ctx, tenant) => tenant?.sites ?? {}, ofTenant: true },
} satisfies Record<
  string,
  { what: string; names: (ctx: RuleContext, tenant?: TenantConfig) => Names; ofTenant?: true }
>;

export type Target = keyof typeof TARGETS;

export interface Reference {
  /** The file it is written in: a top-level file, or each tenant's. */
  readonly in: "region" | "catalog" | "zones" | "migration" | "tenant";
  /**
   * Its key path from the file's root, dot-separated: `*` is every entry of a map, `[]` after a
   * key every item of its list, and a last `<key>` makes each key of the map the reference.
   * A path through an optional key that is absent holds no reference.
   */
  readonly at: string;
  readonly names: Target;
}

export const REFERENCES: readonly Reference[] = [
  { in: "region", at: "clusters.*.datastore", names: "datastores" },
  { in: "region", at: "contentLibrary.datastore", names: "datastores" },
  { in: "region", at: "switch.transitZone", names: "zones" },
  { in: "region", at: "facilities.*.zone", names: "zones" },
  { in: "region", at: "facilities.*.ipv6Category", names: "ipv6Categories" },
  { in: "catalog", at: "services.*.module", names: "modules" },
  { in: "catalog", at: "services.*.serviceLevel", names: "serviceLevels" },
  { in: "catalog", at: "services.*.inputs[]", names: "inputs" },
  { in: "catalog", at: "segmentTypes.*.zone", names: "zones" },
  { in: "catalog", at: "segmentTypes.*.service", names: "services" },
  { in: "catalog", at: "segmentTypes.*.ipv6Category", names: "ipv6Categories" },
  { in: "catalog", at: "profiles.*.template", names: "templates" },
  { in: "catalog", at: "profiles.*.segment", names: "segmentTypes" },
  { in: "catalog", at: "platformRoles.*.profile", names: "profiles" },
  { in: "catalog", at: "platformRoles.*.service", names: "services" },
  { in: "catalog", at: "platformRoles.*.serviceLevel", names: "serviceLevels" },
  { in: "tenant", at: "modules.<key>", names: "modules" },
  { in: "tenant", at: "services.<key>", names: "services" },
  { in: "tenant", at: "services.*.hostContract.holder", names: "tenants" },
  { in: "tenant", at: "fibreLinks.*.site", names: "sites" },
  { in: "tenant", at: "chainLinks.*.segment", names: "segmentTypes" },
  { in: "tenant", at: "chainLinks.*.service", names: "services" },
  { in: "tenant", at: "segments[]", names: "segmentTypes" },
  { in: "tenant", at: "legacy.dataCentre.site", names: "sites" },
  { in: "tenant", at: "legacy.subnets.*.purpose", names: "segmentTypes" },
  { in: "tenant", at: "workplaces.<key>", names: "profiles" },
  { in: "tenant", at: "applications.*.profile", names: "profiles" },
  { in: "tenant", at: "applications.*.service", names: "services" },
  { in: "tenant", at: "applications.*.segments[]", names: "segmentTypes" },
  { in: "tenant", at: "applications.*.hosting", names: "serviceLevels" },
  { in: "zones", at: "flows.*.from[]", names: "endpoints" },
  { in: "zones", at: "flows.*.to[]", names: "endpoints" },
  { in: "zones", at: "flows.*.services[]", names: "zoneServices" },
  { in: "migration", at: "waves.*.moves.<key>", names: "tenants" },
];

/** A name found where a reference is written: its path in the file, and whether it is a key. */
interface Found {
  readonly path: (string | number)[];
  readonly name: unknown;
  readonly isKey: boolean;
}

/** Every name a key path reaches in `node`. */
export function namesAt(node: unknown, at: string): Found[] {
  const out: Found[] = [];
  const walk = (value: unknown, steps: readonly string[], path: (string | number)[]) => {
    if (steps.length === 0) {
      if (value !== undefined) out.push({ path, name: value, isKey: false });
      return;
    }
    if (value === null || typeof value !== "object") return;
    const [step, ...rest] = steps as [string, ...string[]];
    const map = value as Record<string, unknown>;
    if (step === "<key>")
      for (const key of Object.keys(map)) out.push({ path: [...path, key], name: key, isKey: true });
    else if (step === "*") for (const [key, v] of Object.entries(map)) walk(v, rest, [...path, key]);
    else if (step.endsWith("[]")) {
      const key = step.slice(0, -2);
      const list = map[key];
      if (Array.isArray(list)) list.forEach((v, i) => walk(v, rest, [...path, key, i]));
    } else walk(map[step], rest, [...path, step]);
  };
  walk(node, at.split("."), []);
  return out;
}

export const references: Rule = {
  id: "references",
  phase: "shape-valid",
  description: "every name used as a reference is defined where it should be (the table below)",
  check: (ctx) => {
    const { config, files } = ctx;
    const documents = (where: Reference["in"]): { file: string; root: unknown; tenant?: TenantConfig }[] =>
      where === "tenant"
        ? config.tenants.map(({ id, config: t }) => ({ file: files.tenant(id), root: t, tenant: t }))
        : [{ file: files[where], root: config[where] }];
    const cache = new Map<string, Names>();
    const out: Finding[] = [];
    for (const ref of REFERENCES) {
      const target: {
        what: string;
        names: (ctx: RuleContext, tenant?: TenantConfig) => Names;
        ofTenant?: true;
      } = TARGETS[ref.names];
      for (const { file, root, tenant } of documents(ref.in)) {
        const key = target.ofTenant ? `${ref.names} ${file}` : ref.names;
        const names = cache.get(key) ?? target.names(ctx, tenant);
        cache.set(key, names);
        for (const { path, name, isKey } of namesAt(root, ref.at))
          if (typeof name === "string") out.push(...unknownRef(file, path, name, names, target.what, isKey));
      }
    }
    return out;
  },
};
