// What needs addresses: a block per tenant and for the facilities, a segment (VLAN, IPv4 prefix,
// an IPv6 /64 when routed) per tenant port group, site subnet, fibre link (transit) and facility,
// and a NAT prefix per legacy subnet translated during coexistence. From the configuration only.
import type { RawConfig } from "../load.ts";
import { parsePrefix } from "../ip.ts";
import { FACILITIES } from "../owners.ts";
import { type Demand, demands } from "./demand.ts";

export { FACILITIES };
export const TRANSIT = "transit-";
/** NAT keys name the legacy subnet: `<tenant>/legacy-<subnet>`, apart from segment keys. */
export const LEGACY = "legacy-";
/** The IPv6 category whose /64s come from their owner's block (region `addressing.ipv6.block`). */
export const INTERNAL = "internal";

/** A segment type at one of its tenant's sites: `<tenant>/<type>@<site>`. */
export const AT = "@";

/** A tenant segment's port group in the data centre, its subnet at a site, a transit or a facility. */
export type SegmentKind = "tenant" | "site" | "transit" | "facility";

export interface SegmentRequest {
  /** `<owner>/<item>`: the lock key; for a port group its for_each key and identity. */
  readonly key: string;
  readonly owner: string;
  /** Segment type, `<type>@<site>`, `transit-<link>` or facility id. */
  readonly item: string;
  /** The site of a site subnet. */
  readonly site?: string;
  readonly kind: SegmentKind;
  readonly ipv4Length: number;
  /** The IPv6 category its /64 comes from; absent when the segment is not routed (no IPv6). */
  readonly ipv6Category?: string;
  /** A tenant segment's demand: the addresses it needs and how (ipv4Length holds them). */
  readonly demand?: Demand;
}

export interface NatRequest {
  readonly key: string;
  readonly ipv4Length: number;
}

export interface Pools {
  readonly supernet: string;
  readonly ipv6Block: string;
  readonly tenantLength: number;
  readonly facilitiesLength: number;
  readonly ipv6OwnerLength: number;
  /** The block of each IPv6 category other than internal, by id. */
  readonly ipv6Categories: Readonly<Record<string, string>>;
  readonly natPool?: string | undefined;
  readonly vlanFirst: number;
  readonly vlanLast: number;
  readonly vlanReserved: readonly { first: number; last: number }[];
}

export interface Requests {
  /** Block owners: the facilities first, then tenant ids in order. */
  readonly owners: readonly string[];
  readonly segments: readonly SegmentRequest[];
  readonly nat: readonly NatRequest[];
}

export function poolsOf(config: RawConfig): Pools {
  const { ipv4, ipv6, vlans } = config.region.addressing;
  return {
    supernet: ipv4.supernet,
    ipv6Block: ipv6.block,
    tenantLength: ipv4.tenantPrefixLength,
    facilitiesLength: ipv4.facilitiesPrefixLength,
    ipv6OwnerLength: ipv6.tenantPrefixLength,
    ipv6Categories: Object.fromEntries(Object.entries(ipv6.categories ?? {}).map(([id, c]) => [id, c.block])),
    natPool: ipv4.natPool,
    vlanFirst: vlans.first,
    vlanLast: vlans.last,
    vlanReserved: vlans.reserved,
  };
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function requestsOf(config: RawConfig): Requests {
  const { region, catalog, tenants } = config;
  const needs = demands(config);
  const segments: SegmentRequest[] = Object.entries(region.facilities).map(([id, f]) => ({
    key: `${FACILITIES}/${id}`,
    owner: FACILITIES,
    item: id,
    kind: "facility",
    ipv4Length: f.ipv4PrefixLength,
    ...(f.routed === false ? {} : { ipv6Category: f.ipv6Category ?? INTERNAL }),
  }));
  const nat: NatRequest[] = [];
  for (const { id: tenant, config: t } of tenants) {
    // a site subnet at each site a fibre link connects (a site with two links gets one)
    const sites = [...new Set(Object.values(t.fibreLinks).map((l) => l.site))].sort();
    for (const segment of t.segments) {
      const type = catalog.segmentTypes[segment];
      if (!type) continue;
      // a new segment gets the type's prefix length, or a shorter one where its demand needs it
      const sized = (key: string) => {
        const demand = needs.get(key)!;
        return {
          key,
          owner: tenant,
          ipv4Length: Math.min(type.ipv4PrefixLength, demand.ipv4Length),
          ipv6Category: type.ipv6Category ?? INTERNAL,
          demand,
        };
      };
      if (type.vms) segments.push({ item: segment, kind: "tenant", ...sized(`${tenant}/${segment}`) });
      if (type.sites)
        for (const site of sites) {
          const item = `${segment}${AT}${site}`;
          segments.push({ item, site, kind: "site", ...sized(`${tenant}/${item}`) });
        }
    }
    for (const link of Object.keys(t.fibreLinks)) {
      const item = `${TRANSIT}${link}`;
      segments.push({
        key: `${tenant}/${item}`,
        owner: tenant,
        item,
        kind: "transit",
        ipv4Length: region.addressing.ipv4.transitPrefixLength,
        ipv6Category: INTERNAL,
      });
    }
    for (const [id, subnet] of Object.entries(t.legacy?.subnets ?? {})) {
      if (subnet.coexistence === "nat")
        nat.push({ key: `${tenant}/${LEGACY}${id}`, ipv4Length: parsePrefix(subnet.cidr).length });
    }
  }
  return {
    owners: [FACILITIES, ...tenants.map((t) => t.id)],
    segments: segments.sort(byKey),
    nat: nat.sort(byKey),
  };
}
