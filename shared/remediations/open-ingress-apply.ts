/**
 * The AWS side of revoke-open-ingress: read the group, its rules and the prefix lists they use; revoke rule by rule
 * (by security-group rule ID); re-read to verify. Every revoke ends as an action (done, already done or failed), so
 * a partial failure still tells ops what was done, with its undo, and what is still open.
 */
import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  GetManagedPrefixListEntriesCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { awsCall } from '../aws/call';
import { AwsCallError, InvalidEventError, errorMessage, hasErrorCode } from '../errors';
import type { IngressTarget } from '../events/security-group';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import { describeRule, type RevokeRule } from './open-ingress-plan';
import type { Action } from './result';

const GONE = ['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound'];

/** The group an event names, by ID or (unambiguous) name; undefined when it no longer exists. */
export async function findGroup(ec2: EC2Client, target: IngressTarget, trigger: Trigger): Promise<SecurityGroup | undefined> {
  const input = target.groupId ? { GroupIds: [target.groupId] } : { Filters: [{ Name: 'group-name', Values: [target.groupName ?? ''] }] };
  let groups: SecurityGroup[];
  try {
    groups = (await ec2.send(new DescribeSecurityGroupsCommand(input))).SecurityGroups ?? [];
  } catch (error) {
    if (hasErrorCode(error, 'InvalidGroup.NotFound', 'InvalidGroupId.NotFound')) return undefined;
    throw new AwsCallError('DescribeSecurityGroups', error, { resource: target.groupId ?? target.groupName, account: trigger.account, region: trigger.region });
  }
  if (!target.groupId && groups.length > 1) {
    throw new InvalidEventError(`group name ${target.groupName} is ambiguous (${groups.map((g) => g.GroupId).join(', ')}): nothing was changed; act by group ID`, { context: { resource: target.groupName, region: trigger.region } });
  }
  return groups[0];
}

/** Every rule of the group (ingress and egress), all pages. */
export async function listRules(ec2: EC2Client, groupId: string, trigger: Trigger): Promise<SecurityGroupRule[]> {
  const rules: SecurityGroupRule[] = [];
  const where = { resource: groupId, account: trigger.account, region: trigger.region };
  let token: string | undefined;
  do {
    const input = { Filters: [{ Name: 'group-id', Values: [groupId] }], NextToken: token, MaxResults: 1000 };
    const page = await awsCall('DescribeSecurityGroupRules', where, () => ec2.send(new DescribeSecurityGroupRulesCommand(input)));
    rules.push(...(page.SecurityGroupRules ?? []));
    token = page.NextToken;
  } while (token);
  return rules;
}

/** The CIDRs of each managed prefix list (GetManagedPrefixListEntries, all pages). A list that cannot be read fails the group. */
export async function readPrefixLists(ec2: EC2Client, prefixListIds: readonly string[], trigger: Trigger): Promise<Map<string, string[]>> {
  const entries = new Map<string, string[]>();
  for (const prefixListId of prefixListIds) {
    const where = { resource: prefixListId, account: trigger.account, region: trigger.region };
    const cidrs: string[] = [];
    let token: string | undefined;
    do {
      const input = { PrefixListId: prefixListId, NextToken: token, MaxResults: 100 };
      const page = await awsCall('GetManagedPrefixListEntries', where, () => ec2.send(new GetManagedPrefixListEntriesCommand(input)));
      cidrs.push(...(page.Entries ?? []).map((e) => e.Cidr).filter((c): c is string => Boolean(c)));
      token = page.NextToken;
    } while (token);
    entries.set(prefixListId, cidrs);
  }
  return entries;
}

/**
 * Revokes in one call; if a rule vanished meanwhile (NotFound race), revokes the rest one by one, going on after a
 * failure so that every rule ends as done, already done or failed. Never throws for a revoke.
 */
export async function revokeRules(ec2: EC2Client, groupId: string, rules: readonly RevokeRule[], trigger: Trigger): Promise<Action[]> {
  const send = (ids: string[]) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: ids }));
  const where = (resource: string) => ({ resource, account: trigger.account, region: trigger.region });
  try {
    await send(rules.map((r) => r.ruleId));
    return rules.map((rule) => revokeAction(rule, trigger.region, 'done'));
  } catch (error) {
    if (!hasErrorCode(error, ...GONE)) {
      const failure = new AwsCallError('RevokeSecurityGroupIngress', error, where(groupId));
      logger.error('Revoke failed', { groupId, error: failure });
      return rules.map((rule) => ({ ...revokeAction(rule, trigger.region, 'failed'), error: failure.message }));
    }
  }
  const actions: Action[] = [];
  for (const rule of rules) {
    try {
      await send([rule.ruleId]);
      actions.push(revokeAction(rule, trigger.region, 'done'));
    } catch (error) {
      if (hasErrorCode(error, ...GONE)) {
        actions.push(revokeAction(rule, trigger.region, 'already-done'));
        continue;
      }
      const failure = new AwsCallError('RevokeSecurityGroupIngress', error, where(`${groupId} ${rule.ruleId}`));
      logger.error('Revoke failed', { groupId, ruleId: rule.ruleId, error: failure });
      actions.push({ ...revokeAction(rule, trigger.region, 'failed'), error: failure.message });
    }
  }
  return actions;
}

/** Re-reads the group: a revoke reported done whose rule is still listed becomes failed. Returns what failed. */
export async function verifyRevoked(ec2: EC2Client, groupId: string, actions: readonly Action[], trigger: Trigger): Promise<string[]> {
  const done = actions.filter((a) => a.status === 'done');
  if (done.length === 0) return [];
  const remaining = new Set((await listRules(ec2, groupId, trigger)).map((r) => r.SecurityGroupRuleId));
  const errors: string[] = [];
  for (const action of done) {
    if (remaining.has(String(action.params.SecurityGroupRuleId))) {
      Object.assign(action, { status: 'failed', after: 'still open', error: 'rule still present after revoke' });
      errors.push(`${action.target}: still present after revoke`);
    }
  }
  return errors;
}

/** The record of one revoke: the exact rule before, why it was world-open, and the command that puts it back. */
export function revokeAction(rule: RevokeRule, region: string, status: Action['status']): Action {
  const prefixList = rule.source.startsWith('pl-');
  const range = prefixList
    ? { PrefixListIds: [{ PrefixListId: rule.source, Description: rule.description }] }
    : rule.source.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: rule.source, Description: rule.description }] }
      : { IpRanges: [{ CidrIp: rule.source, Description: rule.description }] };
  const permission = { IpProtocol: rule.protocol, ...(rule.protocol === '-1' ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }), ...range };
  return {
    api: 'RevokeSecurityGroupIngress',
    target: `${rule.groupId} ${rule.ruleId}`,
    status,
    params: { GroupId: rule.groupId, SecurityGroupRuleId: rule.ruleId },
    before: { ruleId: rule.ruleId, protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, ...(prefixList ? { prefixListId: rule.source } : { cidr: rule.source }), description: rule.description ?? null, summary: describeRule(rule) },
    after: status === 'planned' ? 'would be revoked' : status === 'failed' ? 'still open' : 'revoked',
    why: `world-open: ${rule.why}`,
    undo: `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${rule.groupId} --ip-permissions '${JSON.stringify([permission])}'`,
  };
}

/** Failed actions, one line per error: `sg-1 sgr-1, sg-1 sgr-2: RevokeSecurityGroupIngress failed: ...`. */
export function failureLines(actions: readonly Action[]): string[] {
  const byError = new Map<string, string[]>();
  for (const action of actions.filter((a) => a.status === 'failed')) {
    const error = action.error ?? 'failed';
    byError.set(error, [...(byError.get(error) ?? []), action.target]);
  }
  return [...byError].map(([error, targets]) => `${targets.join(', ')}: ${errorMessage(error)}`);
}
