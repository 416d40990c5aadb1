/**
 * From a made-up event to the plan, pure: the event pairs world-open content with the ID of a private rule. The plan
 * works on the rules as DescribeSecurityGroups gives them (no IDs), so what it revokes is the world-open content, with
 * no rule ID at all (the revoke goes by exact permission), and the private rule is never planned.
 */
import type { IpPermission } from '@aws-sdk/client-ec2';
import { ingressTargets } from '../../../../shared/events/security-group';
import { parseEvent } from '../../../../shared/events/trigger';
import { planIngress } from '../../../../shared/remediations/open-ingress-plan';
import { rulesOfPermissions } from '../../../../shared/remediations/open-ingress-read';
import { loadEvent, withIds } from '../../../../scripts/lib/events';

const GROUP = 'sg-0f63fecfa17ef4fee';
const PRIVATE_RULE = 'sgr-0private00000000';
const AUTHORIZED = { tcp: [{ from: 443, to: 443 }], udp: [] };
const tcp = (port: number, cidr: string): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] });
const scopeOf = (event: Record<string, unknown>) => {
  const scope = ingressTargets(parseEvent(event)).targets[0]?.scope;
  if (!scope) throw new Error('no target');
  return scope;
};

describe('a made-up event naming world-open content with a private rule\'s ID', () => {
  it('plans the world-open rule, without any rule ID, and not the private rule', () => {
    // Prepare
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sgr-027eb7c59241731e0': PRIVATE_RULE });
    const rules = rulesOfPermissions({ GroupId: GROUP, IpPermissions: [tcp(22, '0.0.0.0/0'), tcp(5432, '10.0.0.0/8')] });

    // Act
    const plan = planIngress(rules, scopeOf(event), AUTHORIZED);

    // Assess
    expect(plan.revoke.map((r) => [r.ruleId, r.protocol, r.fromPort, r.source])).toEqual([['', 'tcp', 22, '0.0.0.0/0']]);
  });

  it('plans nothing when the group holds no world-open rule', () => {
    // Prepare
    const event = withIds(loadEvent('ec2-modify-security-group-rules'), { 'sgr-027eb7c59241731e0': PRIVATE_RULE });
    const rules = rulesOfPermissions({ GroupId: GROUP, IpPermissions: [tcp(5432, '10.0.0.0/8')] });

    // Act
    const plan = planIngress(rules, scopeOf(event), AUTHORIZED);

    // Assess
    expect(plan.revoke).toEqual([]);
  });
});
