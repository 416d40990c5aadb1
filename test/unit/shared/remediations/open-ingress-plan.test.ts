/** planIngress (pure): which ingress rules of a group to revoke, and which to keep and why. */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { IngressScope } from '../../../../shared/events/security-group';
import { describeRule, planIngress, toIngressRule, type IngressRule } from '../../../../shared/remediations/open-ingress-plan';

const GROUP = 'sg-0f63fecfa17ef4fee';
const DEFAULT_AUTHORIZED = { tcp: [{ from: 80, to: 80 }, { from: 443, to: 443 }], udp: [] };
const WHOLE_GROUP: IngressScope = { kind: 'group' };

let next = 0;
/** A DescribeSecurityGroupRules entry; `source` is a CIDR (IPv6 when it contains ':'). */
function rule(protocol: string, from: number | undefined, to: number | undefined, source: string, extra: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  next += 1;
  return {
    SecurityGroupRuleId: `sgr-${String(next).padStart(17, '0')}`,
    GroupId: GROUP,
    GroupOwnerId: '111122223333',
    IsEgress: false,
    IpProtocol: protocol,
    FromPort: from,
    ToPort: to,
    ...(source.includes(':') ? { CidrIpv6: source } : { CidrIpv4: source }),
    ...extra,
  };
}
const idOf = (r: SecurityGroupRule): string => r.SecurityGroupRuleId ?? '';
const revokedIds = (plan: { revoke: IngressRule[] }): string[] => plan.revoke.map((r) => r.ruleId);
const keptTargets = (plan: { kept: { target: string }[] }): string[] => plan.kept.map((k) => k.target);

describe('planIngress with the whole group in scope', () => {
  it('revokes a world-open tcp rule', () => {
    // Prepare
    const ssh = rule('tcp', 22, 22, '0.0.0.0/0');

    // Act
    const plan = planIngress([ssh], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(ssh)]);
  });

  it('revokes a world-open IPv6 ::/0 rule', () => {
    // Prepare
    const ssh6 = rule('tcp', 22, 22, '::/0');

    // Act
    const plan = planIngress([ssh6], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan.revoke).toEqual([expect.objectContaining({ ruleId: idOf(ssh6), source: '::/0', world: true })]);
  });

  it('leaves a world-open egress rule untouched and unreported', () => {
    // Prepare
    const egress = rule('-1', -1, -1, '0.0.0.0/0', { IsEgress: true });

    // Act
    const plan = planIngress([egress], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({ revoke: [], kept: [] });
  });

  it('keeps the authorized tcp ports 80 and 443 and says why', () => {
    // Prepare
    const http = rule('tcp', 80, 80, '0.0.0.0/0');
    const https = rule('tcp', 443, 443, '::/0');

    // Act
    const plan = planIngress([http, https], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({
      revoke: [],
      kept: [
        { target: `${GROUP} ${idOf(http)}`, what: 'tcp 80 from 0.0.0.0/0', reason: 'authorized public port (AUTHORIZED_TCP_PORTS)' },
        { target: `${GROUP} ${idOf(https)}`, what: 'tcp 443 from ::/0', reason: 'authorized public port (AUTHORIZED_TCP_PORTS)' },
      ],
    });
  });

  it('revokes a world-open range 80-443 although both ends are authorized', () => {
    // Prepare
    const range = rule('tcp', 80, 443, '0.0.0.0/0');

    // Act
    const plan = planIngress([range], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(range)]);
  });

  it('keeps a world-open udp port listed in the authorized udp ports', () => {
    // Prepare
    const dns = rule('udp', 53, 53, '0.0.0.0/0');

    // Act
    const plan = planIngress([dns], WHOLE_GROUP, { tcp: [], udp: [{ from: 53, to: 53 }] });

    // Assess
    expect(plan.kept).toEqual([expect.objectContaining({ target: `${GROUP} ${idOf(dns)}`, reason: 'authorized public port (AUTHORIZED_UDP_PORTS)' })]);
  });

  it('revokes a world-open udp port that is authorized only for tcp', () => {
    // Prepare
    const udp443 = rule('udp', 443, 443, '0.0.0.0/0');

    // Act
    const plan = planIngress([udp443], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(udp443)]);
  });

  it('revokes a world-open all-traffic rule even when every tcp and udp port is authorized', () => {
    // Prepare
    const all = rule('-1', -1, -1, '0.0.0.0/0');
    const everything = { tcp: [{ from: 0, to: 65535 }], udp: [{ from: 0, to: 65535 }] };

    // Act
    const plan = planIngress([all], WHOLE_GROUP, everything);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(all)]);
  });

  it('keeps a world-open icmp rule and says its protocol is outside this remediation', () => {
    // Prepare
    const ping = rule('icmp', -1, -1, '0.0.0.0/0');

    // Act
    const plan = planIngress([ping], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({
      revoke: [],
      kept: [{ target: `${GROUP} ${idOf(ping)}`, what: 'icmp type any code any from 0.0.0.0/0', reason: 'protocol icmp is outside this remediation (tcp, udp, all)' }],
    });
  });

  it('does not list rules whose source is not the whole internet', () => {
    // Prepare
    const rules = [rule('tcp', 22, 22, '10.0.0.0/8'), rule('tcp', 22, 22, '0.0.0.0/1'), rule('tcp', 22, 22, '2001:db8::/32')];

    // Act
    const plan = planIngress(rules, WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({ revoke: [], kept: [] });
  });

  it('does not treat a rule referencing another security group as world-open', () => {
    // Prepare
    const peer = rule('tcp', 22, 22, '0.0.0.0/0', { CidrIpv4: undefined, ReferencedGroupInfo: { GroupId: 'sg-0aaaaaaaaaaaaaaaa' } });

    // Act
    const plan = planIngress([peer], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan.revoke).toEqual([]);
  });

  it('revokes only the world-open rules of a mixed group', () => {
    // Prepare
    const ssh = rule('tcp', 22, 22, '0.0.0.0/0');
    const rdp6 = rule('tcp', 3389, 3389, '::/0');
    const https = rule('tcp', 443, 443, '0.0.0.0/0');
    const privateSsh = rule('tcp', 22, 22, '172.16.0.0/12');
    const egress = rule('-1', -1, -1, '0.0.0.0/0', { IsEgress: true });

    // Act
    const plan = planIngress([ssh, rdp6, https, privateSsh, egress], WHOLE_GROUP, DEFAULT_AUTHORIZED);

    // Assess
    expect([revokedIds(plan), keptTargets(plan)]).toEqual([[idOf(ssh), idOf(rdp6)], [`${GROUP} ${idOf(https)}`]]);
  });
});

describe('planIngress with ports in scope (GuardDuty)', () => {
  const ssh: IngressScope = { kind: 'ports', ports: [{ port: 22, protocols: ['tcp'] }] };

  it('revokes a world-open range that covers the attacked port', () => {
    // Prepare
    const low = rule('tcp', 0, 1024, '0.0.0.0/0');

    // Act
    const plan = planIngress([low], ssh, DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(low)]);
  });

  it('revokes a world-open all-traffic rule for the attacked port', () => {
    // Prepare
    const all = rule('-1', -1, -1, '::/0');

    // Act
    const plan = planIngress([all], ssh, DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(all)]);
  });

  it('leaves a world-open rule for another port out of the plan', () => {
    // Prepare
    const rdp = rule('tcp', 3389, 3389, '0.0.0.0/0');

    // Act
    const plan = planIngress([rdp], ssh, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({ revoke: [], kept: [] });
  });

  it('leaves a world-open udp rule on the port out of the plan when only tcp was attacked', () => {
    // Prepare
    const udp22 = rule('udp', 22, 22, '0.0.0.0/0');

    // Act
    const plan = planIngress([udp22], ssh, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({ revoke: [], kept: [] });
  });

  it('leaves a private rule on the attacked port out of the plan', () => {
    // Prepare
    const privateSsh = rule('tcp', 22, 22, '10.0.0.0/8');

    // Act
    const plan = planIngress([privateSsh], ssh, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({ revoke: [], kept: [] });
  });

  it('keeps an authorized port that was probed and says why', () => {
    // Prepare
    const http = rule('tcp', 80, 80, '0.0.0.0/0');
    const probe: IngressScope = { kind: 'ports', ports: [{ port: 80, protocols: ['tcp', 'udp'] }] };

    // Act
    const plan = planIngress([http], probe, DEFAULT_AUTHORIZED);

    // Assess
    expect(plan.kept).toEqual([expect.objectContaining({ reason: 'authorized public port (AUTHORIZED_TCP_PORTS)' })]);
  });
});

describe('planIngress with rules in scope (CloudTrail)', () => {
  const scopeOf = (ruleIds: string[], permissions: Extract<IngressScope, { kind: 'rules' }>['permissions'] = []): IngressScope => ({ kind: 'rules', ruleIds, permissions });

  it('revokes the world-open rule named by its rule id', () => {
    // Prepare
    const ssh = rule('tcp', 22, 22, '0.0.0.0/0');

    // Act
    const plan = planIngress([ssh], scopeOf([idOf(ssh)]), DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(ssh)]);
  });

  it('revokes the world-open rules matching the requested protocol, ports and CIDRs when there are no rule ids', () => {
    // Prepare
    const v4 = rule('tcp', 22, 22, '0.0.0.0/0');
    const v6 = rule('tcp', 22, 22, '::/0');

    // Act
    const plan = planIngress([v4, v6], scopeOf([], [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0', '::/0'] }]), DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(v4), idOf(v6)]);
  });

  it('revokes an all-traffic rule matching a -1 permission whatever its ports', () => {
    // Prepare
    const all = rule('-1', -1, -1, '0.0.0.0/0');

    // Act
    const plan = planIngress([all], scopeOf([], [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }]), DEFAULT_AUTHORIZED);

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(all)]);
  });

  it('does not revoke a world-open rule of the group that the event did not create', () => {
    // Prepare
    const created = rule('tcp', 22, 22, '0.0.0.0/0');
    const older = rule('tcp', 3389, 3389, '0.0.0.0/0');
    const scope = scopeOf([idOf(created)], [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }]);

    // Act
    const plan = planIngress([created, older], scope, DEFAULT_AUTHORIZED);

    // Assess
    expect([revokedIds(plan), plan.kept]).toEqual([[idOf(created)], []]);
  });

  it('does not match a rule with the same port but a different CIDR', () => {
    // Prepare
    const other = rule('tcp', 22, 22, '::/0');

    // Act
    const plan = planIngress([other], scopeOf([], [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }]), DEFAULT_AUTHORIZED);

    // Assess
    expect(plan.revoke).toEqual([]);
  });

  it('does not match a wider range that merely contains the requested port', () => {
    // Prepare
    const wide = rule('tcp', 0, 1024, '0.0.0.0/0');

    // Act
    const plan = planIngress([wide], scopeOf([], [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }]), DEFAULT_AUTHORIZED);

    // Assess
    expect(plan.revoke).toEqual([]);
  });

  it('keeps a private rule named by the event and says its source is not the whole internet', () => {
    // Prepare
    const privateSsh = rule('tcp', 22, 22, '10.0.0.0/8');

    // Act
    const plan = planIngress([privateSsh], scopeOf([idOf(privateSsh)]), DEFAULT_AUTHORIZED);

    // Assess
    expect(plan).toEqual({
      revoke: [],
      kept: [{ target: `${GROUP} ${idOf(privateSsh)}`, what: 'tcp 22 from 10.0.0.0/8', reason: 'source 10.0.0.0/8 is not the whole internet' }],
    });
  });

  it('keeps an authorized port named by the event', () => {
    // Prepare
    const https = rule('tcp', 443, 443, '0.0.0.0/0');

    // Act
    const plan = planIngress([https], scopeOf([idOf(https)]), DEFAULT_AUTHORIZED);

    // Assess
    expect([plan.revoke, keptTargets(plan)]).toEqual([[], [`${GROUP} ${idOf(https)}`]]);
  });

  it('revokes a formerly authorized port once the authorized list is empty', () => {
    // Prepare
    const https = rule('tcp', 443, 443, '0.0.0.0/0');

    // Act
    const plan = planIngress([https], scopeOf([idOf(https)]), { tcp: [], udp: [] });

    // Assess
    expect(revokedIds(plan)).toEqual([idOf(https)]);
  });
});

describe('toIngressRule', () => {
  it('reads a DescribeSecurityGroupRules entry with its description', () => {
    // Prepare
    const entry = rule('tcp', 22, 22, '0.0.0.0/0', { SecurityGroupRuleId: 'sgr-027eb7c59241731e0', Description: 'temp debug' });

    // Act
    const converted = toIngressRule(entry);

    // Assess
    expect(converted).toEqual({ ruleId: 'sgr-027eb7c59241731e0', groupId: GROUP, protocol: 'tcp', fromPort: 22, toPort: 22, source: '0.0.0.0/0', world: true, description: 'temp debug' });
  });

  it('uses the prefix list id as the source of a prefix-list rule', () => {
    // Prepare
    const entry = rule('tcp', 443, 443, '0.0.0.0/0', { CidrIpv4: undefined, PrefixListId: 'pl-0123456789abcdef0' });

    // Act
    const converted = toIngressRule(entry);

    // Assess
    expect([converted.source, converted.world]).toEqual(['pl-0123456789abcdef0', false]);
  });
});

describe('describeRule', () => {
  const base: IngressRule = { ruleId: 'sgr-1', groupId: GROUP, protocol: 'tcp', fromPort: 22, toPort: 22, source: '0.0.0.0/0', world: true };

  it.each([
    { name: 'a single port with its description in quotes', rule: { ...base, description: 'ssh' }, text: 'tcp 22 from 0.0.0.0/0 ("ssh")' },
    { name: 'a single port without a description', rule: base, text: 'tcp 22 from 0.0.0.0/0' },
    { name: 'a port range', rule: { ...base, protocol: 'udp', fromPort: 8000, toPort: 8080, source: '::/0' }, text: 'udp 8000-8080 from ::/0' },
    { name: 'the full tcp range as all', rule: { ...base, fromPort: 0, toPort: 65535 }, text: 'tcp all from 0.0.0.0/0' },
    { name: 'protocol -1 as all traffic without ports', rule: { ...base, protocol: '-1', fromPort: -1, toPort: -1 }, text: 'all traffic from 0.0.0.0/0' },
  ])('renders $name', ({ rule: input, text }) => {
    // Prepare
    const ingress: IngressRule = input;

    // Act
    const rendered = describeRule(ingress);

    // Assess
    expect(rendered).toBe(text);
  });
});
