/** findWorldOpen (pure): which rules, alone or together, let the whole internet reach a sensitive port, and why. */
import { findWorldOpen, type ReachRule, type WorldOpenPolicy } from '../../../../shared/baseline/world-open';

const POLICY: WorldOpenPolicy = { authorized: { tcp: [{ from: 80, to: 80 }, { from: 443, to: 443 }], udp: [] } };

/** A rule with its own CIDR as its only source. */
function rule(id: string, protocol: string, from: number, to: number, cidr: string): ReachRule {
  return { id, protocol, fromPort: from, toPort: to, source: cidr, cidrs: [cidr] };
}
const ids = (findings: { ruleIds: string[] }[]): string[][] => findings.map((f) => f.ruleIds);

describe('findWorldOpen across rules', () => {
  it('finds 0.0.0.0/1 and 128.0.0.0/1 on port 22, in two rules, together world-open', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/1'), rule('b', 'tcp', 22, 22, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([{ ruleIds: ['a', 'b'], family: 'IPv4', kind: 'covers-all', why: '0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp' }]);
  });

  it('finds nothing when the two halves are on different ports', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/1'), rule('b', 'tcp', 3389, 3389, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([]);
  });

  it('finds a port range and a single port that together cover IPv4 on the port they share', () => {
    // Prepare
    const rules = [rule('range', 'tcp', 0, 1024, '0.0.0.0/1'), rule('ssh', 'tcp', 22, 22, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([expect.objectContaining({ ruleIds: ['range', 'ssh'], why: '0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp' })]);
  });

  it('finds an all-traffic rule and a tcp rule that together cover IPv4 on the tcp port', () => {
    // Prepare
    const rules = [rule('all', '-1', -1, -1, '0.0.0.0/1'), rule('rdp', 'tcp', 3389, 3389, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(ids(findings)).toEqual([['all', 'rdp']]);
  });

  it('finds two all-traffic rules that together cover IPv4 as all traffic', () => {
    // Prepare
    const rules = [rule('a', '-1', -1, -1, '0.0.0.0/1'), rule('b', '-1', -1, -1, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([expect.objectContaining({ ruleIds: ['a', 'b'], why: '0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on all traffic' })]);
  });

  it('does not combine a tcp rule and a udp rule on the same port', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 53, 53, '0.0.0.0/1'), rule('b', 'udp', 53, 53, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([]);
  });

  it('finds nothing when the union covers IPv4 only on an authorized port', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 443, 443, '0.0.0.0/1'), rule('b', 'tcp', 0, 65535, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([]);
  });

  it('ignores icmp rules', () => {
    // Prepare
    const rules = [rule('a', 'icmp', -1, -1, '0.0.0.0/0')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([]);
  });

  it('keeps a narrow public rule that the broad rules do not need for their cover', () => {
    // Prepare
    const rules = [rule('admin', 'tcp', 22, 22, '198.51.100.7/32'), rule('a', 'tcp', 22, 22, '0.0.0.0/1'), rule('b', 'tcp', 22, 22, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(ids(findings)).toEqual([['a', 'b']]);
  });

  it('finds a second cover when the rules left after the first still cover IPv4', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/1'), rule('b', 'tcp', 22, 22, '128.0.0.0/1'), rule('c', 'tcp', 0, 100, '0.0.0.0/1'), rule('d', 'tcp', 0, 100, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(ids(findings).flat().sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('finds the unicast space 0.0.0.0/1 + 128.0.0.0/2 + 192.0.0.0/3 world-open and says every public address', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/1'), rule('b', 'tcp', 22, 22, '128.0.0.0/2'), rule('c', 'tcp', 22, 22, '192.0.0.0/3')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([{ ruleIds: ['a', 'b', 'c'], family: 'IPv4', kind: 'covers-public', why: '0.0.0.0/1 + 128.0.0.0/2 + 192.0.0.0/3 together cover every public IPv4 address on 22/tcp' }]);
  });

  it('finds the two halves of the IPv6 global unicast block together world-open', () => {
    // Prepare
    const rules = [rule('a', 'udp', 500, 500, '2000::/4'), rule('b', 'udp', 500, 500, '3000::/4')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([expect.objectContaining({ family: 'IPv6', why: '2000::/4 + 3000::/4 together cover every public IPv6 address on 500/udp' })]);
  });

  it('does not combine an IPv4 and an IPv6 rule', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/1'), rule('b', 'tcp', 22, 22, '::/0')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(ids(findings)).toEqual([['b']]);
  });
});

describe('findWorldOpen for one rule', () => {
  it('says 0.0.0.0/0 is all of IPv4 on the open port', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/0')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([{ ruleIds: ['a'], family: 'IPv4', kind: 'covers-all', why: '0.0.0.0/0 is all of IPv4 on 22/tcp' }]);
  });

  it('names the sensitive ports of a world-open range, leaving out the authorized ones', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 0, 65535, '0.0.0.0/0')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings.map((f) => f.why)).toEqual(['0.0.0.0/0 is all of IPv4 on 0-79,81-442,444-65535/tcp']);
  });

  it('says a prefix list holds 0.0.0.0/0 and leaves its private entries out of the why', () => {
    // Prepare
    const rules: ReachRule[] = [{ id: 'a', protocol: 'tcp', fromPort: 22, toPort: 22, source: 'pl-123', cidrs: ['0.0.0.0/0', '10.0.0.0/8'] }];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings.map((f) => f.why)).toEqual(['prefix list pl-123 holds 0.0.0.0/0 on 22/tcp']);
  });

  it('says a prefix list holds halves that together cover IPv4', () => {
    // Prepare
    const rules: ReachRule[] = [{ id: 'a', protocol: 'tcp', fromPort: 22, toPort: 22, source: 'pl-123', cidrs: ['0.0.0.0/1', '128.0.0.0/1'] }];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings.map((f) => f.why)).toEqual(['prefix list pl-123 holds 0.0.0.0/1 + 128.0.0.0/1 (together all of IPv4) on 22/tcp']);
  });

  it('combines a prefix list with a CIDR rule and names the entries it contributes', () => {
    // Prepare
    const rules: ReachRule[] = [{ id: 'a', protocol: 'tcp', fromPort: 22, toPort: 22, source: 'pl-123', cidrs: ['128.0.0.0/1'] }, rule('b', 'tcp', 22, 22, '0.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings.map((f) => f.why)).toEqual(['prefix list pl-123 (128.0.0.0/1) + 0.0.0.0/1 together cover all of IPv4 on 22/tcp']);
  });

  it('says an all-traffic world rule is open on all traffic even when every tcp and udp port is authorized', () => {
    // Prepare
    const everything: WorldOpenPolicy = { authorized: { tcp: [{ from: 0, to: 65535 }], udp: [{ from: 0, to: 65535 }] } };

    // Act
    const findings = findWorldOpen([rule('a', '-1', -1, -1, '::/0')], everything);

    // Assess
    expect(findings.map((f) => f.why)).toEqual(['::/0 is all of IPv6 on all traffic']);
  });
});

describe('findWorldOpen with a broadest public prefix', () => {
  const strict: WorldOpenPolicy = { ...POLICY, broadestPublicPrefix: { IPv4: 8, IPv6: 32 } };

  it('finds a public CIDR broader than the setting on a sensitive port', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '64.0.0.0/4')];

    // Act
    const findings = findWorldOpen(rules, strict);

    // Assess
    expect(findings).toEqual([{ ruleIds: ['a'], family: 'IPv4', kind: 'too-broad', why: '64.0.0.0/4 is broader than the broadest public IPv4 prefix allowed, /8 (INGRESS_BROADEST_PUBLIC_PREFIX_V4), on 22/tcp' }]);
  });

  it('accepts a public CIDR exactly as broad as the setting', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '11.0.0.0/8')];

    // Act
    const findings = findWorldOpen(rules, strict);

    // Assess
    expect(findings).toEqual([]);
  });

  it('never counts a private CIDR as too broad', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '172.16.0.0/12'), rule('b', 'tcp', 22, 22, 'fc00::/7')];

    // Act
    const findings = findWorldOpen(rules, { ...POLICY, broadestPublicPrefix: { IPv4: 16, IPv6: 48 } });

    // Assess
    expect(findings).toEqual([]);
  });

  it('does not apply on an authorized port', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 443, 443, '64.0.0.0/4')];

    // Act
    const findings = findWorldOpen(rules, strict);

    // Assess
    expect(findings).toEqual([]);
  });

  it('finds a prefix-list entry broader than the IPv6 setting', () => {
    // Prepare
    const rules: ReachRule[] = [{ id: 'a', protocol: 'udp', fromPort: 53, toPort: 53, source: 'pl-6', cidrs: ['2600::/12', '2a00:1450::/32'] }];

    // Act
    const findings = findWorldOpen(rules, strict);

    // Assess
    expect(findings.map((f) => f.why)).toEqual(['prefix list pl-6 holds 2600::/12, broader than the broadest public IPv6 prefix allowed, /32 (INGRESS_BROADEST_PUBLIC_PREFIX_V6), on 53/udp']);
  });

  it('is off when not set', () => {
    // Prepare
    const rules = [rule('a', 'tcp', 22, 22, '0.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY);

    // Assess
    expect(findings).toEqual([]);
  });
});

describe('findWorldOpen with a scope', () => {
  it('reports only the findings the scope accepts', () => {
    // Prepare
    const rules = [rule('old', 'tcp', 3389, 3389, '0.0.0.0/0'), rule('new', 'tcp', 22, 22, '0.0.0.0/0')];

    // Act
    const findings = findWorldOpen(rules, POLICY, (ruleIds) => ruleIds.includes('new'));

    // Assess
    expect(ids(findings)).toEqual([['new']]);
  });

  it('still finds a cover with an accepted rule after an unaccepted one on another port used a shared rule', () => {
    // Prepare
    const rules = [rule('wide', 'tcp', 0, 100, '0.0.0.0/1'), rule('old', 'tcp', 22, 22, '128.0.0.0/1'), rule('new', 'tcp', 50, 50, '128.0.0.0/1')];

    // Act
    const findings = findWorldOpen(rules, POLICY, (ruleIds) => ruleIds.includes('new'));

    // Assess
    expect(ids(findings)).toEqual([['wide', 'new']]);
  });
});
