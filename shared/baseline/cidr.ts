/**
 * Exact CIDR arithmetic on bigint intervals: parsing IPv4/IPv6 CIDRs, unions, and whether a set of CIDRs covers
 * all of an address family or every address the internet can reach from. Pure.
 */

/** An address family, as EC2 names it in managed prefix lists. */
export type Family = 'IPv4' | 'IPv6';

/** An inclusive range of addresses. */
export interface Interval {
  start: bigint;
  end: bigint;
}

/** A parsed CIDR: its family, prefix length, address range and the text it was read from. */
export interface Cidr extends Interval {
  family: Family;
  prefix: number;
  text: string;
}

const BITS: Readonly<Record<Family, number>> = { IPv4: 32, IPv6: 128 };

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n`; undefined for anything else. Host bits are ignored (masked off). */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const family: Family = match[1]?.includes(':') ? 'IPv6' : 'IPv4';
  const address = family === 'IPv4' ? parseIpv4(match[1] ?? '') : parseIpv6(match[1] ?? '');
  const prefix = Number(match[2]);
  const bits = BITS[family];
  if (address === undefined || prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const start = (address / size) * size;
  return { family, prefix, text: text.trim(), start, end: start + size - 1n };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) + BigInt(part), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): string[] | undefined => {
    if (!half) return [];
    const items = half.split(':');
    const last = items[items.length - 1] ?? '';
    if (last.includes('.')) {
      // An embedded IPv4 address (`::ffff:192.0.2.1`) stands for the last two groups.
      const v4 = parseIpv4(last);
      if (v4 === undefined) return undefined;
      items.splice(-1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return items.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? items : undefined;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  return all.reduce((value, group) => (value << 16n) + BigInt(`0x${group}`), 0n);
}

/** Sorts and merges overlapping or adjacent intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end + 1n) {
      if (end > last.end) last.end = end;
    } else {
      merged.push({ start, end });
    }
  }
  return merged;
}

/** The whole address space of a family. */
export function familyRange(family: Family): Interval {
  return { start: 0n, end: (1n << BigInt(BITS[family])) - 1n };
}

/** True when the union of `intervals` contains every address of `target`. */
export function covers(intervals: readonly Interval[], target: Interval): boolean {
  let next = target.start;
  for (const { start, end } of mergeIntervals(intervals)) {
    if (end < next) continue;
    if (start > next) return false;
    next = end + 1n;
    if (next > target.end) return true;
  }
  return next > target.end;
}

/**
 * Addresses no host on the internet can connect from (IANA special-purpose registries, "globally reachable: false",
 * plus multicast and reserved space, which are never unicast sources). A set of CIDRs that holds every other address
 * lets the whole internet in: leaving out only these gaps does not make a rule less open.
 * 192.0.0.0/24 is left out of the list on purpose: two of its /32s are globally reachable (RFC 7723, RFC 8155).
 */
export const NON_PUBLIC: Readonly<Record<Family, readonly string[]>> = {
  IPv4: [
    '0.0.0.0/8', // "this network"
    '10.0.0.0/8', // RFC 1918
    '100.64.0.0/10', // shared address space (carrier-grade NAT)
    '127.0.0.0/8', // loopback
    '169.254.0.0/16', // link-local
    '172.16.0.0/12', // RFC 1918
    '192.0.2.0/24', // documentation (TEST-NET-1)
    '192.168.0.0/16', // RFC 1918
    '198.18.0.0/15', // benchmarking
    '198.51.100.0/24', // documentation (TEST-NET-2)
    '203.0.113.0/24', // documentation (TEST-NET-3)
    '224.0.0.0/4', // multicast
    '240.0.0.0/4', // reserved, and the limited broadcast address
  ],
  IPv6: [
    '::/3', // everything below global unicast 2000::/3: unspecified, loopback, IPv4-mapped, discard...
    '4000::/2', // not allocated
    '8000::/1', // not allocated, unique local fc00::/7, link-local fe80::/10, multicast ff00::/8
    '2001:db8::/32', // documentation
    '3fff::/20', // documentation (RFC 9637)
  ],
};

const NON_PUBLIC_RANGES: Readonly<Record<Family, Interval[]>> = {
  IPv4: mergeIntervals(NON_PUBLIC.IPv4.map((text) => parseCidr(text) as Cidr)),
  IPv6: mergeIntervals(NON_PUBLIC.IPv6.map((text) => parseCidr(text) as Cidr)),
};

/** True when the CIDRs (all of `family`) together hold every address of the family. */
export function coversFamily(cidrs: readonly Cidr[], family: Family): boolean {
  return covers(cidrs, familyRange(family));
}

/** True when the CIDRs (all of `family`) together hold every address the internet can connect from. */
export function coversPublic(cidrs: readonly Cidr[], family: Family): boolean {
  return covers([...cidrs, ...NON_PUBLIC_RANGES[family]], familyRange(family));
}

/** True when the CIDR holds at least one public address (10.0.0.0/8 does not; 10.0.0.0/7 does: 11.0.0.0/8). */
export function holdsPublic(cidr: Cidr): boolean {
  return !covers(NON_PUBLIC_RANGES[cidr.family], cidr);
}

/** How many addresses the union of the CIDRs holds. */
export function addressCount(cidrs: readonly Interval[]): bigint {
  return mergeIntervals(cidrs).reduce((sum, { start, end }) => sum + (end - start + 1n), 0n);
}
