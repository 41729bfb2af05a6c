// What the guests are named and set up by: Windows needs its own name for the time zone, and a
// tenant's VM names (built from host-name parts) must not collide.
import { vmHostname } from "../compute.ts";
import type { Finding } from "../problems.ts";
import { sessionUsers } from "../sizing.ts";
import { WINDOWS_TIME_ZONES } from "../time-zones.ts";
import { type Rule, entries, finding } from "./context.ts";

/** Windows guests get their time zone by Windows name: the region's zone must have one. */
export const windowsTimeZone: Rule = {
  id: "windows-time-zone",
  phase: "resolved",
  independent: true,
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
  phase: "resolved",
  independent: true,
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
