/** mayBeWorldOpen: the sweep's quick test before planning never skips a group planIngress would revoke in. */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import { mayBeWorldOpen, planIngress } from '../../../../shared/remediations/open-ingress-plan';

const AUTHORIZED = { tcp: [{ from: 80, to: 80 }, { from: 443, to: 443 }], udp: [] };
const rule = (protocol: string, from: number, to: number, source: string): SecurityGroupRule => ({
  GroupId: 'sg-1',
  IsEgress: false,
  IpProtocol: protocol,
  FromPort: from,
  ToPort: to,
  ...(source.startsWith('pl-') ? { PrefixListId: source } : source.includes(':') ? { CidrIpv6: source } : { CidrIpv4: source }),
});

const cases: { name: string; rules: SecurityGroupRule[]; may: boolean }[] = [
  { name: 'private CIDRs only', rules: [rule('tcp', 22, 22, '10.0.0.0/8'), rule('-1', -1, -1, '192.168.0.0/16')], may: false },
  { name: 'the world on authorized tcp 80 and 443 only', rules: [rule('tcp', 443, 443, '0.0.0.0/0'), rule('tcp', 80, 80, '::/0')], may: false },
  { name: 'the world on icmp', rules: [rule('icmp', -1, -1, '0.0.0.0/0')], may: false },
  { name: 'the world on tcp 22', rules: [rule('tcp', 22, 22, '0.0.0.0/0')], may: true },
  { name: 'the world on udp 443', rules: [rule('udp', 443, 443, '0.0.0.0/0')], may: true },
  { name: 'half of IPv4 on tcp 22', rules: [rule('tcp', 22, 22, '0.0.0.0/1')], may: true },
  { name: 'a range from 80 to 443', rules: [rule('tcp', 80, 443, '0.0.0.0/0')], may: true },
  { name: 'all traffic from the world', rules: [rule('-1', -1, -1, '::/0')], may: true },
  { name: 'a prefix list on tcp 5432', rules: [rule('tcp', 5432, 5432, 'pl-0123456789abcdef0')], may: true },
  { name: 'an egress rule open to the world', rules: [{ ...rule('-1', -1, -1, '0.0.0.0/0'), IsEgress: true }], may: false },
];

describe('mayBeWorldOpen', () => {
  it.each(cases)('is $may for $name', ({ rules, may }) => {
    // Act
    const result = mayBeWorldOpen(rules, AUTHORIZED);

    // Assess
    expect(result).toBe(may);
  });

  it.each(cases.filter((c) => !c.may))('agrees with planIngress, which revokes nothing for $name', ({ rules }) => {
    // Act
    const plan = planIngress(rules, { kind: 'group' }, AUTHORIZED);

    // Assess
    expect(plan.revoke).toEqual([]);
  });
});
