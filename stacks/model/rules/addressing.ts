// The address plan is coherent before anything is allocated from it (allocation itself, with
// the lock file, is checked where it happens).
import { capacity, formatPrefix, overlapsBefore, parsePrefix } from "../ip.ts";
import { FACILITIES, TRANSIT } from "../ipam/requests.ts";
import type { Finding } from "../problems.ts";
import { type Rule, type RuleContext, entries, finding } from "./context.ts";

export const addressPlan: Rule = {
  id: "address-plan",
  phase: "shape-valid",
  description:
    "pool sizes nest, VLAN ranges are ordered, a tenant's legacy subnets do not overlap each other",
  check: (ctx) => [...poolFindings(ctx), ...prefixFindings(ctx), ...tenantBlockFindings(ctx)],
};

/** The region's pools: block lengths fit the supernet and IPv6 block, VLAN ranges are ordered. */
function poolFindings({ config, files }: RuleContext): Finding[] {
  const { region, tenants } = config;
  const out: Finding[] = [];
  const { ipv4, ipv6, vlans } = region.addressing;
  const supernet = parsePrefix(ipv4.supernet);
  const block6 = parsePrefix(ipv6.block);
  const at = (path: (string | number)[], message: string) =>
    out.push(finding(files.region, ["addressing", ...path], message));

  for (const key of ["tenantPrefixLength", "facilitiesPrefixLength"] as const) {
    if (ipv4[key] <= supernet.length)
      at(
        ["ipv4", key],
        `/${ipv4[key]} does not fit inside the supernet ${ipv4.supernet}: use a length above ${supernet.length}`,
      );
  }
  if (ipv6.tenantPrefixLength <= block6.length || ipv6.tenantPrefixLength > 64) {
    at(
      ["ipv6", "tenantPrefixLength"],
      `must lie between /${block6.length + 1} and /64 for the block ${ipv6.block}`,
    );
  } else if (capacity(block6, ipv6.tenantPrefixLength) < BigInt(tenants.length + 1)) {
    at(
      ["ipv6", "tenantPrefixLength"],
      `${ipv6.block} holds ${capacity(block6, ipv6.tenantPrefixLength)} blocks of /${ipv6.tenantPrefixLength}; ${tenants.length} tenants and the facilities need ${tenants.length + 1}`,
    );
  }
  if (vlans.first > vlans.last)
    at(["vlans", "first"], `the range is empty: first (${vlans.first}) is above last (${vlans.last})`);
  vlans.reserved.forEach((r, i) => {
    if (r.first > r.last)
      at(
        ["vlans", "reserved", i, "first"],
        `the range is empty: first (${r.first}) is above last (${r.last})`,
      );
  });

  const owners =
    BigInt(tenants.length) * (1n << BigInt(32 - ipv4.tenantPrefixLength)) +
    (1n << BigInt(32 - ipv4.facilitiesPrefixLength));
  const room = 1n << BigInt(32 - supernet.length);
  if (ipv4.tenantPrefixLength > supernet.length && owners > room) {
    at(
      ["ipv4", "supernet"],
      `${ipv4.supernet} holds ${room} addresses; ${tenants.length} tenant blocks of /${ipv4.tenantPrefixLength} and the facilities block need ${owners}, ${owners - room} more: enlarge the supernet or lengthen tenantPrefixLength`,
    );
  }

  return out;
}

/** Segment types and facilities ask for prefixes their blocks can hold. */
function prefixFindings({ config, files }: RuleContext): Finding[] {
  const { region, catalog } = config;
  const { ipv4 } = region.addressing;
  const out: Finding[] = [];
  for (const [id, type] of entries(catalog.segmentTypes)) {
    if (id.startsWith(TRANSIT)) {
      out.push(
        finding(
          files.catalog,
          ["segmentTypes", id],
          `segment type ids may not start with "${TRANSIT}": that prefix names fibre-link transit segments`,
          true,
        ),
      );
    }
    if (type.ipv4PrefixLength < ipv4.tenantPrefixLength) {
      out.push(
        finding(
          files.catalog,
          ["segmentTypes", id, "ipv4PrefixLength"],
          `a /${type.ipv4PrefixLength} does not fit in a tenant block (/${ipv4.tenantPrefixLength}): use /${ipv4.tenantPrefixLength} or longer`,
        ),
      );
    }
  }
  for (const [id, facility] of entries(region.facilities)) {
    if (facility.ipv4PrefixLength < ipv4.facilitiesPrefixLength) {
      out.push(
        finding(
          files.region,
          ["facilities", id, "ipv4PrefixLength"],
          `a /${facility.ipv4PrefixLength} does not fit in the facilities block (/${ipv4.facilitiesPrefixLength})`,
        ),
      );
    }
  }

  return out;
}

/** Each tenant's segments fit its block; its legacy subnets overlap none of each other or their VLANs. */
function tenantBlockFindings({ config, files }: RuleContext): Finding[] {
  const { region, catalog, tenants } = config;
  const { ipv4 } = region.addressing;
  const out: Finding[] = [];
  const size = (length: number) => 1n << BigInt(32 - length);
  for (const { id: tenant, config: t } of tenants) {
    if (tenant === FACILITIES) {
      out.push(
        finding(
          files.tenant(tenant),
          [],
          `"${FACILITIES}" is reserved for the generic facilities' block: rename the file`,
        ),
      );
    }
    const need =
      t.segments.reduce((sum, s) => sum + size(catalog.segmentTypes[s]?.ipv4PrefixLength ?? 32), 0n) +
      BigInt(Object.keys(t.fibreLinks).length) * size(ipv4.transitPrefixLength);
    if (need > size(ipv4.tenantPrefixLength)) {
      out.push(
        finding(
          files.tenant(tenant),
          ["segments"],
          `the segments and transit links need ${need} addresses; a tenant block (/${ipv4.tenantPrefixLength}) holds ${size(ipv4.tenantPrefixLength)}, ${need - size(ipv4.tenantPrefixLength)} too few: drop segments or shorten tenantPrefixLength in region.yaml`,
          true,
        ),
      );
    }
    const subnets = entries(t.legacy?.subnets ?? {}).map(([id, s]) => ({
      id,
      prefix: parsePrefix(s.cidr),
      vlan: s.vlan,
    }));
    // one sweep by address and one pass over the VLANs: thousands of subnets stay cheap
    for (const [a, b] of overlapsBefore(subnets)) {
      out.push(
        finding(
          files.tenant(tenant),
          ["legacy", "subnets", a.id, "cidr"],
          `${formatPrefix(a.prefix)} overlaps legacy subnet "${b.id}" (${formatPrefix(b.prefix)}) of the same tenant`,
        ),
      );
    }
    const vlans = new Map<number, string>();
    for (const a of subnets) {
      const first = vlans.get(a.vlan);
      if (first === undefined) vlans.set(a.vlan, a.id);
      else
        out.push(
          finding(
            files.tenant(tenant),
            ["legacy", "subnets", a.id, "vlan"],
            `VLAN ${a.vlan} is already used by legacy subnet "${first}"`,
          ),
        );
    }
  }
  return out;
}
