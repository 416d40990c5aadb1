/** The side-by-side sweep's seed and oracle (scripts/lib/bench/sweep-seed.ts): what a correct sweep leaves. */
import { EXEMPT_TAG, expectedAfterSweep, isWorldOpen, judge, ruleKey, seedGroups, shouldRevoke, type SeedGroup, type SeedRule } from '../../../scripts/lib/bench/sweep-seed';

const group = (tags: Record<string, string> = {}): SeedGroup => ({ name: 'g', shape: 'test', tags, rules: [] });
const r = (protocol: SeedRule['protocol'], from: number, to: number, cidr: string): SeedRule => ({ protocol, from, to, cidr });

test('the seed has 1,000 groups, 100 of them with a world-open rule', () => {
  // Act
  const seed = seedGroups();
  // Assess
  expect(seed).toHaveLength(1000);
  expect(seed.filter(isWorldOpen)).toHaveLength(100);
});

test('the seed holds every shape the issue names, each ten times', () => {
  // Act
  const shapes = seedGroups().filter((g) => g.rules.some((rule) => rule.cidr.endsWith('/0'))).map((g) => g.shape);
  // Assess
  for (const shape of ['ipv4 tcp 22', 'ipv6 tcp 3389', 'all traffic (-1) ipv4', 'tcp range 20-25 (over 22)', 'udp 443 revoked', 'exempt (tagged), tcp 22 kept']) {
    expect(shapes.filter((s) => s === shape)).toHaveLength(10);
  }
});

test.each([
  ['tcp 22 from 0.0.0.0/0', r('tcp', 22, 22, '0.0.0.0/0'), {}, true],
  ['tcp 3389 from ::/0', r('tcp', 3389, 3389, '::/0'), {}, true],
  ['all traffic from 0.0.0.0/0', r('-1', -1, -1, '0.0.0.0/0'), {}, true],
  ['tcp 20-25 from 0.0.0.0/0', r('tcp', 20, 25, '0.0.0.0/0'), {}, true],
  ['tcp 80-443 (a range holding unauthorized ports)', r('tcp', 80, 443, '0.0.0.0/0'), {}, true],
  ['udp 443 from 0.0.0.0/0 (no authorized udp port)', r('udp', 443, 443, '0.0.0.0/0'), {}, true],
  ['tcp 443 from ::/0 (authorized)', r('tcp', 443, 443, '::/0'), {}, false],
  ['tcp 80 from 0.0.0.0/0 (authorized)', r('tcp', 80, 80, '0.0.0.0/0'), {}, false],
  ['icmp from 0.0.0.0/0', r('icmp', -1, -1, '0.0.0.0/0'), {}, false],
  ['tcp 22 from 10.0.0.0/8 (private)', r('tcp', 22, 22, '10.0.0.0/8'), {}, false],
  ['tcp 22 from 0.0.0.0/0 in an exempt group', r('tcp', 22, 22, '0.0.0.0/0'), { [EXEMPT_TAG]: 'SFTP' }, false],
  ['tcp 22 from 0.0.0.0/0 in a group whose exemption is "false"', r('tcp', 22, 22, '0.0.0.0/0'), { [EXEMPT_TAG]: 'false' }, true],
])('%s: revoked = %s', (_, rule, tags, revoked) => {
  // Act
  const decision = shouldRevoke(group(tags), rule);
  // Assess
  expect(decision).toBe(revoked);
});

test('the expected state keeps every rule not revoked, and only those', () => {
  // Prepare
  const seed: SeedGroup[] = [{ name: 'web', shape: 'test', tags: {}, rules: [r('tcp', 443, 443, '0.0.0.0/0'), r('tcp', 22, 22, '0.0.0.0/0')] }];
  // Act
  const expected = expectedAfterSweep(seed);
  // Assess
  expect([...expected]).toEqual(['web tcp 443-443 0.0.0.0/0']);
});

test('a rule removed that should stay is an over-removal, a rule left that should go is a miss', () => {
  // Prepare
  const kept = ruleKey('web', r('tcp', 443, 443, '0.0.0.0/0'));
  const open = ruleKey('web', r('tcp', 22, 22, '0.0.0.0/0'));
  // Act
  const verdict = judge(new Set([kept]), new Set([open]));
  // Assess
  expect(verdict).toEqual({ overRemovals: [kept], misses: [open], exact: false });
});
