// The session platform's roles (catalog `platformRoles`) resolve and fit: a platform-server
// profile, a facility (shared roles) or a segment the tenant has (its own), a service it takes,
// and a provisioned profile share (profile-share checks that it holds the profile containers).

import type { Finding } from "../problems.ts";
import type { CatalogConfig, TenantConfig } from "../schema/index.ts";
import { profileShareDemand, sessionUsers } from "../sizing.ts";
import { type Rule, type RuleContext, entries, finding, unknownRef } from "./context.ts";
import { grouped } from "../problems.ts";

export const platformRoles: Rule = {
  id: "platform-roles",
  phase: "shape-valid",
  description:
    "session-platform roles use platform-server profiles, attach to a facility or the tenant's segment, and a municipality with session hosts provisions a profile share",
  check: (ctx) => [...roleFindings(ctx), ...tenantFindings(ctx)],
};

export const profileShareSize: Rule = {
  id: "profile-share",
  phase: "shape-valid",
  independent: true,
  description: "the profile share provisioned holds the session-host users' profile containers",
  check: tooSmallShares,
};

/** Each municipality's profile share against its users' containers; none to size without a share role. */
function tooSmallShares({ config, files }: RuleContext): Finding[] {
  if (sharingRoles(config.catalog).length === 0) return [];
  return config.tenants.flatMap(({ id, config: t }) => {
    const users = sessionUsers(config.catalog, t);
    const demand = profileShareDemand(config.catalog, t);
    if (users === 0 || t.profileShareGiB === undefined || t.profileShareGiB >= demand) return [];
    return [
      finding(
        files.tenant(id),
        ["profileShareGiB"],
        `the profile share holds ${grouped(t.profileShareGiB)} GiB but ${grouped(users)} session-host users' profile containers need ${grouped(demand)} GiB: raise it to at least ${demand} (the disks grow in place)`,
      ),
    ];
  });
}

/** Each role resolves and fits: its network by scope, a platform-server profile, a share disk of its own. */
function roleFindings({ config, files }: RuleContext): Finding[] {
  const { region, catalog } = config;
  const out: Finding[] = [];
  const roles = entries(catalog.platformRoles);
  for (const [id, role] of roles) {
    const at = (key: string) => ["platformRoles", id, key];
    // its profile, service and service level are rows of the references table; its network
    // names a facility or a segment type by its scope
    out.push(
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

  return out;
}

/**
 * Each municipality with session-host users has the roles' segments and services and a profile
 * share that holds its users' profile containers; one without them provisions no share.
 */
function tenantFindings({ config, files }: RuleContext): Finding[] {
  const { catalog, tenants } = config;
  const out: Finding[] = [];
  const roles = entries(catalog.platformRoles);
  const shareRoles = sharingRoles(catalog);
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
    out.push(...roleNeeds(catalog, roles, file, t));
    if (shareRoles.length > 0 && t.profileShareGiB === undefined)
      out.push(missingShare(catalog, file, t, users));
  }
  return out;
}

type Roles = [string, CatalogConfig["platformRoles"][string]][];

/** The roles that hold a municipality's profile share (the profile file servers). */
function sharingRoles(catalog: CatalogConfig): Roles {
  return entries(catalog.platformRoles).filter(
    ([, r]) => r.scope === "tenant" && r.profileShareDisk !== undefined,
  );
}

/** The segments and services the tenant-scoped roles need of a municipality with session hosts. */
function roleNeeds(catalog: CatalogConfig, roles: Roles, file: string, t: TenantConfig): Finding[] {
  const out: Finding[] = [];
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
  return out;
}

/** A municipality with session-host users provisions a profile share for their profile containers. */
function missingShare(catalog: CatalogConfig, file: string, t: TenantConfig, users: number): Finding {
  const demand = profileShareDemand(catalog, t);
  return finding(
    file,
    ["workplaces"],
    `${grouped(users)} session-host users need a profile share of ${grouped(demand)} GiB for their profile containers: provision it with profileShareGiB (at least ${demand}, with room to grow)`,
    true,
  );
}
