// The session platform's roles (catalog `platformRoles`) resolve and fit: a platform-server
// profile, a facility (shared roles) or a segment the tenant has (its own), a service it takes,
// and a provisioned profile share that holds its session-host users' profile containers.
import { grouped } from "../capacity.ts";
import type { Finding } from "../problems.ts";
import { profileShareDemand, sessionUsers } from "../sizing.ts";
import { type Rule, entries, finding, unknownRef } from "./context.ts";

export const platformRoles: Rule = {
  id: "platform-roles",
  phase: "shape-valid",
  description:
    "session-platform roles use platform-server profiles, attach to a facility or the tenant's segment, and the profile share holds the profile containers",
  check: ({ config, files }) => {
    const { region, catalog, tenants } = config;
    const out: Finding[] = [];
    const roles = entries(catalog.platformRoles);

    for (const [id, role] of roles) {
      const at = (key: string) => ["platformRoles", id, key];
      out.push(
        ...unknownRef(files.catalog, at("profile"), role.profile, catalog.profiles, "catalog `profiles`"),
        ...unknownRef(files.catalog, at("service"), role.service, catalog.services, "catalog `services`"),
        ...unknownRef(
          files.catalog,
          at("serviceLevel"),
          role.serviceLevel,
          catalog.serviceLevels,
          "catalog `serviceLevels`",
        ),
        ...(role.scope === "region"
          ? unknownRef(files.catalog, at("network"), role.network, region.facilities, "region `facilities`")
          : unknownRef(
              files.catalog,
              at("network"),
              role.network,
              catalog.segmentTypes,
              "catalog `segmentTypes`",
            )),
      );
      if (role.scope === "tenant" && catalog.segmentTypes[role.network]?.vms === false)
        out.push(
          finding(
            files.catalog,
            at("network"),
            `segment type ${role.network} has no port group (vms: false): choose a segment type with vms: true`,
          ),
        );
      const profile = catalog.profiles[role.profile];
      if (profile && profile.kind !== "platform-server")
        out.push(
          finding(
            files.catalog,
            at("profile"),
            `profile "${role.profile}" is a ${profile.kind} profile: platform roles use platform-server profiles`,
          ),
        );
      if (role.profileShareDisk !== undefined) {
        if (role.scope !== "tenant")
          out.push(
            finding(
              files.catalog,
              at("profileShareDisk"),
              "a profile share belongs to one tenant: only a role with scope tenant holds one",
            ),
          );
        if (profile?.disks.some((d) => d.label === role.profileShareDisk))
          out.push(
            finding(
              files.catalog,
              at("profileShareDisk"),
              `profile "${role.profile}" has a disk labelled "${role.profileShareDisk}" already: give the profile share's disk another label`,
            ),
          );
      }
    }

    const shareRoles = roles.filter(([, r]) => r.scope === "tenant" && r.profileShareDisk !== undefined);
    const withSessions = tenants.filter((t) => sessionUsers(catalog, t.config) > 0);
    if (withSessions.length > 0 && shareRoles.length === 0)
      out.push(
        finding(
          files.catalog,
          ["platformRoles"],
          `${withSessions.map((t) => t.id).join(", ")} have session-host users, whose profiles live on a profile share: add a role with scope tenant and profileShareDisk (profile file servers)`,
          true,
        ),
      );

    for (const { id: tenant, config: t } of tenants) {
      const file = files.tenant(tenant);
      const users = sessionUsers(catalog, t);
      if (users === 0) {
        // an unknown profile is reported as such: it might be the session host
        const resolved = Object.keys(t.workplaces).every((p) => Object.hasOwn(catalog.profiles, p));
        if (t.profileShareGiB !== undefined && resolved)
          out.push(
            finding(
              file,
              ["profileShareGiB"],
              `${t.name} has no session-host users, so no profile share: remove profileShareGiB`,
              true,
            ),
          );
        continue;
      }
      for (const [id, role] of roles.filter(([, r]) => r.scope === "tenant")) {
        if (catalog.segmentTypes[role.network] && !t.segments.includes(role.network))
          out.push(
            finding(
              file,
              ["segments"],
              `platform role "${id}" puts ${t.name}'s servers on segment "${role.network}" (its users work on session hosts): add it to \`segments\``,
              true,
            ),
          );
        if (catalog.services[role.service] && !Object.hasOwn(t.services, role.service))
          out.push(
            finding(
              file,
              ["services"],
              `platform role "${id}" is delivered under service "${role.service}", which ${t.name} does not take: add it under \`services\``,
              true,
            ),
          );
      }
      if (shareRoles.length === 0) continue;
      const demand = profileShareDemand(catalog, t);
      if (t.profileShareGiB === undefined)
        out.push(
          finding(
            file,
            ["workplaces"],
            `${grouped(users)} session-host users need a profile share of ${grouped(demand)} GiB for their profile containers: provision it with profileShareGiB (at least ${demand}, with room to grow)`,
            true,
          ),
        );
      else if (t.profileShareGiB < demand)
        out.push(
          finding(
            file,
            ["profileShareGiB"],
            `the profile share holds ${grouped(t.profileShareGiB)} GiB but ${grouped(users)} session-host users' profile containers need ${grouped(demand)} GiB: raise it to at least ${demand} (the disks grow in place)`,
          ),
        );
    }
    return out;
  },
};
