/**
 * World-open means what the internet can reach: for each protocol and port that matters, the union of the sources of
 * every ingress rule reaching it. `0.0.0.0/1` + `128.0.0.0/1` on port 22 is as open as `0.0.0.0/0`, over one rule
 * or several, and so is a managed prefix list holding such CIDRs. Pure.
 */
import { addressCount, coversFamily, coversPublic, holdsPublic, parseCidr, type Cidr, type Family } from './cidr';
import type { PortRange } from './ports';

/** An ingress rule reduced to what reachability depends on; `cidrs` are its own CIDR or its prefix list's entries. */
export interface ReachRule {
  id: string;
  /** `tcp`, `udp` or `-1` (all traffic); other protocols are outside this judgement. */
  protocol: string;
  fromPort: number;
  toPort: number;
  /** The rule's source as EC2 names it: a CIDR or a prefix-list ID. */
  source: string;
  cidrs: readonly string[];
}

/** What is judged: the ports that may stay public, and optionally the broadest public prefix allowed per family. */
export interface WorldOpenPolicy {
  authorized: { tcp: PortRange[]; udp: PortRange[] };
  broadestPublicPrefix?: { IPv4?: number; IPv6?: number };
}

/** Rules that together (or alone) let the internet in on a sensitive port, and why, in words for ops. */
export interface WorldOpenFinding {
  ruleIds: string[];
  family: Family;
  kind: 'covers-all' | 'covers-public' | 'too-broad';
  why: string;
}

type Protocol = 'tcp' | 'udp' | 'all';
interface Segment {
  protocol: Protocol;
  from: number;
  to: number;
}
interface Member {
  rule: ReachRule;
  cidrs: Cidr[];
}

const FAMILIES: readonly Family[] = ['IPv4', 'IPv6'];

/**
 * Finds the world-open rules. Port by port (in segments where the same rules apply), while the rules reaching a
 * sensitive port still cover the internet, the broadest of them that are needed for that cover form a finding.
 * `accept` says whether a finding is acted on (the event's scope); only accepted findings count as removed.
 */
export function findWorldOpen(rules: readonly ReachRule[], policy: WorldOpenPolicy, accept: (ruleIds: string[]) => boolean = () => true): WorldOpenFinding[] {
  const judged = rules.filter((r) => r.protocol === 'tcp' || r.protocol === 'udp' || r.protocol === '-1');
  const findings: WorldOpenFinding[] = [];
  const removed = new Set<string>();
  const seen = new Set<string>();
  for (const segment of sensitiveSegments(judged, policy.authorized)) {
    const reaching = judged.filter((r) => reaches(r, segment) && !removed.has(r.id));
    const key = reaching.map((r) => r.id).join(' ');
    if (reaching.length === 0 || seen.has(key)) continue;
    seen.add(key);
    for (const family of FAMILIES) {
      let pool = reaching.map((rule) => member(rule, family)).filter((m) => m.cidrs.length > 0 && !removed.has(m.rule.id));
      while (coversPublic(pool.flatMap((m) => m.cidrs), family)) {
        const cover = irredundantCover(pool, family);
        pool = pool.filter((m) => !cover.includes(m));
        record(coverFinding(cover, family, segment, policy.authorized));
      }
      const broadest = policy.broadestPublicPrefix?.[family];
      if (broadest === undefined) continue;
      for (const m of pool) {
        const broad = m.cidrs.filter((c) => c.prefix < broadest && holdsPublic(c));
        if (broad.length > 0 && !removed.has(m.rule.id)) record(broadFinding(m, broad, broadest, family, segment, policy.authorized));
      }
    }
  }
  return findings;

  function record(finding: WorldOpenFinding): void {
    if (!accept(finding.ruleIds)) return;
    findings.push(finding);
    for (const id of finding.ruleIds) removed.add(id);
  }
}

/** The rule's CIDRs of one family. */
function member(rule: ReachRule, family: Family): Member {
  const cidrs = rule.cidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined && c.family === family);
  return { rule, cidrs };
}

/** Drops, narrowest first, every member the others do not need: what is left are the broad rules that open it. */
function irredundantCover(pool: readonly Member[], family: Family): Member[] {
  const narrowestFirst = [...pool].sort((a, b) => {
    const size = addressCount(a.cidrs) - addressCount(b.cidrs);
    if (size !== 0n) return size < 0n ? -1 : 1;
    const span = a.rule.toPort - a.rule.fromPort - (b.rule.toPort - b.rule.fromPort);
    return span !== 0 ? span : a.rule.id.localeCompare(b.rule.id);
  });
  const cover = [...narrowestFirst];
  for (const candidate of narrowestFirst) {
    const rest = cover.filter((m) => m !== candidate);
    if (coversPublic(rest.flatMap((m) => m.cidrs), family)) cover.splice(cover.indexOf(candidate), 1);
  }
  return pool.filter((m) => cover.includes(m));
}

/** Elementary port segments of tcp and udp where the same rules apply and no port is authorized; first "all traffic". */
function sensitiveSegments(rules: readonly ReachRule[], authorized: WorldOpenPolicy['authorized']): Segment[] {
  const segments: Segment[] = [{ protocol: 'all', from: -1, to: -1 }];
  for (const protocol of ['tcp', 'udp'] as const) {
    const cuts = new Set<number>([0, 65536]);
    for (const r of rules.filter((rule) => rule.protocol === protocol)) {
      const { from, to } = portsOf(r);
      cuts.add(from).add(to + 1);
    }
    for (const a of authorized[protocol]) cuts.add(a.from).add(a.to + 1);
    const sorted = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i += 1) {
      const from = sorted[i] ?? 0;
      const to = (sorted[i + 1] ?? 65536) - 1;
      if (!authorized[protocol].some((a) => a.from <= from && from <= a.to)) segments.push({ protocol, from, to });
    }
  }
  return segments;
}

function reaches(rule: ReachRule, segment: Segment): boolean {
  if (rule.protocol === '-1') return true;
  const { from, to } = portsOf(rule);
  return rule.protocol === segment.protocol && from <= segment.from && segment.to <= to;
}

/** A tcp/udp rule's ports; -1 from EC2 means every port. */
function portsOf(rule: ReachRule): PortRange {
  return rule.fromPort < 0 ? { from: 0, to: 65535 } : { from: rule.fromPort, to: rule.toPort };
}

function coverFinding(cover: readonly Member[], family: Family, segment: Segment, authorized: WorldOpenPolicy['authorized']): WorldOpenFinding {
  const all = coversFamily(cover.flatMap((m) => m.cidrs), family);
  const space = all ? `all of ${family}` : `every public ${family} address`;
  const ports = portsText(cover, segment, authorized);
  const ruleIds = cover.map((m) => m.rule.id);
  const kind = all ? 'covers-all' : 'covers-public';
  const [only] = cover;
  if (cover.length === 1 && only) {
    const entries = telling(only.cidrs);
    if (isPrefixList(only.rule)) {
      const whole = entries.length === 1 && all;
      return { ruleIds, family, kind, why: `prefix list ${only.rule.source} holds ${listed(entries)}${whole ? '' : ` (${entries.length > 1 ? 'together ' : ''}${space})`} on ${ports}` };
    }
    return { ruleIds, family, kind, why: `${only.rule.source} ${all ? 'is' : 'covers'} ${space} on ${ports}` };
  }
  const sources = cover.map((m) => (isPrefixList(m.rule) ? `prefix list ${m.rule.source} (${listed(telling(m.cidrs))})` : m.rule.source));
  return { ruleIds, family, kind, why: `${sources.join(' + ')} together cover ${space} on ${ports}` };
}

function broadFinding(m: Member, broad: readonly Cidr[], broadest: number, family: Family, segment: Segment, authorized: WorldOpenPolicy['authorized']): WorldOpenFinding {
  const limit = `the broadest public ${family} prefix allowed, /${broadest} (INGRESS_BROADEST_PUBLIC_PREFIX_V${family === 'IPv4' ? 4 : 6})`;
  const what = isPrefixList(m.rule) ? `prefix list ${m.rule.source} holds ${listed(broad.map((c) => c.text))}, broader than` : `${m.rule.source} is broader than`;
  return { ruleIds: [m.rule.id], family, kind: 'too-broad', why: `${what} ${limit}, on ${portsText([m], segment, authorized)}` };
}

/** The sensitive ports every rule of the cover reaches: `22/tcp`, `0-79,81-442,444-65535/tcp`, or `all traffic`. */
function portsText(cover: readonly Member[], segment: Segment, authorized: WorldOpenPolicy['authorized']): string {
  if (segment.protocol === 'all' || cover.every((m) => m.rule.protocol === '-1')) return 'all traffic';
  let from = 0;
  let to = 65535;
  for (const m of cover.filter((member) => member.rule.protocol !== '-1')) {
    const ports = portsOf(m.rule);
    from = Math.max(from, ports.from);
    to = Math.min(to, ports.to);
  }
  const open: PortRange[] = [];
  let start = from;
  for (const a of [...authorized[segment.protocol]].sort((x, y) => x.from - y.from)) {
    if (a.to < start || a.from > to) continue;
    if (a.from > start) open.push({ from: start, to: a.from - 1 });
    start = Math.max(start, a.to + 1);
  }
  if (start <= to) open.push({ from: start, to });
  const text = open.length === 1 && open[0]?.from === 0 && open[0].to === 65535 ? 'all ports' : open.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',');
  return `${text}/${segment.protocol}`;
}

function isPrefixList(rule: ReachRule): boolean {
  return rule.source.startsWith('pl-');
}

/** The entries worth naming: those holding public addresses, not inside another one named. */
function telling(cidrs: readonly Cidr[]): string[] {
  const open = cidrs.filter(holdsPublic);
  return open.filter((c, i) => !open.some((o, j) => j !== i && o.start <= c.start && c.end <= o.end && (o.prefix < c.prefix || j < i))).map((c) => c.text);
}

/** `a + b + c`, at most four, then how many more. */
function listed(entries: readonly string[]): string {
  const shown = entries.slice(0, 4).join(' + ');
  return entries.length > 4 ? `${shown} + ${entries.length - 4} more` : shown;
}
