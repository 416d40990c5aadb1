/**
 * The only rule IDs revoke-open-ingress records are those AWS's revoke answer gives together with the content it revoked
 * (confirmedRules); the record of a revoke names the exact permission it sent, and the command to run by hand revokes
 * that permission, never a rule ID. Pure.
 */
import type { RevokedSecurityGroupRule } from '@aws-sdk/client-ec2';
import { confirmedRules, revokeAction } from '../../../../shared/remediations/open-ingress-apply';
import type { RevokeRule } from '../../../../shared/remediations/open-ingress-plan';

const GROUP = 'sg-0f63fecfa17ef4fee';
const revoked = (over: Partial<RevokedSecurityGroupRule>): RevokedSecurityGroupRule => ({ SecurityGroupRuleId: 'sgr-0000000000000000a', GroupId: GROUP, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', ...over });
const ssh: RevokeRule = { ruleId: '', groupId: GROUP, protocol: 'tcp', fromPort: 22, toPort: 22, source: '0.0.0.0/0', world: true, why: '0.0.0.0/0 is all of IPv4 on 22/tcp' };

describe('confirmedRules', () => {
  it('pairs each revoked ingress rule\'s content with the ID AWS gives it', () => {
    // Act
    const byKey = confirmedRules([revoked({}), revoked({ SecurityGroupRuleId: 'sgr-0000000000000000b', CidrIpv4: undefined, CidrIpv6: '::/0' })], GROUP);

    // Assess
    expect([...byKey]).toEqual([
      ['tcp 22 22 0.0.0.0/0', 'sgr-0000000000000000a'],
      ['tcp 22 22 ::/0', 'sgr-0000000000000000b'],
    ]);
  });

  it('ignores an egress rule and a rule of another group', () => {
    // Act
    const byKey = confirmedRules([revoked({ IsEgress: true }), revoked({ GroupId: 'sg-0other0000000000' })], GROUP);

    // Assess
    expect(byKey.size).toBe(0);
  });
});

describe('revokeAction', () => {
  it('records the exact permission revoked and a command that revokes by that permission', () => {
    // Act
    const action = revokeAction(ssh, 'us-east-1', 'planned');

    // Assess
    expect([action.target, action.params, action.command]).toEqual([
      GROUP,
      { GroupId: GROUP, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      `aws ec2 revoke-security-group-ingress --region us-east-1 --group-id ${GROUP} --ip-permissions '[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]'`,
    ]);
  });

  it('names the rule ID it is given (AWS\'s, from the revoke answer) without revoking by it', () => {
    // Act
    const action = revokeAction({ ...ssh, ruleId: 'sgr-0000000000000000a' }, 'us-east-1', 'done');

    // Assess
    expect([action.target, (action.before as { ruleId?: string }).ruleId, Object.keys(action.params)]).toEqual([`${GROUP} sgr-0000000000000000a`, 'sgr-0000000000000000a', ['GroupId', 'IpPermissions']]);
  });
});
