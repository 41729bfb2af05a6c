// Dates in order and names unique where vSphere or a reader needs them to be.
import { compare, type Finding } from "../problems.ts";
import { type Rule, type RuleContext, entries, finding } from "./context.ts";

export const dates: Rule = {
  id: "dates",
  phase: "shape-valid",
  description:
    "waves in date order; tenants join modules no earlier than the modules start; services start within the tenant's participation in their module",
  check: ({ config, files }) => {
    const out: Finding[] = [];
    let previous: { id: string; date: string } | undefined;
    for (const [id, wave] of entries(config.migration.waves)) {
      if (previous && wave.date <= previous.date) {
        out.push(
          finding(
            files.migration,
            ["waves", id, "date"],
            `wave "${id}" (${wave.date}) must come after wave "${previous.id}" (${previous.date}): waves are listed in date order`,
          ),
        );
      }
      previous = { id, date: wave.date };
    }
    for (const [module, m] of entries(config.catalog.modules)) {
      const early = config.tenants.filter((t) => (t.config.modules[module]?.since ?? m.since) < m.since);
      if (early.length === 0) continue;
      const first = early.map((t) => t.config.modules[module]!.since).sort()[0]!;
      const names = early.map((t) => t.id);
      out.push(
        finding(
          files.catalog,
          ["modules", module, "since"],
          `module "${module}" starts ${m.since}, but ${names.slice(0, 6).join(", ")}${names.length > 6 ? `, … ${names.length - 6} more` : ""} ` +
            `join${early.length === 1 ? "s" : ""} it earlier (from ${first}): a tenant cannot join a module before it starts; ` +
            `set this to ${first}, or correct the tenants' modules.${module}.since`,
        ),
      );
    }
    for (const { id: tenant, config: t } of config.tenants) {
      const file = files.tenant(tenant);
      for (const [module, p] of entries(t.modules)) {
        if (p.until !== undefined && p.until <= p.since) {
          out.push(finding(file, ["modules", module, "until"], `must be after since (${p.since})`));
        }
      }
      for (const [service, use] of entries(t.services)) {
        const module = config.catalog.services[service]?.module;
        const p = module ? t.modules[module] : undefined;
        if (!p) continue;
        if (use.since < p.since) {
          out.push(
            finding(
              file,
              ["services", service, "since"],
              `starts ${use.since}, before ${t.name} joined module "${module}" (${p.since})`,
            ),
          );
        }
        if (p.until !== undefined && use.since >= p.until) {
          out.push(
            finding(
              file,
              ["services", service, "since"],
              `starts ${use.since}, after ${t.name} left module "${module}" (${p.until})`,
            ),
          );
        }
      }
    }
    return out;
  },
};

interface Named {
  readonly file: string;
  readonly path: (string | number)[];
  readonly value: string;
  readonly owner: string;
  /** The tenant it belongs to, for tenants' names and codes. */
  readonly tenant?: string;
}

/** Reports every value after the first that repeats, at the repeat; `fix` is told the first. */
function duplicates(
  items: Named[],
  what: string,
  fix: (first: Named) => string = () => "names must be unique",
): Finding[] {
  const first = new Map<string, Named>();
  const out: Finding[] = [];
  for (const item of items) {
    const key = item.value.toLowerCase();
    const owner = first.get(key);
    if (owner === undefined) first.set(key, item);
    else
      out.push(
        finding(
          item.file,
          item.path,
          `${what} "${item.value}" is already used by ${owner.owner}: ${fix(owner)}`,
        ),
      );
  }
  return out;
}

/**
 * Tenants in the order they took their names: established ones (in the IPAM lock) first, then by
 * the day they join (their first wave, else their first module), so that of two that clash the
 * newcomer is the one told to change (an established code is in host names already).
 */
function bySeniority(ctx: RuleContext): RuleContext["config"]["tenants"] {
  const { config, established } = ctx;
  const firstWave = new Map<string, string>();
  for (const w of Object.values(config.migration.waves))
    for (const id of Object.keys(w.moves)) if (!firstWave.has(id)) firstWave.set(id, w.date);
  const key = new Map(
    config.tenants.map((t) => {
      const joins =
        firstWave.get(t.id) ??
        Object.values(t.config.modules)
          .map((m) => m.since)
          .sort()[0] ??
        "";
      return [t.id, `${established?.has(t.id) ? 0 : 1} ${joins} ${t.id}`];
    }),
  );
  return [...config.tenants].sort((a, b) => compare(key.get(a.id)!, key.get(b.id)!));
}

export const uniqueNames: Rule = {
  id: "unique-names",
  phase: "shape-valid",
  description: "names of clusters, datastores, tenants, tenant codes and segment types are unique",
  check: (ctx) => {
    const { config, files } = ctx;
    const { region, catalog } = config;
    const tenants = bySeniority(ctx);
    const named = <T extends { name: string }>(file: string, section: string, map: Record<string, T>) =>
      entries(map).map(([id, v]) => ({
        file,
        path: [section, id, "name"],
        value: v.name,
        owner: `${section} "${id}"`,
      }));
    return [
      ...duplicates(named(files.region, "clusters", region.clusters), "cluster name"),
      ...duplicates(named(files.region, "datastores", region.datastores), "datastore name"),
      ...duplicates(named(files.region, "facilities", region.facilities), "facility name"),
      ...duplicates(named(files.catalog, "segmentTypes", catalog.segmentTypes), "segment name"),
      ...duplicates(
        tenants.map((t) => ({
          file: files.tenant(t.id),
          path: ["name"],
          value: t.config.name,
          owner: `tenant "${t.id}"`,
        })),
        "tenant name",
        () => "give this tenant another name",
      ),
      ...duplicates(
        tenants.map((t) => ({
          file: files.tenant(t.id),
          path: ["code"],
          value: t.config.code,
          owner: `tenant "${t.id}"`,
          tenant: t.id,
        })),
        "tenant code",
        (first) =>
          `give this tenant another code${ctx.established?.has(first.tenant!) ? " (that one is in host names already)" : ""}`,
      ),
    ];
  },
};
