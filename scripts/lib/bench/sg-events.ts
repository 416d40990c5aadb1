/** AuthorizeSecurityGroupIngress events in the real CloudTrail shape (the CLI fixture), for one rule each. */
import { loadEvent } from '../events';

/** One ingress rule as CloudTrail records it in the request and in `securityGroupRuleSet`. */
export interface EventRule {
  groupId: string;
  ruleId: string;
  protocol: string;
  from: number;
  to: number;
  cidr: string;
}

/** Who made the call: an IAM user, or an assumed-role session (the backend's own role for a self-caused event). */
export type Actor = { kind: 'user'; arn: string } | { kind: 'role'; roleArn: string };

const FIXTURE = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');

/** The event CloudTrail delivers for an AuthorizeSecurityGroupIngress that added `rule`. */
export function authorizeEvent(rule: EventRule, eventId: string, actor: Actor = { kind: 'user', arn: 'arn:aws:iam::111122223333:user/dev-user' }): Record<string, unknown> {
  const event = structuredClone(FIXTURE) as Record<string, unknown> & { detail: Record<string, unknown> };
  const v6 = rule.cidr.includes(':');
  const range = v6 ? { ipRanges: {}, ipv6Ranges: { items: [{ cidrIpv6: rule.cidr }] } } : { ipRanges: { items: [{ cidrIp: rule.cidr }] }, ipv6Ranges: {} };
  event.id = `bench-${eventId}`;
  event.detail.eventID = eventId;
  event.detail.requestParameters = { groupId: rule.groupId, ipPermissions: { items: [{ ipProtocol: rule.protocol, fromPort: rule.from, toPort: rule.to, groups: {}, prefixListIds: {}, ...range }] } };
  event.detail.responseElements = {
    _return: true,
    requestId: eventId,
    securityGroupRuleSet: {
      items: [
        {
          ...(v6 ? { cidrIpv6: rule.cidr } : { cidrIpv4: rule.cidr }),
          fromPort: rule.from,
          toPort: rule.to,
          groupId: rule.groupId,
          groupOwnerId: '111122223333',
          ipProtocol: rule.protocol,
          isEgress: false,
          securityGroupRuleArn: `arn:aws:ec2:us-east-1:111122223333:security-group-rule/${rule.ruleId}`,
          securityGroupRuleId: rule.ruleId,
        },
      ],
    },
  };
  event.detail.userIdentity = actor.kind === 'user' ? { ...(event.detail.userIdentity as object), arn: actor.arn } : roleIdentity(actor.roleArn);
  return event;
}

function roleIdentity(roleArn: string): Record<string, unknown> {
  const [, , , , account, resource] = roleArn.split(':');
  const roleName = (resource ?? '').replace(/^role\//, '');
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE:${roleName}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${roleName}`,
    accountId: account,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: roleArn, accountId: account, userName: roleName } },
  };
}
