/** planIngress (pure) judges the group's rules together: CIDR unions per port, prefix lists, the broadest public prefix. */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { IngressScope } from '../../../../shared/events/security-group';
import { planIngress, referencedPrefixLists } from '../../../../shared/remediations/open-ingress-plan';

const GROUP = 'sg-0f63fecfa17ef4fee';
const AUTHORIZED = { tcp: [{ from: 80, to: 80 }, { from: 443, to: 443 }], udp: [] };
const WHOLE_GROUP: IngressScope = { kind: 'group' };
const PL = 'pl-0123456789abcdef0';

/** A DescribeSecurityGroupRules entry; `source` is a CIDR (IPv6 when it contains ':') or a prefix-list ID. */
function rule(id: string, protocol: string, from: number, to: number, source: string): SecurityGroupRule {
  const from_ = source.startsWith('pl-') ? { PrefixListId: source } : source.includes(':') ? { CidrIpv6: source } : { CidrIpv4: source };
  return { SecurityGroupRuleId: id, GroupId: GROUP, IsEgress: false, IpProtocol: protocol, FromPort: from, ToPort: to, ...from_ };
}
const revoked = (plan: { revoke: { ruleId: string }[] }): string[] => plan.revoke.map((r) => r.ruleId);

describe('planIngress with rules that together cover the internet', () => {
  it('revokes 0.0.0.0/1 and 128.0.0.0/1 on port 22 and says they together cover all of IPv4', () => {
    // Prepare
    const rules = [rule('sgr-a', 'tcp', 22, 22, '0.0.0.0/1'), rule('sgr-b', 'tcp', 22, 22, '128.0.0.0/1')];

    // Act
    const plan = planIngress(rules, WHOLE_GROUP, AUTHORIZED);

    // Assess
    expect(plan.revoke.map((r) => [r.ruleId, r.why])).toEqual([
      ['sgr-a', '0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp'],
      ['sgr-b', '0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp'],
    ]);
  });

  it('revokes the older half too when the event adds the other half of IPv4 on the same port', () => {
    // Prepare
    const rules = [rule('sgr-old', 'tcp', 22, 22, '0.0.0.0/1'), rule('sgr-new', 'tcp', 22, 22, '128.0.0.0/1')];
    const scope: IngressScope = { kind: 'rules', ruleIds: ['sgr-new'], permissions: [] };

    // Act
    const plan = planIngress(rules, scope, AUTHORIZED);

    // Assess
    expect(revoked(plan)).toEqual(['sgr-old', 'sgr-new']);
  });

  it('revokes a port range and the attacked port that together cover IPv4 for a GuardDuty finding', () => {
    // Prepare
    const rules = [rule('sgr-range', 'tcp', 0, 1024, '0.0.0.0/1'), rule('sgr-ssh', 'tcp', 22, 22, '128.0.0.0/1')];
    const scope: IngressScope = { kind: 'ports', ports: [{ port: 22, protocols: ['tcp'] }] };

    // Act
    const plan = planIngress(rules, scope, AUTHORIZED);

    // Assess
    expect(revoked(plan)).toEqual(['sgr-range', 'sgr-ssh']);
  });

  it('revokes an all-traffic half together with a tcp half', () => {
    // Prepare
    const rules = [rule('sgr-all', '-1', -1, -1, '0.0.0.0/1'), rule('sgr-ssh', 'tcp', 22, 22, '128.0.0.0/1')];

    // Act
    const plan = planIngress(rules, WHOLE_GROUP, AUTHORIZED);

    // Assess
    expect(revoked(plan)).toEqual(['sgr-all', 'sgr-ssh']);
  });
});

describe('planIngress with prefix lists', () => {
  it('revokes a rule whose prefix list holds 0.0.0.0/0 and says so', () => {
    // Prepare
    const rules = [rule('sgr-pl', 'tcp', 22, 22, PL)];

    // Act
    const plan = planIngress(rules, WHOLE_GROUP, AUTHORIZED, { prefixLists: new Map([[PL, ['0.0.0.0/0']]]) });

    // Assess
    expect(plan.revoke).toEqual([expect.objectContaining({ ruleId: 'sgr-pl', source: PL, why: `prefix list ${PL} holds 0.0.0.0/0 on 22/tcp` })]);
  });

  it('keeps a prefix list holding 0.0.0.0/0 on an authorized port and says why', () => {
    // Prepare
    const rules = [rule('sgr-pl', 'tcp', 443, 443, PL)];

    // Act
    const plan = planIngress(rules, WHOLE_GROUP, AUTHORIZED, { prefixLists: new Map([[PL, ['0.0.0.0/0']]]) });

    // Assess
    expect(plan.kept).toEqual([{ target: `${GROUP} sgr-pl`, what: `tcp 443 from ${PL}`, reason: 'authorized public port (AUTHORIZED_TCP_PORTS)' }]);
  });

  it('revokes the prefix-list rule the event named through its permission', () => {
    // Prepare
    const rules = [rule('sgr-pl', 'tcp', 22, 22, PL)];
    const scope: IngressScope = { kind: 'rules', ruleIds: [], permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: [PL] }] };

    // Act
    const plan = planIngress(rules, scope, AUTHORIZED, { prefixLists: new Map([[PL, ['0.0.0.0/1', '128.0.0.0/1']]]) });

    // Assess
    expect(revoked(plan)).toEqual(['sgr-pl']);
  });

  it('lists each prefix list referenced by an ingress rule once', () => {
    // Prepare
    const egress = { ...rule('sgr-e', 'tcp', 443, 443, 'pl-0eeeeeeeeeeeeeeee'), IsEgress: true };
    const rules = [rule('sgr-1', 'tcp', 22, 22, PL), rule('sgr-2', 'tcp', 3389, 3389, PL), rule('sgr-3', 'tcp', 22, 22, '10.0.0.0/8'), egress];

    // Act
    const ids = referencedPrefixLists(rules);

    // Assess
    expect(ids).toEqual([PL]);
  });
});

describe('planIngress with a broadest public prefix', () => {
  it('revokes a public CIDR broader than the setting and keeps a private one', () => {
    // Prepare
    const rules = [rule('sgr-broad', 'tcp', 22, 22, '64.0.0.0/4'), rule('sgr-private', 'tcp', 22, 22, '10.0.0.0/8')];

    // Act
    const plan = planIngress(rules, WHOLE_GROUP, AUTHORIZED, { broadestPublicPrefix: { IPv4: 8 } });

    // Assess
    expect(plan.revoke.map((r) => [r.ruleId, r.why])).toEqual([['sgr-broad', '64.0.0.0/4 is broader than the broadest public IPv4 prefix allowed, /8 (INGRESS_BROADEST_PUBLIC_PREFIX_V4), on 22/tcp']]);
  });
});
