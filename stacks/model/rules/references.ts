// Every reference by name resolves: services, modules, levels, zones, segment types, profiles,
// templates, datastores, sites, tenants, and the zone policy's zones, networks and services.
import type { Finding } from "../problems.ts";
import { vmHostname } from "../compute.ts";
import { sessionUsers } from "../sizing.ts";
import { WINDOWS_TIME_ZONES } from "../time-zones.ts";
import { type Rule, entries, finding, knownTenants, unknownRef } from "./context.ts";

export const references: Rule = {
  id: "references",
  description: "every name used as a reference is defined where it should be",
  check: (ctx) => {
    const { config, files } = ctx;
    const { region, catalog, zones, migration, tenants } = config;
    const out: Finding[] = [];
    const tenantIds = Object.fromEntries(knownTenants(ctx).map((id) => [id, true]));

    for (const [id, cluster] of entries(region.clusters)) {
      out.push(
        ...unknownRef(
          files.region,
          ["clusters", id, "datastore"],
          cluster.datastore,
          region.datastores,
          "region `datastores`",
        ),
      );
    }
    out.push(
      ...unknownRef(
        files.region,
        ["contentLibrary", "datastore"],
        region.contentLibrary.datastore,
        region.datastores,
        "region `datastores`",
      ),
    );
    out.push(
      ...unknownRef(
        files.region,
        ["switch", "transitZone"],
        region.switch.transitZone,
        zones.zones,
        "zones.yaml `zones`",
      ),
    );
    for (const [id, facility] of entries(region.facilities)) {
      out.push(
        ...unknownRef(
          files.region,
          ["facilities", id, "zone"],
          facility.zone,
          zones.zones,
          "zones.yaml `zones`",
        ),
      );
    }

    for (const [id, service] of entries(catalog.services)) {
      out.push(
        ...unknownRef(
          files.catalog,
          ["services", id, "module"],
          service.module,
          catalog.modules,
          "catalog `modules`",
        ),
      );
      out.push(
        ...unknownRef(
          files.catalog,
          ["services", id, "serviceLevel"],
          service.serviceLevel,
          catalog.serviceLevels,
          "catalog `serviceLevels`",
        ),
      );
      service.inputs.forEach((input, i) =>
        out.push(
          ...unknownRef(
            files.catalog,
            ["services", id, "inputs", i],
            input,
            catalog.inputs,
            "catalog `inputs`",
          ),
        ),
      );
    }
    for (const [id, type] of entries(catalog.segmentTypes)) {
      out.push(
        ...unknownRef(
          files.catalog,
          ["segmentTypes", id, "zone"],
          type.zone,
          zones.zones,
          "zones.yaml `zones`",
        ),
      );
      out.push(
        ...unknownRef(
          files.catalog,
          ["segmentTypes", id, "service"],
          type.service,
          catalog.services,
          "catalog `services`",
        ),
      );
    }
    for (const [id, profile] of entries(catalog.profiles)) {
      out.push(
        ...unknownRef(
          files.catalog,
          ["profiles", id, "template"],
          profile.template,
          region.templates,
          "region `templates`",
        ),
      );
      if (profile.segment !== undefined)
        out.push(
          ...unknownRef(
            files.catalog,
            ["profiles", id, "segment"],
            profile.segment,
            catalog.segmentTypes,
            "catalog `segmentTypes`",
          ),
        );
    }

    for (const { id: tenant, config: t } of tenants) {
      const file = files.tenant(tenant);
      for (const module of Object.keys(t.modules)) {
        out.push(
          ...unknownRef(file, ["modules", module], module, catalog.modules, "catalog `modules`", true),
        );
      }
      for (const [service, use] of entries(t.services)) {
        out.push(
          ...unknownRef(file, ["services", service], service, catalog.services, "catalog `services`", true),
        );
        if (use.hostContract) {
          out.push(
            ...unknownRef(
              file,
              ["services", service, "hostContract", "holder"],
              use.hostContract.holder,
              tenantIds,
              "the tenants (config/municipalities)",
            ),
          );
        }
      }
      for (const [id, link] of entries(t.fibreLinks)) {
        out.push(
          ...unknownRef(file, ["fibreLinks", id, "site"], link.site, t.sites, "this tenant's `sites`"),
        );
      }
      for (const [id, link] of entries(t.chainLinks)) {
        out.push(
          ...unknownRef(
            file,
            ["chainLinks", id, "segment"],
            link.segment,
            catalog.segmentTypes,
            "catalog `segmentTypes`",
          ),
        );
        out.push(
          ...unknownRef(
            file,
            ["chainLinks", id, "service"],
            link.service,
            catalog.services,
            "catalog `services`",
          ),
        );
      }
      t.segments.forEach((segment, i) =>
        out.push(
          ...unknownRef(file, ["segments", i], segment, catalog.segmentTypes, "catalog `segmentTypes`"),
        ),
      );
      if (t.legacy) {
        out.push(
          ...unknownRef(
            file,
            ["legacy", "dataCentre", "site"],
            t.legacy.dataCentre.site,
            t.sites,
            "this tenant's `sites`",
          ),
        );
      }
      for (const [id, subnet] of entries(t.legacy?.subnets ?? {})) {
        out.push(
          ...unknownRef(
            file,
            ["legacy", "subnets", id, "purpose"],
            subnet.purpose,
            catalog.segmentTypes,
            "catalog `segmentTypes`",
          ),
        );
      }
      for (const profile of Object.keys(t.workplaces)) {
        out.push(
          ...unknownRef(file, ["workplaces", profile], profile, catalog.profiles, "catalog `profiles`", true),
        );
      }
      for (const [id, app] of entries(t.applications)) {
        out.push(
          ...unknownRef(
            file,
            ["applications", id, "profile"],
            app.profile,
            catalog.profiles,
            "catalog `profiles`",
          ),
        );
        out.push(
          ...unknownRef(
            file,
            ["applications", id, "service"],
            app.service,
            catalog.services,
            "catalog `services`",
          ),
        );
        (app.segments ?? []).forEach((segment, i) =>
          out.push(
            ...unknownRef(
              file,
              ["applications", id, "segments", i],
              segment,
              catalog.segmentTypes,
              "catalog `segmentTypes`",
            ),
          ),
        );
        out.push(
          ...unknownRef(
            file,
            ["applications", id, "hosting"],
            app.hosting,
            catalog.serviceLevels,
            "catalog `serviceLevels`",
          ),
        );
      }
    }

    const endpoints = { ...zones.zones, ...zones.networks };
    for (const [id, flow] of entries(zones.flows)) {
      for (const side of ["from", "to"] as const) {
        flow[side].forEach((name, i) =>
          out.push(
            ...unknownRef(
              files.zones,
              ["flows", id, side, i],
              name,
              endpoints,
              "zones.yaml `zones` or `networks`",
            ),
          ),
        );
      }
      flow.services.forEach((name, i) =>
        out.push(
          ...unknownRef(
            files.zones,
            ["flows", id, "services", i],
            name,
            zones.services,
            "zones.yaml `services`",
          ),
        ),
      );
    }

    for (const [wave, w] of entries(migration.waves)) {
      for (const tenant of Object.keys(w.moves)) {
        out.push(
          ...unknownRef(
            files.migration,
            ["waves", wave, "moves", tenant],
            tenant,
            tenantIds,
            "the tenants (config/municipalities)",
            true,
          ),
        );
      }
    }
    return out;
  },
};

/** Profiles must be used where their kind fits, and templates/datastores must have the right role. */
export const kinds: Rule = {
  id: "kinds",
  description: "references point at things of the right kind",
  check: ({ config, files }) => {
    const { region, catalog, tenants } = config;
    const out: Finding[] = [];
    const library = region.datastores[region.contentLibrary.datastore];
    if (library && library.role !== "library") {
      out.push(
        finding(
          files.region,
          ["contentLibrary", "datastore"],
          `datastore "${region.contentLibrary.datastore}" has role ${library.role}; the content library needs one with role library`,
        ),
      );
    }
    for (const [id, cluster] of entries(region.clusters)) {
      const ds = region.datastores[cluster.datastore];
      if (ds && ds.role !== "vm") {
        out.push(
          finding(
            files.region,
            ["clusters", id, "datastore"],
            `datastore "${cluster.datastore}" has role ${ds.role}; a cluster needs one with role vm`,
          ),
        );
      }
    }
    for (const [id, profile] of entries(catalog.profiles)) {
      if (profile.kind === "desktop" && profile.usersPerVm !== 1) {
        out.push(
          finding(
            files.catalog,
            ["profiles", id, "usersPerVm"],
            `a desktop serves one user: set usersPerVm to 1 (got ${profile.usersPerVm})`,
          ),
        );
      }
    }
    for (const [id, profile] of entries(catalog.profiles)) {
      if (profile.kind === "platform-server" && profile.segment !== undefined)
        out.push(
          finding(
            files.catalog,
            ["profiles", id, "segment"],
            `platform-server profile "${id}" takes no segment: the role using it says where its VMs attach (platformRoles.<id>.network); remove this`,
          ),
        );
      if (profile.kind !== "platform-server" && profile.segment === undefined)
        out.push(
          finding(
            files.catalog,
            ["profiles", id],
            `${profile.kind} profile "${id}" needs segment: the segment type its VMs attach to`,
          ),
        );
    }
    for (const [id, profile] of entries(catalog.profiles)) {
      if (profile.kind === "session-host" && profile.profileContainerGiB === undefined) {
        out.push(
          finding(
            files.catalog,
            ["profiles", id],
            `session-host profile "${id}" needs profileContainerGiB: users of a pooled session host land on any host, so their profiles live in containers on the profile share, not on a local disk`,
          ),
        );
      }
    }
    for (const { id: tenant, config: t } of tenants) {
      const file = files.tenant(tenant);
      for (const id of Object.keys(t.workplaces)) {
        const profile = catalog.profiles[id];
        if (profile?.kind === "app-server" || profile?.kind === "platform-server") {
          out.push(
            finding(
              file,
              ["workplaces", id],
              `profile "${id}" is a${profile.kind === "app-server" ? "n application" : " platform"}-server profile: workplaces use session-host or desktop profiles`,
              true,
            ),
          );
        }
      }
      for (const [id, app] of entries(t.applications)) {
        const profile = catalog.profiles[app.profile];
        if (profile && profile.kind !== "app-server") {
          out.push(
            finding(
              file,
              ["applications", id, "profile"],
              `profile "${app.profile}" is a ${profile.kind} profile: applications use app-server profiles`,
            ),
          );
        }
      }
    }
    return out;
  },
};

/** Windows guests get their time zone by Windows name: the region's zone must have one. */
export const windowsTimeZone: Rule = {
  id: "windows-time-zone",
  description: "the region's time zone has a Windows name when Windows templates are used",
  check: ({ config, files }) => {
    const { timeZone } = config.region.organisation;
    const windows = Object.values(config.region.templates).some((t) => t.os === "windows");
    if (!windows || Object.hasOwn(WINDOWS_TIME_ZONES, timeZone)) return [];
    return [
      finding(
        files.region,
        ["organisation", "timeZone"],
        `Windows guests need a Windows time zone name for ${timeZone}; supported: ${Object.keys(WINDOWS_TIME_ZONES).join(", ")} (add it to stacks/model/time-zones.ts)`,
      ),
    ];
  },
};

/** Windows computer names (NetBIOS) hold at most 15 characters. */
const NETBIOS_MAX = 15;

/** Host names of one tenant's VMs must differ: their host parts must. */
export const hostParts: Rule = {
  id: "host-parts",
  description:
    "the host-name parts of a tenant's pools, applications and platform roles are distinct, and shared servers' names fit Windows",
  check: ({ config, files }) => {
    const out: Finding[] = [];
    const { catalog, region } = config;
    // the session platform's roles: shared ones named after the organisation, the others after
    // each tenant whose users work on session hosts
    const roleParts = (scope: "region" | "tenant") => {
      const parts = new Map<string, string>();
      for (const [id, role] of entries(catalog.platformRoles).filter(([, r]) => r.scope === scope)) {
        const part = catalog.profiles[role.profile]!.hostPart;
        const other = parts.get(part);
        if (other)
          out.push(
            finding(
              files.catalog,
              ["platformRoles", id, "profile"],
              `host-name part "${part}" of profile "${role.profile}" is also used by platform role "${other}": VM names would collide; give the profiles different \`hostPart\`s`,
            ),
          );
        else parts.set(part, id);
      }
      return parts;
    };
    const shared = roleParts("region");
    const own = roleParts("tenant");
    const longest = Math.max(
      0,
      ...[...shared.keys()].map((p) => vmHostname(region.organisation.id, p, 1).length),
    );
    if (longest > NETBIOS_MAX)
      out.push(
        finding(
          files.region,
          ["organisation", "id"],
          `the shared platform servers are named <organisation id>-<hostPart><nnn>, up to ${longest} characters with "${region.organisation.id}": Windows computer names hold ${NETBIOS_MAX}; shorten the id or the host parts`,
        ),
      );
    for (const { id: tenant, config: t } of config.tenants) {
      const seen = new Map<string, string>();
      if (sessionUsers(catalog, t) > 0)
        for (const [part, role] of own) seen.set(part, `platform role "${role}"`);
      const claim = (part: string | undefined, owner: string, path: (string | number)[]) => {
        if (part === undefined) return;
        const other = seen.get(part);
        if (other && other !== owner)
          out.push(
            finding(
              files.tenant(tenant),
              path,
              `host-name part "${part}" is also used by ${other}: VM names would collide; choose another \`hostPart\``,
            ),
          );
        else seen.set(part, owner);
      };
      for (const profile of Object.keys(t.workplaces))
        claim(config.catalog.profiles[profile]?.hostPart, `profile "${profile}"`, ["workplaces", profile]);
      for (const [id, app] of entries(t.applications))
        claim(app.hostPart, `application "${id}"`, ["applications", id, "hostPart"]);
    }
    return out;
  },
};
