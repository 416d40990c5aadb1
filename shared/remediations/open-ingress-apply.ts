/**
 * The AWS side of revoke-open-ingress: read the group, its rules and the prefix lists they use; revoke rule by rule,
 * by exact permission (never by a rule ID from an event); re-read to verify. Every revoke ends as an action (done, already done or failed), so
 * a partial failure still tells ops what was done, with its undo, and what is still open.
 */
import {
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
  type RevokedSecurityGroupRule,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { quotedJson } from '../aws/cli';
import { AwsCallError, InvalidEventError, errorMessage, hasErrorCode } from '../errors';
import type { IngressTarget } from '../events/security-group';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import { describeRule, ruleKey, toIngressRule, type RevokeRule } from './open-ingress-plan';
import { rulesOfPermissions } from './open-ingress-read';
import type { Action } from './result';

const GONE = ['InvalidPermission.NotFound'];

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

/** What the revokes did: one action per rule, and the rules AWS confirmed revoked (RevokedSecurityGroupRules), by ruleKey. */
export interface Revoked {
  actions: Action[];
  confirmed: Set<string>;
}

/**
 * Revokes in one call, by exact permission (protocol, ports, source: the content AWS's own read of the group gave),
 * which revokes that rule and no other. Never by rule ID: an ID from an event may name another rule (a made-up event
 * can pair world-open content with a private rule's ID), and the read gives none. The ID AWS names in its answer
 * (RevokedSecurityGroupRules) for the revoked content is recorded. If a rule vanished meanwhile (NotFound, or AWS
 * lists it as unknown), it counts as already done, and the rest are revoked one by one, going on after a failure, so
 * that every rule ends as done, already done or failed. Never throws for a revoke.
 */
export async function revokeRules(ec2: EC2Client, groupId: string, rules: readonly RevokeRule[], trigger: Pick<Trigger, 'account' | 'region'>): Promise<Revoked> {
  const confirmed = new Set<string>();
  const ids = new Map<string, string>();
  /** Sends one revoke; returns the keys of the rules AWS did not know (UnknownIpPermissions). */
  const send = async (batch: readonly RevokeRule[]): Promise<Set<string>> => {
    const response = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: batch.map((r) => permissionOf(r, false)) }));
    for (const [key, id] of confirmedRules(response.RevokedSecurityGroupRules ?? [], groupId)) {
      confirmed.add(key);
      if (id) ids.set(key, id);
    }
    return new Set(rulesOfPermissions({ GroupId: groupId, IpPermissions: response.UnknownIpPermissions ?? [] }).map((r) => ruleKey(toIngressRule(r))));
  };
  const ended = (rule: RevokeRule, unknown: ReadonlySet<string>): Action => {
    const key = ruleKey(rule);
    return revokeAction({ ...rule, ruleId: ids.get(key) ?? '' }, trigger.region, unknown.has(key) ? 'already-done' : 'done');
  };
  const where = (resource: string) => ({ resource, account: trigger.account, region: trigger.region });
  try {
    const unknown = await send(rules);
    return { actions: rules.map((rule) => ended(rule, unknown)), confirmed };
  } catch (error) {
    if (!hasErrorCode(error, ...GONE)) {
      const failure = new AwsCallError('RevokeSecurityGroupIngress', error, where(groupId));
      logger.error('Revoke failed', { groupId, error: failure });
      return { actions: rules.map((rule) => ({ ...revokeAction(rule, trigger.region, 'failed'), error: failure.message })), confirmed };
    }
    // One rule, not found: it is gone (no need to send it again alone).
    if (rules.length === 1) return { actions: rules.map((rule) => revokeAction(rule, trigger.region, 'already-done')), confirmed };
  }
  const actions: Action[] = [];
  for (const rule of rules) {
    try {
      actions.push(ended(rule, await send([rule])));
    } catch (error) {
      if (hasErrorCode(error, ...GONE)) {
        actions.push(revokeAction(rule, trigger.region, 'already-done'));
        continue;
      }
      const failure = new AwsCallError('RevokeSecurityGroupIngress', error, where(`${groupId} ${rule.ruleId || describeRule(rule)}`));
      logger.error('Revoke failed', { groupId, ruleId: rule.ruleId, error: failure });
      actions.push({ ...revokeAction(rule, trigger.region, 'failed'), error: failure.message });
    }
  }
  return { actions, confirmed };
}

/**
 * The ingress rules of `groupId` AWS says it revoked, by ruleKey (protocol, ports, source), with the rule ID AWS gives
 * each: the only rule IDs revoke-open-ingress records, since they come from AWS together with the content. Pure.
 */
export function confirmedRules(revoked: readonly RevokedSecurityGroupRule[], groupId: string): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const gone of revoked) {
    if (gone.IsEgress === true || (gone.GroupId !== undefined && gone.GroupId !== groupId)) continue;
    byKey.set(ruleKey(toIngressRule({ ...gone, ReferencedGroupInfo: gone.ReferencedGroupId ? { GroupId: gone.ReferencedGroupId } : undefined })), gone.SecurityGroupRuleId ?? '');
  }
  return byKey;
}

/** The done revokes AWS did not confirm in RevokedSecurityGroupRules (moto never does): they need a re-read. */
export function unconfirmed(actions: readonly Action[], confirmed: ReadonlySet<string>): Action[] {
  return actions.filter((a) => a.status === 'done' && !confirmed.has(beforeKey(a)));
}

/**
 * Checks the re-read ingress rules of the group: a revoke reported done whose rule (same protocol, ports and source) is
 * still there becomes failed. Returns what failed.
 */
export function markStillOpen(actions: readonly Action[], remaining: readonly SecurityGroupRule[]): string[] {
  const keys = new Set(remaining.filter((r) => r.IsEgress !== true).map((r) => ruleKey(toIngressRule(r))));
  const errors: string[] = [];
  for (const action of actions.filter((a) => a.status === 'done')) {
    if (keys.has(beforeKey(action))) {
      Object.assign(action, { status: 'failed', after: 'still open', error: 'rule still present after revoke' });
      errors.push(`${action.target}: still present after revoke`);
    }
  }
  return errors;
}

/** The IpPermission of exactly this rule (its description only for the undo: revoking does not need it). */
function permissionOf(rule: RevokeRule, withDescription: boolean): IpPermission {
  const description = withDescription ? { Description: rule.description } : {};
  const range = rule.source.startsWith('pl-')
    ? { PrefixListIds: [{ PrefixListId: rule.source, ...description }] }
    : rule.source.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: rule.source, ...description }] }
      : { IpRanges: [{ CidrIp: rule.source, ...description }] };
  return { IpProtocol: rule.protocol, ...(rule.protocol === '-1' ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }), ...range };
}

/**
 * The record of one revoke (by exact permission): the exact rule before (with the rule ID AWS's answer gave, if any),
 * why it was world-open, the command that revokes it by hand (report mode) and the command that puts it back.
 */
export function revokeAction(rule: RevokeRule, region: string, status: Action['status']): Action {
  const prefixList = rule.source.startsWith('pl-');
  const permission = permissionOf(rule, true);
  const exact = permissionOf(rule, false);
  return {
    api: 'RevokeSecurityGroupIngress',
    target: rule.ruleId ? `${rule.groupId} ${rule.ruleId}` : rule.groupId,
    status,
    params: { GroupId: rule.groupId, IpPermissions: [exact] },
    before: { ...(rule.ruleId ? { ruleId: rule.ruleId } : {}), protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, ...(prefixList ? { prefixListId: rule.source } : { cidr: rule.source }), description: rule.description ?? null, summary: describeRule(rule) },
    after: status === 'planned' ? 'would be revoked' : status === 'failed' ? 'still open' : 'revoked',
    why: `world-open: ${rule.why}`,
    undo: `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${rule.groupId} --ip-permissions ${quotedJson([permission])}`,
    command: `aws ec2 revoke-security-group-ingress --region ${region} --group-id ${rule.groupId} --ip-permissions ${quotedJson([exact])}`,
  };
}

/** The protocol, ports and source of the rule an action revoked (from its `before`), as ruleKey writes them. */
function beforeKey(action: Action): string {
  const before = (action.before ?? {}) as { protocol?: string; fromPort?: number; toPort?: number; cidr?: string; prefixListId?: string };
  return ruleKey({ protocol: before.protocol ?? '', fromPort: before.fromPort ?? -1, toPort: before.toPort ?? -1, source: before.cidr ?? before.prefixListId ?? '' });
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
