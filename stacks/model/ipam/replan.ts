// The explicit, reviewed changes `irvn ipam` makes to existing entries, each to the entry it
// names and to no other: the lock's "existing entries never move" holds for everything else.
import { contains, formatPrefix, overlaps, parsePrefix, type Prefix } from "../ip.ts";
import type { IpamLock } from "../schema/index.ts";
import { firstFit, IPV6_SEGMENT_LENGTH, ipv6PoolOf, usedIpv6 } from "./allocate.ts";
import { usable } from "./demand.ts";
import type { Pools, Requests } from "./requests.ts";
import { grouped } from "../problems.ts";

export interface Replan {
  /**
   * Segment entries that take the key of the item that now holds their addresses (a site renamed,
   * a segment that became its main site's subnet): VLAN and prefixes unchanged. Applied first.
   */
  readonly rekey?: readonly { readonly from: string; readonly to: string }[];
  /**
   * Tenant segments too small for their demand: an IPv4 prefix of the length a new one would get,
   * widened in place where the space beside it is free, else the lowest free one in the block.
   */
  readonly grow?: readonly string[];
  /** Segments whose IPv6 /64 is taken away (not routed) or moved into the pool it belongs in. */
  readonly renumberIpv6?: readonly string[];
}

export interface Replanned {
  readonly lock: IpamLock;
  /** What cannot be done, one line each, naming the option and the key. */
  readonly problems: readonly string[];
}

/** Applies `plan` to `lock`; the lock is returned unchanged when any step is refused. */
export function replan(lock: IpamLock, pools: Pools, requests: Requests, plan: Replan): Replanned {
  const out: IpamLock = { ...lock, segments: { ...lock.segments } };
  const problems: string[] = [];
  const wanted = new Map(requests.segments.map((r) => [r.key, r]));
  for (const { from, to } of plan.rekey ?? []) {
    const refuse = (why: string) => problems.push(`--rekey ${from}=${to}: ${why}`);
    const entry = out.segments[from];
    if (!entry) refuse(`no segment ${from} in the lock`);
    else if (wanted.has(from)) refuse(`${from} is still an item of the configuration`);
    else if (!wanted.has(to)) refuse(`no item of the configuration has the key ${to}`);
    else if (out.segments[to]) refuse(`${to} already has an entry`);
    else if (wanted.get(to)!.owner !== from.split("/")[0])
      refuse(`${to} belongs to another owner: its addresses must come from its own block`);
    else {
      delete out.segments[from];
      out.segments[to] = entry;
    }
  }
  // a grown segment's old prefix is not handed to another grown in the same run: its devices
  // are still there until they are renumbered
  const vacated: Prefix[] = [];
  for (const key of plan.grow ?? []) {
    const refuse = (why: string) => problems.push(`--grow ${key}: ${why}`);
    const entry = out.segments[key];
    const req = wanted.get(key);
    if (!entry) refuse("no such segment in the lock");
    else if (!req) refuse("no item of the configuration has this key: release it with --release instead");
    else if (!req.demand) refuse("only a tenant's segment has a demand to grow to");
    else if (usable(parsePrefix(entry.ipv4).length) >= req.demand.addresses)
      refuse(
        `${entry.ipv4} already holds its demand (${grouped(req.demand.addresses)} addresses): nothing to grow`,
      );
    else if (!out.blocks[req.owner]) refuse(`its owner "${req.owner}" has no block in the lock`);
    else {
      const block = parsePrefix(out.blocks[req.owner]!.ipv4);
      const old = parsePrefix(entry.ipv4);
      const others = [
        ...Object.entries(out.segments)
          .filter(([k]) => k !== key)
          .map(([, s]) => parsePrefix(s.ipv4)),
        ...vacated,
      ];
      const size = 1n << BigInt(32 - req.ipv4Length);
      const first = (old.first / size) * size;
      const widened: Prefix = { family: 4, length: req.ipv4Length, first, last: first + size - 1n };
      const grown =
        contains(block, widened) && !others.some((o) => overlaps(o, widened))
          ? widened
          : firstFit(block, req.ipv4Length, others);
      if (!grown)
        refuse(
          `the block ${out.blocks[req.owner]!.ipv4} of "${req.owner}" has no free /${req.ipv4Length}: release segments it no longer needs`,
        );
      else {
        if (!contains(grown, old)) vacated.push(old);
        out.segments[key] = { ...entry, ipv4: formatPrefix(grown) };
      }
    }
  }
  for (const key of plan.renumberIpv6 ?? []) {
    const refuse = (why: string) => problems.push(`--renumber-ipv6 ${key}: ${why}`);
    const entry = out.segments[key];
    const req = wanted.get(key);
    if (!entry) {
      refuse("no such segment in the lock");
      continue;
    }
    if (!req) {
      refuse("no item of the configuration has this key: release it with --release instead");
      continue;
    }
    const { ipv6: current, ...rest } = entry;
    if (req.ipv6Category === undefined) {
      if (current === undefined) refuse("it is not routed and has no IPv6: nothing to take away");
      else out.segments[key] = rest;
      continue;
    }
    const block = out.blocks[req.owner];
    if (!block) {
      refuse(`its owner "${req.owner}" has no block in the lock: run \`irvn ipam\` first`);
      continue;
    }
    const pool = ipv6PoolOf(req, block.ipv6, pools)!; // categories are checked with the configuration
    if (current !== undefined && contains(parsePrefix(pool), parsePrefix(current))) {
      refuse(`${current} already lies in ${pool}, where it belongs: nothing to renumber`);
      continue;
    }
    const v6 = firstFit(parsePrefix(pool), IPV6_SEGMENT_LENGTH, usedIpv6(out));
    if (!v6) refuse(`${pool} has no free /64`);
    else out.segments[key] = { ...rest, ipv6: formatPrefix(v6) };
  }
  return problems.length > 0 ? { lock, problems } : { lock: out, problems };
}
