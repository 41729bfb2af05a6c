// Dates in order and names unique where vSphere or a reader needs them to be.
import type { Finding } from "../problems.ts";
import { type Rule, entries, finding } from "./context.ts";

export const dates: Rule = {
  id: "dates",
  description: "waves in date order; services start within the tenant's participation in their module",
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

/** Reports every value after the first that repeats, at the repeat. */
function duplicates(
  items: { file: string; path: (string | number)[]; value: string; owner: string }[],
  what: string,
): Finding[] {
  const first = new Map<string, string>();
  const out: Finding[] = [];
  for (const item of items) {
    const key = item.value.toLowerCase();
    const owner = first.get(key);
    if (owner === undefined) first.set(key, item.owner);
    else
      out.push(
        finding(
          item.file,
          item.path,
          `${what} "${item.value}" is already used by ${owner}: names must be unique`,
        ),
      );
  }
  return out;
}

export const uniqueNames: Rule = {
  id: "unique-names",
  description: "names of clusters, datastores, tenants, tenant codes and segment types are unique",
  check: ({ config, files }) => {
    const { region, catalog, tenants } = config;
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
      ),
      ...duplicates(
        tenants.map((t) => ({
          file: files.tenant(t.id),
          path: ["code"],
          value: t.config.code,
          owner: `tenant "${t.id}"`,
        })),
        "tenant code",
      ),
    ];
  },
};
