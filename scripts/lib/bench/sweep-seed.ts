/**
 * Figure 4's account: 1,000 security groups, 100 of them world-open in mixed shapes, and the oracle: which rules a
 * correct sweep leaves (computed from the seed alone, never from what either tool did).
 */

/** One ingress rule of the seed; ports are -1 for all traffic and for every ICMP type. */
export interface SeedRule {
  protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  from: number;
  to: number;
  cidr: string;
}

export interface SeedGroup {
  name: string;
  tags: Record<string, string>;
  rules: SeedRule[];
  /** The shape, for the report (`ipv4 tcp 22`, `exempt`...). */
  shape: string;
}

export const EXEMPT_TAG = 'chain-guard:exempt';
const WORLD = new Set(['0.0.0.0/0', '::/0']);
const AUTHORIZED_TCP = [80, 443];

const rule = (protocol: SeedRule['protocol'], from: number, to: number, cidr: string): SeedRule => ({ protocol, from, to, cidr });
const tcp = (port: number, cidr: string) => rule('tcp', port, port, cidr);

/** The ten world-open shapes, used in turn. Each group also keeps a private rule, so no group ends empty. */
const OPEN_SHAPES: { shape: string; rules: SeedRule[]; tags?: Record<string, string> }[] = [
  { shape: 'ipv4 tcp 22', rules: [tcp(22, '0.0.0.0/0')] },
  { shape: 'ipv6 tcp 3389', rules: [tcp(3389, '::/0')] },
  { shape: 'all traffic (-1) ipv4', rules: [rule('-1', -1, -1, '0.0.0.0/0')] },
  { shape: 'tcp range 20-25 (over 22)', rules: [rule('tcp', 20, 25, '0.0.0.0/0')] },
  { shape: 'tcp 80 and 443 kept, tcp 22 revoked', rules: [tcp(80, '0.0.0.0/0'), tcp(443, '0.0.0.0/0'), tcp(443, '::/0'), tcp(22, '0.0.0.0/0')] },
  { shape: 'udp 443 revoked', rules: [rule('udp', 443, 443, '0.0.0.0/0')] },
  { shape: 'icmp kept, ipv6 tcp 5432 revoked', rules: [rule('icmp', -1, -1, '0.0.0.0/0'), tcp(5432, '::/0')] },
  { shape: 'exempt (tagged), tcp 22 kept', rules: [tcp(22, '0.0.0.0/0')], tags: { [EXEMPT_TAG]: 'public SFTP, ticket SEC-1234' } },
  { shape: 'private CIDRs kept, tcp 3306 revoked', rules: [tcp(22, '172.16.0.0/12'), tcp(22, '192.168.0.0/16'), tcp(3306, '0.0.0.0/0')] },
  { shape: 'all tcp ports ipv6 + udp 53 ipv4', rules: [rule('tcp', 0, 65535, '::/0'), rule('udp', 53, 53, '0.0.0.0/0')] },
];

/** The compliant groups' shapes, in turn: public web, private only, icmp, empty. */
const CLOSED_SHAPES: { shape: string; rules: SeedRule[] }[] = [
  { shape: 'public web (tcp 443)', rules: [tcp(443, '0.0.0.0/0'), tcp(22, '10.0.0.0/8')] },
  { shape: 'private only', rules: [tcp(5432, '10.0.0.0/8'), rule('udp', 53, 53, '10.0.0.0/8')] },
  { shape: 'icmp from anywhere', rules: [rule('icmp', -1, -1, '0.0.0.0/0'), tcp(22, '192.168.0.0/16')] },
  { shape: 'no ingress', rules: [] },
];

/** `groups` groups, every (groups / open)-th one world-open, in a fixed order (the same account every run). */
export function seedGroups(groups = 1000, open = 100): SeedGroup[] {
  const every = Math.floor(groups / open);
  const seed: SeedGroup[] = [];
  for (let i = 0; i < groups; i += 1) {
    const name = `bench-sg-${String(i).padStart(4, '0')}`;
    if (i % every === 0 && i / every < open) {
      const shape = OPEN_SHAPES[(i / every) % OPEN_SHAPES.length]!;
      seed.push({ name, shape: shape.shape, tags: shape.tags ?? {}, rules: [...shape.rules, tcp(8080, '10.0.0.0/8')] });
    } else {
      const shape = CLOSED_SHAPES[i % CLOSED_SHAPES.length]!;
      seed.push({ name, shape: shape.shape, tags: {}, rules: shape.rules });
    }
  }
  return seed;
}

/** Whether a correct sweep revokes this rule of this group (chain-guard's rules, with their default settings). */
export function shouldRevoke(group: SeedGroup, r: SeedRule): boolean {
  const exempt = EXEMPT_TAG in group.tags && group.tags[EXEMPT_TAG] !== 'false';
  if (exempt || !WORLD.has(r.cidr)) return false;
  if (r.protocol === 'icmp') return false;
  if (r.protocol === 'tcp') return !(r.from === r.to && AUTHORIZED_TCP.includes(r.from));
  return true; // udp (no authorized udp ports) and all traffic
}

/** A group a sweep would have to fix if it were not exempt: one of the world-open shapes. */
export function isWorldOpen(group: SeedGroup): boolean {
  return group.rules.some((r) => shouldRevoke({ ...group, tags: {} }, r));
}

/** A rule as one comparable line: `bench-sg-0001 tcp 22-22 0.0.0.0/0`. */
export function ruleKey(group: string, r: SeedRule): string {
  return `${group} ${r.protocol} ${r.from}-${r.to} ${r.cidr}`;
}

/** The rules a correct sweep leaves, as keys. */
export function expectedAfterSweep(seed: readonly SeedGroup[]): Set<string> {
  return new Set(seed.flatMap((g) => g.rules.filter((r) => !shouldRevoke(g, r)).map((r) => ruleKey(g.name, r))));
}

/** How the rules a tool left differ from the oracle's. */
export interface Verdict {
  /** Rules the oracle keeps that are gone. */
  overRemovals: string[];
  /** Rules the oracle revokes (or never seeded) that are still there. */
  misses: string[];
  exact: boolean;
}

export function judge(expected: ReadonlySet<string>, actual: ReadonlySet<string>): Verdict {
  const overRemovals = [...expected].filter((key) => !actual.has(key)).sort();
  const misses = [...actual].filter((key) => !expected.has(key)).sort();
  return { overRemovals, misses, exact: overRemovals.length === 0 && misses.length === 0 };
}
