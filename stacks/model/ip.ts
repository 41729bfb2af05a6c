// Prefix arithmetic on top of the ip-address library: a prefix as a range of big integers,
// which makes containment, overlap and "the n-th sub-prefix" exact for IPv4 and IPv6 alike.
import { Address4, Address6 } from "ip-address";

export interface Prefix {
  readonly family: 4 | 6;
  readonly length: number;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * Parses a CIDR that the schema already accepted. By hand rather than through ip-address, whose
 * parser took half a second of a 70-tenant synth; test/model/ip.test.ts holds it to ip-address.
 */
export function parsePrefix(cidr: string): Prefix {
  const slash = cidr.indexOf("/");
  const length = Number(cidr.slice(slash + 1));
  const text = cidr.slice(0, slash);
  const family = text.includes(":") ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const value = family === 4 ? ipv4Value(text) : ipv6Value(text);
  const hostBits = BigInt(bits - length);
  const first = (value >> hostBits) << hostBits;
  return { family, length, first, last: first + (1n << hostBits) - 1n };
}

function ipv4Value(text: string): bigint {
  let value = 0;
  for (const octet of text.split(".")) value = value * 256 + Number(octet);
  return BigInt(value);
}

/** An IPv6 address as a number: eight groups of 16 bits, `::` filling in zeros, a dotted tail as two. */
function ipv6Value(text: string): bigint {
  const groups = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [parseInt(group, 16)];
          const v4 = Number(ipv4Value(group));
          return [Math.floor(v4 / 65536), v4 % 65536];
        });
  const gap = text.indexOf("::");
  const head = groups(gap < 0 ? text : text.slice(0, gap));
  const tail = gap < 0 ? [] : groups(text.slice(gap + 2));
  const all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  let value = 0n;
  for (const group of all) value = (value << 16n) | BigInt(group);
  return value;
}

export function formatPrefix(p: Prefix): string {
  const addr = p.family === 4 ? Address4.fromBigInt(p.first) : Address6.fromBigInt(p.first);
  return `${addr.correctForm()}/${p.length}`;
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  return (family === 4 ? Address4.fromBigInt(value) : Address6.fromBigInt(value)).correctForm();
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function contains(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** How many prefixes of `length` fit in `p` (0 when `length` is shorter than p's). */
export function capacity(p: Prefix, length: number): bigint {
  return length < p.length ? 0n : 1n << BigInt(length - p.length);
}

/** Orders items by the first address of their prefix. */
export function byFirstAddress(a: { readonly prefix: Prefix }, b: { readonly prefix: Prefix }): number {
  return a.prefix.first < b.prefix.first ? -1 : a.prefix.first > b.prefix.first ? 1 : 0;
}

/**
 * Each item that overlaps an item before it, with the one before it that reaches furthest: items
 * in order of first address (ties in the given order), one sweep, n log n in all.
 */
export function overlapsBefore<T extends { readonly prefix: Prefix }>(items: readonly T[]): [T, T][] {
  const sorted = [...items].sort(byFirstAddress);
  const out: [T, T][] = [];
  let reach: T | undefined;
  for (const item of sorted) {
    if (reach && overlaps(reach.prefix, item.prefix)) out.push([item, reach]);
    if (!reach || item.prefix.last > reach.prefix.last) reach = item;
  }
  return out;
}

/**
 * A lookup of every item overlapping a prefix. Prefixes either nest or are apart, so those that
 * overlap p contain it (at most one distinct prefix per shorter length: found by key) or start
 * inside it (a range of the items sorted by first address). Output-sensitive: n log n to build,
 * log n plus the items found per question.
 */
export function overlapIndex<T extends { readonly prefix: Prefix }>(items: readonly T[]): (p: Prefix) => T[] {
  const key = (family: number, first: bigint, length: number) => `${family}/${first}/${length}`;
  const exact = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item.prefix.family, item.prefix.first, item.prefix.length);
    const same = exact.get(k);
    if (same) same.push(item);
    else exact.set(k, [item]);
  }
  const sorted = [...items].sort(byFirstAddress);
  return (p) => {
    const bits = p.family === 4 ? 32 : 128;
    const found: T[] = [];
    // the prefixes that contain p: p's first address with the host bits of a shorter length zeroed
    for (let length = 0; length < p.length; length++) {
      const host = (1n << BigInt(bits - length)) - 1n;
      found.push(...(exact.get(key(p.family, p.first & ~host, length)) ?? []));
    }
    // the items starting inside p, p itself and what it contains
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.prefix.first < p.first) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]!.prefix.first <= p.last; i++) {
      const q = sorted[i]!.prefix;
      if (q.family === p.family && q.length >= p.length) found.push(sorted[i]!);
    }
    return found;
  };
}
