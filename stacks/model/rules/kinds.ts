// References that resolve must also point at things of the right kind: a cluster's datastore
// holds VMs, the library's holds the library, workplaces and applications use their profiles.
import type { Finding } from "../problems.ts";
import { type Rule, type RuleContext, entries, finding } from "./context.ts";

/** Profiles must be used where their kind fits, and templates/datastores must have the right role. */
export const kinds: Rule = {
  id: "kinds",
  phase: "shape-valid",
  description: "references point at things of the right kind",
  check: (ctx) => [...datastoreRoles(ctx), ...profileKinds(ctx), ...profileUses(ctx)],
};

/** The content library's datastore has role library, a cluster's role vm. */
function datastoreRoles({ config, files }: RuleContext): Finding[] {
  const { region } = config;
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
  return out;
}

/** Each profile has what its kind needs: one user per desktop, a segment unless a platform server, a profile container for a session host. */
function profileKinds({ config, files }: RuleContext): Finding[] {
  const { catalog } = config;
  const out: Finding[] = [];
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
  return out;
}

/** Workplaces use session-host or desktop profiles, applications app-server profiles. */
function profileUses({ config, files }: RuleContext): Finding[] {
  const { catalog, tenants } = config;
  const out: Finding[] = [];
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
}
