// The allocator: no overlaps, nothing outside its pool, existing entries never move whatever
// is added and in whatever order, and shortages name the pool.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, firstFit } from "../../stacks/model/ipam/allocate.ts";
import { EMPTY_LOCK } from "../../stacks/model/ipam/lock-file.ts";
import { lengthFor, usable } from "../../stacks/model/ipam/demand.ts";
import { replan } from "../../stacks/model/ipam/replan.ts";
import type { Pools, Requests, SegmentRequest } from "../../stacks/model/ipam/requests.ts";
import { contains, overlaps, parsePrefix } from "../../stacks/model/ip.ts";
import type { IpamLock } from "../../stacks/model/schema/index.ts";

const POOLS: Pools = {
  supernet: "10.200.0.0/13",
  ipv6Block: "2a07:3502:1a4::/46",
  tenantLength: 18,
  facilitiesLength: 20,
  ipv6OwnerLength: 52,
  ipv6Categories: { internet: "2a07:3502:1a8::/46", guest: "2a07:3502:1ac::/46" },
  natPool: "10.199.0.0/16",
  vlanFirst: 100,
  vlanLast: 3999,
  vlanReserved: [{ first: 1002, last: 1005 }],
};

function requests(
  tenants: Record<string, Record<string, number>>,
  nat: Record<string, number> = {},
): Requests {
  const segments: SegmentRequest[] = Object.entries(tenants).flatMap(([owner, segs]) =>
    Object.entries(segs).map(([item, ipv4Length]) => ({
      key: `${owner}/${item}`,
      owner,
      item,
      kind: "tenant" as const,
      ipv4Length,
      ipv6Category: "internal",
    })),
  );
  return {
    owners: ["facilities", ...Object.keys(tenants).sort()],
    segments: segments.sort((a, b) => (a.key < b.key ? -1 : 1)),
    nat: Object.entries(nat).map(([key, ipv4Length]) => ({ key, ipv4Length })),
  };
}

/** A deterministic Fisher-Yates shuffle. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every kind of allocation: pairwise disjoint within its space, inside its parent. */
function assertSound(lock: IpamLock, pools: Pools) {
  const supernet = parsePrefix(pools.supernet);
  const blocks = Object.entries(lock.blocks).map(([k, b]) => ({
    k,
    v4: parsePrefix(b.ipv4),
    v6: parsePrefix(b.ipv6),
  }));
  for (const b of blocks) {
    expect(contains(supernet, b.v4), b.k).toBe(true);
    expect(contains(parsePrefix(pools.ipv6Block), b.v6), b.k).toBe(true);
  }
  const segs = Object.entries(lock.segments).map(([k, s]) => ({
    k,
    owner: k.split("/")[0]!,
    v4: parsePrefix(s.ipv4),
    v6: parsePrefix(s.ipv6!),
    vlan: s.vlan,
  }));
  for (const s of segs) {
    const block = blocks.find((b) => b.k === s.owner)!;
    expect(contains(block.v4, s.v4), s.k).toBe(true);
    expect(contains(block.v6, s.v6), s.k).toBe(true);
    expect(s.vlan >= pools.vlanFirst && s.vlan <= pools.vlanLast, s.k).toBe(true);
    expect(
      pools.vlanReserved.some((r) => s.vlan >= r.first && s.vlan <= r.last),
      s.k,
    ).toBe(false);
  }
  const disjoint = <T>(items: T[], get: (t: T) => ReturnType<typeof parsePrefix>) =>
    items.forEach((a, i) => items.slice(i + 1).forEach((b) => expect(overlaps(get(a), get(b))).toBe(false)));
  disjoint(blocks, (b) => b.v4);
  disjoint(blocks, (b) => b.v6);
  disjoint(segs, (s) => s.v4);
  disjoint(segs, (s) => s.v6);
  disjoint(Object.values(lock.nat), (n) => parsePrefix(n.ipv4));
  expect(new Set(segs.map((s) => s.vlan)).size).toBe(segs.length);
}

describe("firstFit", () => {
  it("takes the lowest aligned free prefix", () => {
    const pool = parsePrefix("10.0.0.0/16");
    expect(firstFit(pool, 24, [parsePrefix("10.0.0.0/25")])).toMatchObject({
      length: 24,
      first: parsePrefix("10.0.1.0/24").first,
    });
    expect(firstFit(pool, 22, [parsePrefix("10.0.1.0/24")])).toMatchObject({
      first: parsePrefix("10.0.4.0/22").first,
    });
    expect(firstFit(pool, 15, [])).toBeUndefined();
    expect(
      firstFit(parsePrefix("10.0.0.0/24"), 25, [parsePrefix("10.0.0.0/25"), parsePrefix("10.0.0.128/25")]),
    ).toBeUndefined();
  });
});

describe("allocate", () => {
  it("gives every owner a block and every segment a VLAN and prefixes", () => {
    const r = allocate(
      POOLS,
      requests(
        { druten: { server: 24, workplace: 22 }, heumen: { server: 24 } },
        { "druten/legacy-servers": 24 },
      ),
    );
    expect(r.shortages).toEqual([]);
    expect(r.added).toEqual([
      "druten",
      "druten/legacy-servers",
      "druten/server",
      "druten/workplace",
      "facilities",
      "heumen",
      "heumen/server",
    ]);
    expect(r.lock.blocks.facilities!.ipv4).toBe("10.200.0.0/20");
    expect(r.lock.segments["druten/workplace"]).toMatchObject({ vlan: 100, ipv4: "10.200.64.0/22" });
    expect(r.lock.nat["druten/legacy-servers"]).toEqual({ ipv4: "10.199.0.0/24" });
    assertSound(r.lock, POOLS);
  });

  it("keeps entries whose item disappeared, as orphans holding their space", () => {
    const first = allocate(POOLS, requests({ druten: { server: 24, voip: 24 } }));
    const second = allocate(POOLS, requests({ druten: { server: 24, printers: 24 } }), first.lock);
    expect(second.orphans).toEqual(["druten/voip"]);
    expect(second.lock.segments["druten/voip"]).toEqual(first.lock.segments["druten/voip"]);
    expect(
      overlaps(
        parsePrefix(second.lock.segments["druten/printers"]!.ipv4),
        parsePrefix(first.lock.segments["druten/voip"]!.ipv4),
      ),
    ).toBe(false);
  });

  it("names the pool and the shortfall when a tenant block is too small", () => {
    const r = allocate({ ...POOLS, tenantLength: 23 }, requests({ druten: { a: 24, b: 24, c: 24 } }));
    expect(r.shortages).toHaveLength(1);
    expect(r.shortages[0]).toMatchObject({ key: "druten/c", pool: "tenant-block" });
    expect(r.shortages[0]!.message).toMatch(/need 768 addresses, it holds 512; they need 256 addresses more/);
  });

  it("names the supernet when tenants no longer fit, and the VLAN range when it runs out", () => {
    const crowded = allocate(
      { ...POOLS, supernet: "10.200.0.0/17" },
      requests({ a: { s: 24 }, b: { s: 24 } }),
    );
    expect(crowded.shortages.map((s) => [s.key, s.pool])).toEqual([["b", "supernet"]]);
    const vlans = allocate(
      { ...POOLS, vlanFirst: 100, vlanLast: 101 },
      requests({ a: { x: 24, y: 24, z: 24 } }),
    );
    expect(vlans.shortages.map((s) => s.pool)).toEqual(["vlans"]);
  });

  const tenantId = fc.stringMatching(/^[a-z]{1,6}$/);
  const demand = fc.dictionary(
    tenantId,
    fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.integer({ min: 21, max: 29 }), { maxKeys: 6 }),
    { minKeys: 1, maxKeys: 8 },
  );

  it("property: never overlaps and never leaves its pools", () => {
    fc.assert(
      fc.property(demand, (d) => {
        const r = allocate(POOLS, requests(d));
        expect(r.shortages).toEqual([]);
        assertSound(r.lock, POOLS);
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });

  it("property: adding tenants and segments in any order never moves what exists", () => {
    fc.assert(
      fc.property(demand, demand, fc.boolean(), (before, extra, extraFirst) => {
        const first = allocate(POOLS, requests(before));
        // merge: the new demand adds tenants and segments; existing ones keep their size
        const merged: Record<string, Record<string, number>> = structuredClone(before);
        for (const [t, segs] of Object.entries(extra)) merged[t] = { ...segs, ...(merged[t] ?? {}) };
        const ordered = extraFirst ? Object.fromEntries(Object.entries(merged).reverse()) : merged;
        const second = allocate(POOLS, requests(ordered), first.lock);
        for (const [k, v] of Object.entries(first.lock.blocks)) expect(second.lock.blocks[k]).toEqual(v);
        for (const [k, v] of Object.entries(first.lock.segments)) expect(second.lock.segments[k]).toEqual(v);
        expect(second.orphans).toEqual([]);
        assertSound(second.lock, POOLS);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it("property: the result does not depend on the order requests arrive in", () => {
    fc.assert(
      fc.property(demand, fc.integer(), (d, seed) => {
        const r = requests(d, { "x/legacy-a": 24, "x/legacy-b": 23 });
        const shuffled: Requests = {
          owners: shuffle(r.owners, seed),
          segments: shuffle(r.segments, seed + 1),
          nat: shuffle(r.nat, seed + 2),
        };
        expect(allocate(POOLS, shuffled).lock).toEqual(allocate(POOLS, r).lock);
      }),
      { numRuns: 100, seed: 42 },
    );
  });

  it("gives a segment that is not routed no IPv6, and one routed again its /64", () => {
    const r = requests({ druten: { server: 24, vmotion: 24 } });
    const unrouted: Requests = {
      ...r,
      segments: r.segments.map((s) =>
        s.item === "vmotion" ? { key: s.key, owner: s.owner, item: s.item, kind: s.kind, ipv4Length: 24 } : s,
      ),
    };
    const first = allocate(POOLS, unrouted);
    expect(first.lock.segments["druten/vmotion"]!.ipv6).toBeUndefined();
    expect(first.lock.segments["druten/server"]!.ipv6).toMatch(/\/64$/);
    const second = allocate(POOLS, r, first.lock);
    expect(second.added).toEqual(["druten/vmotion"]);
    expect(second.lock.segments["druten/vmotion"]).toMatchObject({
      vlan: first.lock.segments["druten/vmotion"]!.vlan,
      ipv4: first.lock.segments["druten/vmotion"]!.ipv4,
    });
    assertSound(second.lock, POOLS);
  });

  it("takes the /64 of a segment of another IPv6 category from that category's block", () => {
    const r = requests({ druten: { server: 24, dmz: 26 }, heumen: { dmz: 26 } });
    const categorised: Requests = {
      ...r,
      segments: r.segments.map((s) => (s.item === "dmz" ? { ...s, ipv6Category: "internet" } : s)),
    };
    const { lock, shortages } = allocate(POOLS, categorised);
    expect(shortages).toEqual([]);
    expect(lock.segments["druten/dmz"]!.ipv6).toBe("2a07:3502:1a8::/64");
    expect(lock.segments["heumen/dmz"]!.ipv6).toBe("2a07:3502:1a8:1::/64");
    expect(
      contains(parsePrefix(lock.blocks.druten!.ipv6), parsePrefix(lock.segments["druten/server"]!.ipv6!)),
    ).toBe(true);
    const full = allocate({ ...POOLS, ipv6Categories: { internet: "2a07:3502:1a8::/64" } }, categorised);
    expect(full.shortages).toEqual([
      {
        key: "heumen/dmz",
        pool: "ipv6",
        message: "the IPv6 category internet (2a07:3502:1a8::/64) has no free /64 for heumen/dmz",
      },
    ]);
  });

  it("starts from an empty lock by default", () => {
    expect(allocate(POOLS, { owners: [], segments: [], nat: [] })).toMatchObject({
      lock: EMPTY_LOCK,
      added: [],
      orphans: [],
    });
  });
});

describe("replan: --grow", () => {
  /** A tenant segment whose demand asks `addresses` (the prefix length follows from it). */
  const needing = (r: Requests, key: string, addresses: number): Requests => ({
    ...r,
    segments: r.segments.map((s) =>
      s.key === key
        ? {
            ...s,
            ipv4Length: lengthFor(addresses),
            demand: {
              devices: addresses - 10,
              growth: 0,
              reserved: 10,
              addresses,
              ipv4Length: lengthFor(addresses),
            },
          }
        : s,
    ),
  });
  const base = requests({ druten: { a: 24, b: 24, c: 24 } });
  const { lock } = allocate(POOLS, base);
  const at = (l: IpamLock, key: string) => l.segments[`druten/${key}`]!;

  it("widens a segment in place where the space beside it is free, else moves it; VLAN and IPv6 stay", () => {
    expect([at(lock, "a").ipv4, at(lock, "b").ipv4, at(lock, "c").ipv4]).toEqual([
      "10.200.64.0/24",
      "10.200.65.0/24",
      "10.200.66.0/24",
    ]);
    let r = base;
    for (const key of ["druten/a", "druten/b", "druten/c"]) r = needing(r, key, 400);
    const { lock: grown, problems } = replan(lock, POOLS, r, { grow: ["druten/c", "druten/a", "druten/b"] });
    expect(problems).toEqual([]);
    // c's neighbour .67 is free: widened in place; a's is b: moved to the lowest free /23 beyond
    // c's; b may not take a's old prefix (its devices are there until renumbered)
    expect(at(grown, "c").ipv4).toBe("10.200.66.0/23");
    expect(at(grown, "a").ipv4).toBe("10.200.68.0/23");
    expect(at(grown, "b").ipv4).toBe("10.200.70.0/23");
    for (const key of ["a", "b", "c"]) {
      expect(at(grown, key).vlan, key).toBe(at(lock, key).vlan);
      expect(at(grown, key).ipv6, key).toBe(at(lock, key).ipv6);
      expect(usable(parsePrefix(at(grown, key).ipv4).length)).toBeGreaterThanOrEqual(400);
    }
    assertSound(grown, POOLS);
  });

  it("grows only what is named and too small, and refuses the rest with the reason, changing nothing", () => {
    const r = needing(needing(base, "druten/a", 400), "druten/b", 100);
    const only = replan(lock, POOLS, r, { grow: ["druten/a"] });
    expect(only.problems).toEqual([]);
    expect(at(only.lock, "b")).toEqual(at(lock, "b"));
    expect(at(only.lock, "c")).toEqual(at(lock, "c"));

    const refused = replan(lock, POOLS, r, { grow: ["druten/a", "druten/b", "druten/nothing"] });
    expect(refused.lock).toBe(lock);
    expect(refused.problems).toEqual([
      "--grow druten/b: 10.200.65.0/24 already holds its demand (100 addresses): nothing to grow",
      "--grow druten/nothing: no such segment in the lock",
    ]);
    const noDemand = replan(lock, POOLS, base, { grow: ["druten/a"] });
    expect(noDemand.problems).toEqual(["--grow druten/a: only a tenant's segment has a demand to grow to"]);
  });

  it("names the block when no prefix of the size is free in it", () => {
    const r = needing(base, "druten/a", 20_000);
    const { problems } = replan(lock, POOLS, r, { grow: ["druten/a"] });
    expect(problems).toEqual([
      '--grow druten/a: the block 10.200.64.0/18 of "druten" has no free /17: release segments it no longer needs',
    ]);
  });
});
