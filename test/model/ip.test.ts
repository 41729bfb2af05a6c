// The hand-written CIDR parser against ip-address, the library it replaced on the hot path: the
// same family, length, first and last address for any IPv4 or IPv6 prefix the schema accepts.
import fc from "fast-check";
import { Address4, Address6 } from "ip-address";
import { describe, expect, it } from "vitest";
import { formatAddress, parsePrefix } from "../../stacks/model/ip.ts";

function byLibrary(cidr: string) {
  const family = cidr.includes(":") ? 6 : 4;
  const addr = family === 4 ? new Address4(cidr) : new Address6(cidr);
  return {
    family,
    length: addr.subnetMask,
    first: addr.startAddress().bigInt(),
    last: addr.endAddress().bigInt(),
  };
}

const v4 = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 }))
  .map(([value, length]) => `${formatAddress(4, value)}/${length}`);
// IPv6 written compressed (as people and the lock write it), in full, and with a dotted IPv4 tail
const v6 = fc
  .tuple(
    fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }),
    fc.integer({ min: 0, max: 128 }),
    fc.constantFrom("compressed", "full", "dotted"),
  )
  .map(([groups, length, form]) => {
    const value = groups.reduce((v, g) => (v << 16n) | BigInt(g), 0n);
    if (form === "compressed") return `${formatAddress(6, value)}/${length}`;
    const hex = groups.map((g) => g.toString(16));
    if (form === "full") return `${hex.join(":")}/${length}`;
    const [a, b] = [groups[6]!, groups[7]!];
    return `${hex.slice(0, 6).join(":")}:${a >> 8}.${a & 255}.${b >> 8}.${b & 255}/${length}`;
  });

describe("parsePrefix", () => {
  it("reads what ip-address reads, for any IPv4 and IPv6 prefix", () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6), (cidr) => {
        expect(parsePrefix(cidr)).toEqual(byLibrary(cidr));
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });

  it.each([
    "10.0.0.0/8",
    "2a07:3502::/33",
    "::/0",
    "::1/128",
    "fe80::/10",
    "::ffff:10.1.2.0/120",
    "255.255.255.255/32",
  ])("reads %s as ip-address does", (cidr) => expect(parsePrefix(cidr)).toEqual(byLibrary(cidr)));
});
