// What needs addresses: a block per tenant and for the facilities, a segment (VLAN, IPv4
// prefix, and an IPv6 /64 when routed) per tenant segment, per fibre link (transit) and per
// facility, and a NAT prefix per legacy subnet translated during coexistence. From the configuration only.
import type { RawConfig } from "../load.ts";
import { parsePrefix } from "../ip.ts";

/** Owner of the shared block; no tenant may use this id. */
export const FACILITIES = "facilities";
export const TRANSIT = "transit-";
/** NAT keys name the legacy subnet: `<tenant>/legacy-<subnet>`, apart from segment keys. */
export const LEGACY = "legacy-";
/** The IPv6 category whose /64s come from their owner's block (region `addressing.ipv6.block`). */
export const INTERNAL = "internal";

export type SegmentKind = "tenant" | "transit" | "facility";

export interface SegmentRequest {
  /** `<owner>/<item>`: the lock key, the for_each key and the port group's identity. */
  readonly key: string;
  readonly owner: string;
  readonly item: string;
  readonly kind: SegmentKind;
  readonly ipv4Length: number;
  /** The IPv6 category its /64 comes from; absent when the segment is not routed (no IPv6). */
  readonly ipv6Category?: string;
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
  const segments: SegmentRequest[] = Object.entries(region.facilities).map(([id, f]) => ({
    key: `${FACILITIES}/${id}`,
    owner: FACILITIES,
    item: id,
    kind: "facility",
    ipv4Length: f.ipv4PrefixLength,
    ...(f.routed === false ? {} : { ipv6Category: INTERNAL }),
  }));
  const nat: NatRequest[] = [];
  for (const { id: tenant, config: t } of tenants) {
    for (const segment of t.segments) {
      const type = catalog.segmentTypes[segment];
      if (type)
        segments.push({
          key: `${tenant}/${segment}`,
          owner: tenant,
          item: segment,
          kind: "tenant",
          ipv4Length: type.ipv4PrefixLength,
          ipv6Category: type.ipv6Category ?? INTERNAL,
        });
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
    for (const [id, subnet] of Object.entries(t.legacy.subnets)) {
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
