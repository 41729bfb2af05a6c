// The allocator: given the pools, what needs addresses and the previous lock, it adds entries
// for new items only. Existing entries never move, and entries whose item disappeared keep
// their space (they are reported as orphans until released). Pure and deterministic.
import { capacity, formatPrefix, overlaps, parsePrefix, type Prefix } from "../ip.ts";
import type { IpamLock } from "../schema/index.ts";
import { EMPTY_LOCK } from "./lock-file.ts";
import { FACILITIES, INTERNAL, type Pools, type Requests, type SegmentRequest } from "./requests.ts";
import { grouped } from "../problems.ts";

export interface Shortage {
  readonly key: string;
  /** Which setting to change: "supernet", "ipv6", "vlans", "natPool" or a tenant block. */
  readonly pool: "supernet" | "ipv6" | "vlans" | "natPool" | "tenant-block";
  readonly message: string;
}

export interface Allocation {
  readonly lock: IpamLock;
  readonly added: readonly string[];
  readonly orphans: readonly string[];
  readonly shortages: readonly Shortage[];
}

export const IPV6_SEGMENT_LENGTH = 64;

/** The lowest aligned prefix of `length` inside `pool` that overlaps none of `used`. */
export function firstFit(pool: Prefix, length: number, used: readonly Prefix[]): Prefix | undefined {
  if (length < pool.length) return undefined;
  const bits = pool.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - length);
  const taken = used
    .filter((u) => overlaps(u, pool))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let start = pool.first;
  for (const u of taken) {
    if (u.last < start) continue;
    if (start + size - 1n < u.first) break;
    // jump past this allocation, to the next boundary aligned for `length`
    start = ((u.last + 1n + size - 1n) / size) * size;
  }
  const last = start + size - 1n;
  return last <= pool.last ? { family: pool.family, length, first: start, last } : undefined;
}

/** Where a routed segment's /64 comes from: its owner's block, or its category's. */
export function ipv6PoolOf(req: SegmentRequest, ownerBlock: string, pools: Pools): string | undefined {
  return req.ipv6Category === INTERNAL ? ownerBlock : pools.ipv6Categories[req.ipv6Category!];
}

/** The IPv6 /64s the lock's segments hold. */
export function usedIpv6(lock: IpamLock): Prefix[] {
  return Object.values(lock.segments).flatMap((s) => (s.ipv6 === undefined ? [] : [parsePrefix(s.ipv6)]));
}

function isReserved(vlan: number, pools: Pools): boolean {
  return pools.vlanReserved.some((r) => vlan >= r.first && vlan <= r.last);
}

function addresses(length: number): bigint {
  return 1n << BigInt(32 - length);
}

/** The entries made and the shortages met while allocating, phase by phase. */
interface Progress {
  readonly added: string[];
  readonly shortages: Shortage[];
}

export function allocate(pools: Pools, requests: Requests, previous: IpamLock = EMPTY_LOCK): Allocation {
  const lock: IpamLock = {
    version: 1,
    blocks: { ...previous.blocks },
    segments: { ...previous.segments },
    nat: { ...previous.nat },
  };
  const progress: Progress = { added: [], shortages: [] };
  allocateBlocks(lock, pools, requests, progress);
  allocateSegments(lock, pools, requests, progress);
  allocateNat(lock, pools, requests, progress);
  return {
    lock: sortLock(lock),
    added: progress.added.sort(),
    orphans: orphansOf(lock, requests),
    shortages: progress.shortages,
  };
}

/** A block per owner (the facilities and each tenant) that has none, from the supernet and the IPv6 block. */
function allocateBlocks(
  lock: IpamLock,
  pools: Pools,
  requests: Requests,
  { added, shortages }: Progress,
): void {
  const supernet = parsePrefix(pools.supernet);
  const block6 = parsePrefix(pools.ipv6Block);

  // parsed once: the allocator compares against every entry for every new item
  const blocks4 = Object.values(lock.blocks).map((b) => parsePrefix(b.ipv4));
  const blocks6 = Object.values(lock.blocks).map((b) => parsePrefix(b.ipv6));
  // the facilities first, then tenants by id: the result never depends on the order of requests
  const owners = [...requests.owners].sort((a, b) =>
    a === FACILITIES ? -1 : b === FACILITIES ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const owner of owners) {
    if (lock.blocks[owner]) continue;
    const length = owner === FACILITIES ? pools.facilitiesLength : pools.tenantLength;
    const v4 = firstFit(supernet, length, blocks4);
    const v6 = firstFit(block6, pools.ipv6OwnerLength, blocks6);
    if (!v4) {
      shortages.push({
        key: owner,
        pool: "supernet",
        message: `the supernet ${pools.supernet} has no free /${length} for "${owner}" (${grouped(capacity(supernet, length))} fit and the rest is taken): enlarge the supernet or lengthen the block prefix`,
      });
    }
    if (!v6) {
      shortages.push({
        key: owner,
        pool: "ipv6",
        message: `the IPv6 block ${pools.ipv6Block} has no free /${pools.ipv6OwnerLength} for "${owner}": use a larger block or a longer tenantPrefixLength`,
      });
    }
    if (v4 && v6) {
      blocks4.push(v4);
      blocks6.push(v6);
      lock.blocks[owner] = { ipv4: formatPrefix(v4), ipv6: formatPrefix(v6) };
      added.push(owner);
    }
  }
}

/** The VLAN IDs and the /64s segments can take, each taken once. */
function segmentSpace(lock: IpamLock, pools: Pools) {
  const usedVlans = new Set(Object.values(lock.segments).map((s) => s.vlan));
  let nextVlan = pools.vlanFirst;
  const takeVlan = (): number | undefined => {
    while (nextVlan <= pools.vlanLast && (usedVlans.has(nextVlan) || isReserved(nextVlan, pools))) nextVlan++;
    if (nextVlan > pools.vlanLast) return undefined;
    usedVlans.add(nextVlan);
    return nextVlan;
  };

  const segments4 = Object.values(lock.segments).map((s) => parsePrefix(s.ipv4));
  const segments6 = usedIpv6(lock);
  /** A /64 for a routed segment, or the shortage; undefined for a segment that is not routed. */
  const takeIpv6 = (req: SegmentRequest, ownerBlock: string): Prefix | Shortage | undefined => {
    if (req.ipv6Category === undefined) return undefined;
    const pool = ipv6PoolOf(req, ownerBlock, pools);
    const v6 = pool === undefined ? undefined : firstFit(parsePrefix(pool), IPV6_SEGMENT_LENGTH, segments6);
    return (
      v6 ?? {
        key: req.key,
        pool: "ipv6",
        message:
          req.ipv6Category === INTERNAL
            ? `the IPv6 block ${ownerBlock} of "${req.owner}" has no free /64 for ${req.key}`
            : `the IPv6 category ${req.ipv6Category} (${pool ?? "not in the region"}) has no free /64 for ${req.key}`,
      }
    );
  };
  return { takeVlan, takeIpv6, usedVlans, segments4, segments6 };
}

/**
 * A VLAN, an IPv4 prefix in its owner's block and a /64 (when routed) per new segment; and a /64
 * for an existing segment that is routed now (a facility no longer `routed: false`).
 */
function allocateSegments(
  lock: IpamLock,
  pools: Pools,
  requests: Requests,
  { added, shortages }: Progress,
): void {
  const { takeVlan, takeIpv6, usedVlans, segments4, segments6 } = segmentSpace(lock, pools);
  // Largest prefixes first within an owner keeps its block from fragmenting.
  const fresh = requests.segments
    .filter((r) => !lock.segments[r.key])
    .sort((a, b) =>
      a.owner < b.owner
        ? -1
        : a.owner > b.owner
          ? 1
          : a.ipv4Length - b.ipv4Length || (a.key < b.key ? -1 : 1),
    );
  for (const req of fresh) {
    const block = lock.blocks[req.owner];
    if (!block) continue; // its block could not be allocated: already reported
    const v4 = firstFit(parsePrefix(block.ipv4), req.ipv4Length, segments4);
    if (!v4) {
      shortages.push({
        key: req.key,
        pool: "tenant-block",
        message: blockShortage(req, block.ipv4, requests.segments, lock),
      });
      continue;
    }
    const v6 = takeIpv6(req, block.ipv6);
    if (v6 && !("first" in v6)) {
      shortages.push(v6);
      continue;
    }
    const vlan = takeVlan();
    if (vlan === undefined) {
      shortages.push({
        key: req.key,
        pool: "vlans",
        message: `no free VLAN ID between ${pools.vlanFirst} and ${pools.vlanLast} for ${req.key} (${usedVlans.size} in use): widen the range or release segments`,
      });
      continue;
    }
    segments4.push(v4);
    if (v6) segments6.push(v6);
    lock.segments[req.key] = { vlan, ipv4: formatPrefix(v4), ...(v6 ? { ipv6: formatPrefix(v6) } : {}) };
    added.push(req.key);
  }
  // an existing segment that is routed now (a facility no longer `routed: false`) gets its /64
  for (const req of requests.segments) {
    const entry = lock.segments[req.key];
    const block = lock.blocks[req.owner];
    if (!entry || entry.ipv6 !== undefined || !block) continue;
    const v6 = takeIpv6(req, block.ipv6);
    if (!v6) continue;
    if (!("first" in v6)) {
      shortages.push(v6);
      continue;
    }
    segments6.push(v6);
    lock.segments[req.key] = { ...entry, ipv6: formatPrefix(v6) };
    added.push(req.key);
  }
}

/** A NAT prefix from the region's NAT pool per legacy subnet translated during coexistence. */
function allocateNat(lock: IpamLock, pools: Pools, requests: Requests, { added, shortages }: Progress): void {
  const natPool = pools.natPool ? parsePrefix(pools.natPool) : undefined;
  const nat4 = Object.values(lock.nat).map((n) => parsePrefix(n.ipv4));
  for (const req of [...requests.nat].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (lock.nat[req.key]) continue;
    const prefix = natPool && firstFit(natPool, req.ipv4Length, nat4);
    if (!prefix) {
      shortages.push({
        key: req.key,
        pool: "natPool",
        message: natPool
          ? `the NAT pool ${pools.natPool} has no free /${req.ipv4Length} for ${req.key}: enlarge it`
          : `${req.key} is translated during coexistence but the region has no addressing.ipv4.natPool: add one`,
      });
      continue;
    }
    nat4.push(prefix);
    lock.nat[req.key] = { ipv4: formatPrefix(prefix) };
    added.push(req.key);
  }
}

/** Entries whose item is gone: they keep their space until released. */
function orphansOf(lock: IpamLock, requests: Requests): string[] {
  const wanted = new Set([
    ...requests.owners,
    ...requests.segments.map((s) => s.key),
    ...requests.nat.map((n) => n.key),
  ]);
  const orphans = [
    ...Object.keys(lock.blocks),
    ...Object.keys(lock.segments),
    ...Object.keys(lock.nat),
  ].filter((k) => !wanted.has(k));
  return [...new Set(orphans)].sort();
}

function blockShortage(
  req: SegmentRequest,
  block: string,
  all: readonly SegmentRequest[],
  lock: IpamLock,
): string {
  const size = addresses(parsePrefix(block).length);
  const need = all
    .filter((r) => r.owner === req.owner)
    .reduce(
      (sum, r) =>
        sum + addresses(lock.segments[r.key] ? parsePrefix(lock.segments[r.key]!.ipv4).length : r.ipv4Length),
      0n,
    );
  const missing =
    need > size
      ? `; they need ${grouped(need - size)} addresses more than it holds`
      : "; it is fragmented: release unused segments";
  return `the block ${block} of "${req.owner}" has no free /${req.ipv4Length} for ${req.key}: its segments need ${grouped(need)} addresses, it holds ${grouped(size)}${missing}`;
}

/** Keys in order, so the lock file and its diffs are stable. */
export function sortLock(lock: IpamLock): IpamLock {
  const sorted = <T>(m: Record<string, T>) =>
    Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { version: 1, blocks: sorted(lock.blocks), segments: sorted(lock.segments), nat: sorted(lock.nat) };
}
