// Rules on the allocations in the lock file against the configuration: complete, sized as the
// configuration asks, inside their pools, no overlaps, valid VLANs; and legacy subnets that
// collide with the target network or with each other while both are in service say how they
// coexist.
import {
  byFirstAddress,
  contains,
  formatPrefix,
  overlapIndex,
  overlaps,
  overlapsBefore,
  parsePrefix,
  type Prefix,
} from "../ip.ts";
import { IPV6_SEGMENT_LENGTH } from "../ipam/allocate.ts";
import { FACILITIES, INTERNAL, type Pools, poolsOf, type Requests, requestsOf } from "../ipam/requests.ts";
import type { RawConfig } from "../load.ts";
import { compare, type Finding, pointer } from "../problems.ts";
import type { IpamLock } from "../schema/index.ts";
import type { ConfigFiles } from "../load.ts";
import { networkSpans, overlapOf, type Span } from "../timeline.ts";
import { and, entries, finding, type Rule } from "./context.ts";
import { checkSegmentPlan } from "./segment-plan.ts";

const RERUN = "run `irvn ipam`";
const list = (keys: readonly string[]) =>
  keys.slice(0, 6).join(", ") + (keys.length > 6 ? `, … ${keys.length - 6} more` : "");

export const lockEntries: Rule = {
  id: "lock",
  phase: "lock",
  description:
    "the IPAM lock holds an entry for every item and no other, each sized as the configuration asks, inside its pool, overlapping no other, on a valid VLAN",
  check: ({ config, files, lock }) =>
    lock ? checkLock(files.lock, lock, poolsOf(config), requestsOf(config)) : [],
};

export const coexistence: Rule = {
  id: "coexistence",
  phase: "lock",
  description:
    "legacy subnets that overlap a target prefix, a NAT prefix or another tenant's legacy subnet while both are in service declare how they coexist",
  check: ({ config, files, lock }) => (lock ? checkCoexistence(config, files, lock) : []),
};

/** Findings about the lock file itself; pointers are into the lock. */
export function checkLock(lockFile: string, lock: IpamLock, pools: Pools, requests: Requests): Finding[] {
  const held: Held = { lockFile, lock, pools, requests };
  return [
    ...missingEntries(held),
    ...blockFindings(held),
    ...segmentFindings(held),
    ...natFindings(held),
    ...overlapsIn(lockFile, lock),
    ...vlanFindings(held),
    ...checkSegmentPlan(lockFile, lock, pools, requests),
  ];
}

/** The lock as read, and what the configuration asks of it. */
interface Held {
  readonly lockFile: string;
  readonly lock: IpamLock;
  readonly pools: Pools;
  readonly requests: Requests;
}

const release = (key: string) => `release it with \`irvn ipam --release ${key}\`, then ${RERUN}`;

/** Findings at a path of the lock file. */
function findingsIn(lockFile: string) {
  const out: Finding[] = [];
  const at = (path: (string | number)[], message: string) =>
    out.push({ file: lockFile, pointer: pointer(...path), message });
  return { out, at };
}

/** Every owner, segment and NAT prefix the configuration asks for has an entry. */
function missingEntries({ lockFile, lock, requests }: Held): Finding[] {
  const out: Finding[] = [];
  const missing = [
    ...requests.owners.filter((o) => !lock.blocks[o]),
    ...requests.segments.filter((s) => !lock.segments[s.key]).map((s) => s.key),
    ...requests.nat.filter((n) => !lock.nat[n.key]).map((n) => n.key),
  ];
  if (missing.length > 0) {
    out.push({
      file: lockFile,
      pointer: "",
      message: `lacks allocations for ${missing.length} item${missing.length === 1 ? "" : "s"} (${list(missing)}): ${RERUN}`,
    });
  }

  return out;
}

/** Each block lies in its pool and has the length the region asks. */
function blockFindings({ lockFile, lock, pools, requests }: Held): Finding[] {
  const { out, at } = findingsIn(lockFile);
  const supernet = parsePrefix(pools.supernet);
  const block6 = parsePrefix(pools.ipv6Block);
  for (const [owner, block] of entries(lock.blocks)) {
    const v4 = parsePrefix(block.ipv4);
    const v6 = parsePrefix(block.ipv6);
    const length = owner === FACILITIES ? pools.facilitiesLength : pools.tenantLength;
    if (!contains(supernet, v4))
      at(
        ["blocks", owner, "ipv4"],
        `${block.ipv4} lies outside the supernet ${pools.supernet}: ${release(owner)}`,
      );
    else if (requests.owners.includes(owner) && v4.length !== length)
      at(["blocks", owner, "ipv4"], `is a /${v4.length} but the region asks /${length}: ${release(owner)}`);
    if (!contains(block6, v6))
      at(
        ["blocks", owner, "ipv6"],
        `${block.ipv6} lies outside the IPv6 block ${pools.ipv6Block}: ${release(owner)}`,
      );
    else if (requests.owners.includes(owner) && v6.length !== pools.ipv6OwnerLength)
      at(
        ["blocks", owner, "ipv6"],
        `is a /${v6.length} but the region asks /${pools.ipv6OwnerLength}: ${release(owner)}`,
      );
  }

  return out;
}

/** Each segment has the length asked, a /64 when it has IPv6, and lies in its owner's block. */
function segmentFindings({ lockFile, lock, requests }: Held): Finding[] {
  const { out, at } = findingsIn(lockFile);
  const wanted = new Map(requests.segments.map((r) => [r.key, r]));
  for (const [key, seg] of entries(lock.segments)) {
    const owner = key.split("/")[0]!;
    const block = lock.blocks[owner];
    const v4 = parsePrefix(seg.ipv4);
    const v6 = seg.ipv6 === undefined ? undefined : parsePrefix(seg.ipv6);
    const req = wanted.get(key);
    // a tenant segment is checked against its demand instead (segment-plan.ts)
    if (req && req.demand === undefined && v4.length !== req.ipv4Length)
      at(
        ["segments", key, "ipv4"],
        `is a /${v4.length} but the configuration asks /${req.ipv4Length}: ${release(key)}`,
      );
    if (v6 && v6.length !== IPV6_SEGMENT_LENGTH)
      at(["segments", key, "ipv6"], `must be a /64 (got /${v6.length}): ${release(key)}`);
    if (!block)
      at(["segments", key], `belongs to "${owner}", which has no block in the lock: ${release(key)}`);
    else {
      if (!contains(parsePrefix(block.ipv4), v4))
        at(
          ["segments", key, "ipv4"],
          `${seg.ipv4} lies outside the block of "${owner}" (${block.ipv4}): ${release(key)}`,
        );
      // a segment of another IPv6 category takes its /64 from that category (segment-plan.ts); an
      // entry whose item is gone may hold one of any category
      if (v6 && req?.ipv6Category === INTERNAL && !contains(parsePrefix(block.ipv6), v6))
        at(
          ["segments", key, "ipv6"],
          `${seg.ipv6} lies outside the block of "${owner}" (${block.ipv6}): ${release(key)}`,
        );
    }
  }

  return out;
}

/** Each NAT prefix lies in the NAT pool and is as long as its legacy subnet. */
function natFindings({ lockFile, lock, pools, requests }: Held): Finding[] {
  const { out, at } = findingsIn(lockFile);
  const natPool = pools.natPool ? parsePrefix(pools.natPool) : undefined;
  const natWanted = new Map(requests.nat.map((n) => [n.key, n]));
  for (const [key, n] of entries(lock.nat)) {
    const p = parsePrefix(n.ipv4);
    if (natPool && !contains(natPool, p))
      at(["nat", key, "ipv4"], `${n.ipv4} lies outside the NAT pool ${pools.natPool}: ${release(key)}`);
    const req = natWanted.get(key);
    if (req && p.length !== req.ipv4Length)
      at(
        ["nat", key, "ipv4"],
        `is a /${p.length} but the legacy subnet is a /${req.ipv4Length}: ${release(key)}`,
      );
  }

  return out;
}

/** Each segment's VLAN is usable: not the default, not reserved, not another segment's. */
function vlanFindings({ lockFile, lock, pools }: Held): Finding[] {
  const { out, at } = findingsIn(lockFile);
  const seenVlan = new Map<number, string>();
  for (const [key, seg] of entries(lock.segments)) {
    const path = ["segments", key, "vlan"];
    if (seg.vlan < 2)
      at(path, `VLAN ${seg.vlan} is the default VLAN and never carries a segment: ${release(key)}`);
    const reserved = pools.vlanReserved.find((r) => seg.vlan >= r.first && seg.vlan <= r.last);
    if (reserved)
      at(
        path,
        `VLAN ${seg.vlan} lies in the reserved range ${reserved.first}-${reserved.last}: ${release(key)}`,
      );
    const other = seenVlan.get(seg.vlan);
    if (other) at(path, `VLAN ${seg.vlan} is also used by ${other} on the same switch: ${release(key)}`);
    else seenVlan.set(seg.vlan, key);
  }
  return out;
}

/** Overlaps between any two allocations of one kind of address space, reported at the later key. */
function overlapsIn(lockFile: string, lock: IpamLock): Finding[] {
  type Entry = { path: (string | number)[]; key: string; prefix: Prefix };
  const blocks4: Entry[] = entries(lock.blocks).map(([k, b]) => ({
    path: ["blocks", k, "ipv4"],
    key: k,
    prefix: parsePrefix(b.ipv4),
  }));
  const blocks6: Entry[] = entries(lock.blocks).map(([k, b]) => ({
    path: ["blocks", k, "ipv6"],
    key: k,
    prefix: parsePrefix(b.ipv6),
  }));
  const segs4: Entry[] = entries(lock.segments).map(([k, s]) => ({
    path: ["segments", k, "ipv4"],
    key: k,
    prefix: parsePrefix(s.ipv4),
  }));
  const segs6: Entry[] = entries(lock.segments).flatMap(([k, s]) =>
    s.ipv6 === undefined ? [] : [{ path: ["segments", k, "ipv6"], key: k, prefix: parsePrefix(s.ipv6) }],
  );
  const nat: Entry[] = entries(lock.nat).map(([k, n]) => ({
    path: ["nat", k, "ipv4"],
    key: k,
    prefix: parsePrefix(n.ipv4),
  }));
  // blocks against blocks; segments against segments and NAT prefixes (all are addresses in use)
  return [blocks4, blocks6, [...segs4, ...nat], segs6].flatMap((group) =>
    overlapsBefore(group).map(([e, widest]) => ({
      file: lockFile,
      pointer: pointer(...e.path),
      message: `${formatPrefix(e.prefix)} overlaps ${widest.key} (${formatPrefix(widest.prefix)}): release one with \`irvn ipam --release KEY\`, then ${RERUN}`,
    })),
  );
}

/**
 * Legacy subnets that collide with a target prefix or another tenant's legacy subnet while both
 * are in service (as the waves have it): each names every party it collides with.
 */
export function checkCoexistence(config: RawConfig, files: ConfigFiles, lock: IpamLock): Finding[] {
  const out: Finding[] = [];
  const spans = networkSpans(config);
  const always: Span = {};
  const targets: Party[] = [
    ...Object.entries(lock.segments).map(([key, s]) => {
      const owner = key.split("/")[0]!;
      return {
        what: `target segment ${key}`,
        prefix: parsePrefix(s.ipv4),
        span: owner === FACILITIES ? always : spans.get(owner)?.segments,
      };
    }),
    // a NAT prefix is in use while its tenant's legacy network is linked
    ...Object.entries(lock.nat).map(([key, n]) => ({
      what: `NAT prefix ${key}`,
      prefix: parsePrefix(n.ipv4),
      span: spans.get(key.split("/")[0]!)?.legacy,
    })),
  ];
  const legacy: Legacy[] = config.tenants.flatMap(({ id, config: t }) =>
    Object.entries(t.legacy?.subnets ?? {}).map(([subnet, s]) => ({
      tenant: id,
      name: t.name,
      subnet,
      s,
      prefix: parsePrefix(s.cidr),
      what: `legacy subnet "${subnet}" of ${t.name}`,
      span: spans.get(id)?.legacy,
    })),
  );
  const fix =
    "set `coexistence: nat` (translated one to one at the transit while linked) or `coexistence: renumber` (renumbered before linking)";
  const overlapping = overlapIndex<Party | Legacy>([...targets, ...legacy]);
  for (const l of legacy) {
    if (l.s.coexistence !== undefined || l.span === undefined) continue;
    const found = overlapping(l.prefix).flatMap((p) => {
      if ("tenant" in p && p.tenant === l.tenant) return [];
      // of two untranslated legacy subnets, the one linked later is told (the other was there first)
      if ("tenant" in p && p.s.coexistence === undefined && p.span?.from! > l.span!.from!) return [];
      const together = p.span && overlapOf(l.span!, p.span);
      return together ? [{ party: p, from: together.from! }] : [];
    });
    if (found.length === 0) continue;
    found.sort((a, b) => byFirstAddress(a.party, b.party) || compare(a.party.what, b.party.what));
    const named = found.map((f) => `${f.party.what} (${formatPrefix(f.party.prefix)})`);
    const shown =
      named.length <= MAX_NAMED
        ? named
        : [...named.slice(0, MAX_NAMED - 1), `${named.length - MAX_NAMED + 1} more`];
    const from = found.map((f) => f.from).sort()[0]!;
    out.push(
      finding(
        files.tenant(l.tenant),
        ["legacy", "subnets", l.subnet, "cidr"],
        `${l.s.cidr} overlaps ${and(shown)}, in service at the same time from ${from}: ${fix}`,
      ),
    );
  }
  const { natPool, supernet } = config.region.addressing.ipv4;
  if (natPool) {
    const pool = parsePrefix(natPool);
    if (overlaps(pool, parsePrefix(supernet))) {
      out.push(
        finding(
          files.region,
          ["addressing", "ipv4", "natPool"],
          `${natPool} overlaps the supernet ${supernet}: translated addresses must not collide with the target network`,
        ),
      );
    }
    const hit = legacy.find((l) => overlaps(l.prefix, pool));
    if (hit) {
      out.push(
        finding(
          files.region,
          ["addressing", "ipv4", "natPool"],
          `${natPool} overlaps legacy subnet "${hit.subnet}" of ${hit.name} (${hit.s.cidr}): choose a prefix no legacy network uses`,
        ),
      );
    }
  }
  return out;
}

/** An address range in use, and when (absent: never). */
interface Party {
  readonly what: string;
  readonly prefix: Prefix;
  readonly span: Span | undefined;
}

interface Legacy extends Party {
  readonly tenant: string;
  readonly name: string;
  readonly subnet: string;
  readonly s: { readonly cidr: string; readonly coexistence?: string };
}

/** How many parties a message names before it counts the rest. */
const MAX_NAMED = 6;
