// config/ipam.lock.yaml: allocations made by `irvn ipam`, committed like a package lock.
// Entries never move; an entry whose item disappeared stays until `irvn ipam --release`.
import { Type, type Static } from "@sinclair/typebox";
import { Closed, Formatted, Ipv4Cidr, Ipv6Cidr } from "./common.ts";

const Key = Formatted("lock-key", "owner/item or owner/item@site");

const Block = Closed({
  ipv4: Ipv4Cidr("IPv4 block"),
  ipv6: Ipv6Cidr("IPv6 block"),
});

const Segment = Closed({
  vlan: Type.Integer({ minimum: 1, maximum: 4094, description: "VLAN ID" }),
  ipv4: Ipv4Cidr("IPv4 prefix"),
  ipv6: Type.Optional(Ipv6Cidr("IPv6 /64; absent on a segment that is not routed")),
});

const Nat = Closed({
  ipv4: Ipv4Cidr("prefix the legacy subnet is translated into during coexistence"),
});

const map = <T extends Parameters<typeof Type.Record>[1]>(values: T, description: string) =>
  Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    description,
    propertyNames: Key,
    additionalProperties: values,
  });

export const IpamLockSchema = Closed(
  {
    version: Type.Literal(1),
    blocks: map(Block, "address blocks: `facilities` and one per tenant id"),
    segments: map(
      Segment,
      "segments keyed <tenant>/<segment type> (its port group), <tenant>/<segment type>@<site> (its subnet at a site), <tenant>/transit-<link> or facilities/<facility>",
    ),
    nat: map(Nat, "NAT prefixes keyed <tenant>/legacy-<legacy subnet>"),
  },
  { description: "IPAM lock file written by `irvn ipam`" },
);

export type IpamLock = Static<typeof IpamLockSchema>;
