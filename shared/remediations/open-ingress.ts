/**
 * Revoke world-open ingress (0.0.0.0/0, ::/0) precisely, rule by rule, by security-group rule ID.
 * plan: pure (`planIngress`); apply: RevokeSecurityGroupIngress; verify: DescribeSecurityGroupRules.
 * Authorized public ports (default tcp 80, 443 as Security Hub EC2.18) and exempt groups are left open and reported.
 */
import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { awsCall } from '../aws/call';
import { formatPorts, isRangeAuthorized, type PortRange } from '../baseline/ports';
import { AwsCallError, InvalidEventError, errorMessage, hasErrorCode } from '../errors';
import {
  EXPOSED_INSTANCE_FINDINGS,
  INGRESS_API_CALLS,
  OPEN_INGRESS_CONFIG_RULES,
  ingressTargets,
  isOpenIngressConfigRule,
  type IngressScope,
  type IngressTarget,
} from '../events/security-group';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import type { Action, Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const REVOCABLE_PROTOCOLS = new Set(['tcp', 'udp', '-1']);

/** An ingress rule as this module reasons about it. */
export interface IngressRule {
  ruleId: string;
  groupId: string;
  protocol: string;
  fromPort: number;
  toPort: number;
  source: string;
  world: boolean;
  description?: string;
}

/** The pure plan for one group: the rules to revoke, and the rules deliberately kept (with why). */
export interface IngressPlan {
  revoke: IngressRule[];
  kept: Kept[];
}

/** Converts a DescribeSecurityGroupRules entry. */
export function toIngressRule(rule: SecurityGroupRule): IngressRule {
  const source = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? 'unknown';
  return {
    ruleId: rule.SecurityGroupRuleId ?? '',
    groupId: rule.GroupId ?? '',
    protocol: rule.IpProtocol ?? '-1',
    fromPort: rule.FromPort ?? -1,
    toPort: rule.ToPort ?? -1,
    source,
    world: WORLD.has(source),
    description: rule.Description || undefined,
  };
}

/** Renders a rule as ops read it: `tcp 22 from 0.0.0.0/0 ("ssh")`. */
export function describeRule(rule: IngressRule): string {
  const protocol = rule.protocol === '-1' ? 'all traffic' : rule.protocol;
  const icmp = rule.protocol === 'icmp' || rule.protocol === 'icmpv6';
  const any = (value: number): string => (value < 0 ? 'any' : String(value));
  const ports = rule.protocol === '-1' ? '' : icmp ? ` type ${any(rule.fromPort)} code ${any(rule.toPort)}` : ` ${formatPorts({ from: rule.fromPort, to: rule.toPort })}`;
  const description = rule.description ? ` ("${rule.description}")` : '';
  return `${protocol}${ports} from ${rule.source}${description}`;
}

/** Decides, without any AWS call, which ingress rules of a group to revoke. */
export function planIngress(rules: readonly SecurityGroupRule[], scope: IngressScope, authorized: { tcp: PortRange[]; udp: PortRange[] }): IngressPlan {
  const plan: IngressPlan = { revoke: [], kept: [] };
  for (const rule of rules.filter((r) => r.IsEgress !== true).map(toIngressRule)) {
    if (!inScope(rule, scope)) continue;
    const target = `${rule.groupId} ${rule.ruleId}`;
    if (!rule.world) {
      plan.kept.push({ target, what: describeRule(rule), reason: `source ${rule.source} is not the whole internet` });
    } else if (!REVOCABLE_PROTOCOLS.has(rule.protocol)) {
      plan.kept.push({ target, what: describeRule(rule), reason: `protocol ${rule.protocol} is outside this remediation (tcp, udp, all)` });
    } else if (isAuthorized(rule, authorized)) {
      plan.kept.push({ target, what: describeRule(rule), reason: `authorized public port (AUTHORIZED_${rule.protocol.toUpperCase()}_PORTS)` });
    } else {
      plan.revoke.push(rule);
    }
  }
  return plan;
}

function isAuthorized(rule: IngressRule, authorized: { tcp: PortRange[]; udp: PortRange[] }): boolean {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return false;
  return isRangeAuthorized({ from: rule.fromPort, to: rule.toPort }, authorized[rule.protocol]);
}

function inScope(rule: IngressRule, scope: IngressScope): boolean {
  switch (scope.kind) {
    case 'group':
      return rule.world;
    case 'ports':
      return rule.world && scope.ports.some(({ port, protocols }) => (rule.protocol === '-1' || protocols.includes(rule.protocol)) && coversPort(rule, port));
    case 'rules':
      return (
        scope.ruleIds.includes(rule.ruleId) ||
        scope.permissions.some((p) => p.protocol === rule.protocol && p.cidrs.includes(rule.source) && samePorts(p, rule))
      );
  }
}

function coversPort(rule: IngressRule, port: number): boolean {
  return rule.protocol === '-1' || (rule.fromPort <= port && port <= rule.toPort);
}

function samePorts(spec: { protocol: string; fromPort?: number; toPort?: number }, rule: IngressRule): boolean {
  if (spec.protocol === '-1') return true;
  return spec.fromPort === rule.fromPort && (spec.toPort ?? spec.fromPort) === rule.toPort;
}

/** The revoke-open-ingress remediation. */
export const openIngress: Remediation = {
  id: 'revoke-open-ingress',
  title: 'Revoke security-group ingress open to 0.0.0.0/0 or ::/0',
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:RevokeSecurityGroupIngress'],
  triggers: { cloudtrail: INGRESS_API_CALLS, guardduty: Object.keys(EXPOSED_INSTANCE_FINDINGS), config: OPEN_INGRESS_CONFIG_RULES },
  run: revokeOpenIngress,
};

/** Runs the whole remediation for one trigger. */
export async function revokeOpenIngress(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const { targets, instanceId, ignore } = acceptedTargets(trigger);
  const resource = resourceOf(trigger, targets, instanceId);
  const base = { remediation: openIngress.id, resource, trigger: summarise(trigger) };
  if (ignore) return { ...base, headline: `Event ignored for ${resource.id}`, outcome: 'ignored', verified: false, actions: [], kept: [], reason: ignore };

  const ec2 = deps.clients.ec2(trigger.region);
  const actions: Action[] = [];
  const kept: Kept[] = [];
  const notes: string[] = [];
  const errors: string[] = [];
  let exempt = 0;
  for (const target of targets) {
    try {
      const group = await findGroup(ec2, target, trigger);
      if (!group?.GroupId) {
        notes.push(`${target.groupId ?? target.groupName} no longer exists`);
        continue;
      }
      const groupId = group.GroupId;
      if (resource.type === 'AWS::EC2::SecurityGroup') {
        // A request that named the group by name only gets its ID here.
        Object.assign(resource, { id: groupId, name: group.GroupName, arn: `arn:aws:ec2:${trigger.region}:${trigger.account}:security-group/${groupId}` });
      }
      const plan = planIngress(await listRules(ec2, groupId, trigger), target.scope, deps.config.authorizedPorts);
      kept.push(...plan.kept);
      const exemption = group.Tags?.find((tag) => tag.Key === deps.config.exemptTagKey && tag.Value?.toLowerCase() !== 'false');
      if (exemption && plan.revoke.length > 0) {
        exempt += 1;
        for (const rule of plan.revoke) {
          kept.push({ target: `${groupId} ${rule.ruleId}`, what: describeRule(rule), reason: `group is exempt by tag ${exemption.Key}=${exemption.Value ?? ''}` });
        }
        continue;
      }
      if (plan.revoke.length === 0) continue;
      if (deps.config.mode === 'report') {
        actions.push(...plan.revoke.map((rule) => revokeAction(rule, trigger.region, 'planned')));
        continue;
      }
      const done = await revoke(ec2, groupId, plan.revoke, trigger);
      actions.push(...done);
      const remaining = new Set((await listRules(ec2, groupId, trigger)).map((r) => r.SecurityGroupRuleId));
      for (const action of done) {
        if (remaining.has(String(action.params.SecurityGroupRuleId))) {
          action.status = 'failed';
          action.error = 'rule still present after revoke';
          errors.push(`${action.target}: still present after revoke`);
        }
      }
    } catch (error) {
      errors.push(errorMessage(error));
      actions.push({ api: 'RevokeSecurityGroupIngress', target: target.groupId ?? target.groupName ?? 'unknown', status: 'failed', params: {}, error: errorMessage(error) });
      logger.error('Open ingress remediation failed', { groupId: target.groupId, error: error as Error });
    }
  }
  return outcomeOf({ ...base, actions, kept }, { errors, notes, exempt });
}

function acceptedTargets(trigger: Trigger): ReturnType<typeof ingressTargets> {
  if (trigger.kind === 'cloudtrail' && !(INGRESS_API_CALLS as readonly string[]).includes(trigger.eventName)) {
    return { targets: [], ignore: `${trigger.eventName} is not handled by ${openIngress.id}` };
  }
  if (trigger.kind === 'config' && !isOpenIngressConfigRule(trigger.ruleName)) {
    return { targets: [], ignore: `Config rule ${trigger.ruleName} is not handled by ${openIngress.id}` };
  }
  return ingressTargets(trigger);
}

function outcomeOf(
  base: Omit<RemediationResult, 'outcome' | 'verified' | 'reason' | 'headline'>,
  state: { errors: string[]; notes: string[]; exempt: number },
): RemediationResult {
  const revoked = base.actions.filter((a) => a.status === 'done').length;
  const gone = base.actions.filter((a) => a.status === 'already-done').length;
  const planned = base.actions.filter((a) => a.status === 'planned').length;
  const notes = state.notes.length > 0 ? ` (${state.notes.join('; ')})` : '';
  const id = base.resource.id;
  if (state.errors.length > 0) {
    const error = state.errors.join('; ');
    return { ...base, headline: `Public ingress NOT revoked on ${id}`, outcome: 'failed', verified: false, error, reason: `Could not revoke every world-open rule: ${error}` };
  }
  if (planned > 0) {
    return { ...base, headline: `Public ingress found on ${id} (report mode)`, outcome: 'reported', verified: false, reason: `Report mode: would revoke ${planned} world-open ingress rule(s)${notes}` };
  }
  if (revoked > 0) {
    const extra = gone ? `, ${gone} already gone` : '';
    return { ...base, headline: `Public ingress revoked on ${id}`, outcome: 'remediated', verified: true, reason: `Revoked ${revoked} world-open ingress rule(s)${extra}; a re-read confirms they are gone${notes}` };
  }
  if (state.exempt > 0) {
    return { ...base, headline: `Public ingress left on exempt ${id}`, outcome: 'skipped', verified: false, reason: `World-open ingress left in place: the group is exempt by tag${notes}` };
  }
  const extra = gone ? ` (${gone} rule(s) already gone)` : '';
  return { ...base, headline: `No public ingress left on ${id}`, outcome: 'already-compliant', verified: true, reason: `No world-open ingress to revoke${extra}${notes}` };
}

async function findGroup(ec2: EC2Client, target: IngressTarget, trigger: Trigger): Promise<SecurityGroup | undefined> {
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

async function listRules(ec2: EC2Client, groupId: string, trigger: Trigger): Promise<SecurityGroupRule[]> {
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

/** Revokes in one call; if a rule vanished meanwhile (NotFound race), revokes the rest one by one. */
async function revoke(ec2: EC2Client, groupId: string, rules: IngressRule[], trigger: Trigger): Promise<Action[]> {
  const send = (ids: string[]) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: ids }));
  try {
    await send(rules.map((r) => r.ruleId));
    return rules.map((rule) => revokeAction(rule, trigger.region, 'done'));
  } catch (error) {
    if (!hasErrorCode(error, 'InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound')) {
      throw new AwsCallError('RevokeSecurityGroupIngress', error, { resource: groupId, account: trigger.account, region: trigger.region });
    }
  }
  const actions: Action[] = [];
  for (const rule of rules) {
    try {
      await send([rule.ruleId]);
      actions.push(revokeAction(rule, trigger.region, 'done'));
    } catch (error) {
      if (!hasErrorCode(error, 'InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound')) {
        throw new AwsCallError('RevokeSecurityGroupIngress', error, { resource: `${groupId} ${rule.ruleId}`, account: trigger.account, region: trigger.region });
      }
      actions.push(revokeAction(rule, trigger.region, 'already-done'));
    }
  }
  return actions;
}

function revokeAction(rule: IngressRule, region: string, status: Action['status']): Action {
  const range = rule.source.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: rule.source, Description: rule.description }] } : { IpRanges: [{ CidrIp: rule.source, Description: rule.description }] };
  const permission = { IpProtocol: rule.protocol, ...(rule.protocol === '-1' ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }), ...range };
  return {
    api: 'RevokeSecurityGroupIngress',
    target: `${rule.groupId} ${rule.ruleId}`,
    status,
    params: { GroupId: rule.groupId, SecurityGroupRuleId: rule.ruleId },
    before: { ruleId: rule.ruleId, protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, cidr: rule.source, description: rule.description ?? null, summary: describeRule(rule) },
    after: status === 'planned' ? 'would be revoked' : 'revoked',
    undo: `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${rule.groupId} --ip-permissions '${JSON.stringify([permission])}'`,
  };
}

function resourceOf(trigger: Trigger, targets: IngressTarget[], instanceId: string | undefined): ResourceRef {
  const where = { account: trigger.account, region: trigger.region };
  if (trigger.kind === 'guardduty') return { type: 'AWS::EC2::Instance', id: instanceId ?? 'unknown-instance', ...where };
  const first = targets[0];
  const id = first?.groupId ?? first?.groupName ?? (trigger.kind === 'config' ? trigger.resourceId : 'unknown-group');
  return { type: 'AWS::EC2::SecurityGroup', id, ...where, arn: first?.groupId ? `arn:aws:ec2:${trigger.region}:${trigger.account}:security-group/${first.groupId}` : undefined };
}
