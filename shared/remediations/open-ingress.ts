/**
 * Revoke world-open ingress precisely, rule by rule, by exact permission (protocol, ports and one source, as AWS's own read
 * of the group gives them): never by a rule ID taken from an event, which nothing proves names that rule (README
 * "Security groups"). World-open means what the internet can
 * reach: 0.0.0.0/0 or ::/0, CIDRs that together cover the internet on a sensitive port (over several rules), a prefix
 * list holding such CIDRs, and optionally public CIDRs broader than INGRESS_BROADEST_PUBLIC_PREFIX_V4/_V6.
 * plan: pure (open-ingress-plan.ts); apply and verify: open-ingress-apply.ts.
 * Authorized public ports (default tcp 80, 443 as Security Hub EC2.18) and exempt groups are left open and reported.
 */
import {
  EXPOSED_INSTANCE_FINDINGS,
  INGRESS_API_CALLS,
  OPEN_INGRESS_CONFIG_RULES,
  ingressTargets,
  isOpenIngressConfigRule,
  type IngressTarget,
} from '../events/security-group';
import type { Trigger } from '../events/trigger';
import { errorMessage } from '../errors';
import { logger } from '../logger';
import { failureLines, findGroup, revokeAction, revokeRules } from './open-ingress-apply';
import { exemptKept, planGroup, verifyGroups } from './open-ingress-group';
import { exemptionsOf, PrefixListCache, rulesOfPermissions } from './open-ingress-read';
import { sweepResult } from './open-ingress-sweep';
import { securityGroupSweeper } from '../sweep/fan-out';
import { gatedResult } from '../history/gate-match';
import type { Action, GateNote, Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';

/** The tag that exempted a group before exemptions moved to the history table; now it exempts only if EXEMPT_TAG_KEY names it. */
const LEGACY_EXEMPT_TAG = 'chain-guard:exempt';

/** The revoke-open-ingress remediation. */
export const openIngress: Remediation = {
  id: 'revoke-open-ingress',
  title: 'Revoke security-group ingress open to the whole internet (0.0.0.0/0, ::/0, or CIDRs and prefix lists that together cover it)',
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:GetManagedPrefixListEntries', 'ec2:RevokeSecurityGroupIngress'],
  triggers: { cloudtrail: INGRESS_API_CALLS, guardduty: Object.keys(EXPOSED_INSTANCE_FINDINGS), config: OPEN_INGRESS_CONFIG_RULES },
  gatesPerResource: true,
  sweeper: securityGroupSweeper,
  run: revokeOpenIngress,
};

/** Runs the whole remediation for one trigger; a scheduled event runs the sweep of the whole region. */
export async function revokeOpenIngress(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  if (trigger.kind === 'schedule') return sweepResult(trigger, deps);
  const { targets, instanceId, ignore } = acceptedTargets(trigger);
  const resource = resourceOf(trigger, targets, instanceId);
  const base = { remediation: openIngress.id, resource, trigger: summarise(trigger) };
  if (ignore) return { ...base, headline: `Event ignored for ${resource.id}`, outcome: 'ignored', verified: false, actions: [], kept: [], reason: ignore };

  const ec2 = deps.clients.ec2(trigger.region);
  const prefixLists = new PrefixListCache(ec2, trigger);
  const actions: Action[] = [];
  const kept: Kept[] = [];
  const notes: string[] = [];
  const errors: string[] = [];
  let exempt = 0;
  // Groups held back by a grace period or an exemption (history table): what each run would have revoked, and why.
  const heldKept: Kept[] = [];
  const held: { gate: GateNote; planned: Action[] }[] = [];
  for (const target of targets) {
    try {
      // One DescribeSecurityGroups: every ingress rule (the CIDR union per port needs them all) and the tags.
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
      // The rules as AWS holds them now, without IDs: the event only says which of them it is about (its scope).
      const plan = await planGroup(rulesOfPermissions(group), target.scope, deps.config, prefixLists);
      const exemption = plan.revoke.length > 0 ? (await exemptionsOf([group], deps.config, trigger, deps.heldBack)).get(groupId) : undefined;
      if (!deps.config.exemptTagKey && group.Tags?.some((tag) => tag.Key === LEGACY_EXEMPT_TAG)) {
        notes.push(`${groupId} carries the tag ${LEGACY_EXEMPT_TAG}, which no longer exempts (anyone allowed ec2:CreateTags could set it): an admin exempts with npm run exemptions`);
      }
      if (exemption?.gate) {
        held.push({ gate: exemption.gate, planned: plan.revoke.map((rule) => revokeAction(rule, trigger.region, 'planned')) });
        kept.push(...plan.kept);
        heldKept.push(...exemptKept(groupId, plan, exemption));
        notes.push(`${groupId} ${exemption.why}: nothing changed on it`);
        continue;
      }
      if (exemption) {
        exempt += 1;
        kept.push(...plan.kept, ...exemptKept(groupId, plan, exemption));
        continue;
      }
      kept.push(...plan.kept);
      if (plan.revoke.length === 0) continue;
      if (deps.config.mode === 'report') {
        actions.push(...plan.revoke.map((rule) => revokeAction(rule, trigger.region, 'planned')));
        continue;
      }
      const revoked = await revokeRules(ec2, groupId, plan.revoke, trigger);
      actions.push(...revoked.actions);
      errors.push(...failureLines(revoked.actions));
      errors.push(...(await verifyGroups(ec2, new Map([[groupId, revoked]]), trigger)));
    } catch (error) {
      errors.push(errorMessage(error));
      actions.push({ api: 'RevokeSecurityGroupIngress', target: target.groupId ?? target.groupName ?? 'unknown', status: 'failed', params: {}, error: errorMessage(error) });
      logger.error('Open ingress remediation failed', { groupId: target.groupId, error: error as Error });
    }
  }
  const first = held[0];
  if (first && actions.length === 0 && errors.length === 0 && exempt === 0) {
    // Every finding is on held-back groups: told as the pipeline tells a held-back run (shared/history/gate-match.ts).
    return gatedResult(outcomeOf({ ...base, actions: held.flatMap((h) => h.planned), kept }, { errors, notes: [], exempt }), first.gate);
  }
  return outcomeOf({ ...base, actions, kept: [...kept, ...heldKept] }, { errors, notes, exempt });
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
    if (revoked === 0) return { ...base, headline: `Public ingress NOT revoked on ${id}`, outcome: 'failed', verified: false, error, reason: `Could not revoke every world-open rule: ${error}` };
    const failed = base.actions.filter((a) => a.status === 'failed').length;
    const reason = `Revoked ${revoked} world-open ingress rule(s), but ${failed} could not be revoked and may still be open: ${error}`;
    return { ...base, headline: `Public ingress only partly revoked on ${id}`, outcome: 'failed', verified: false, error, reason };
  }
  if (planned > 0) {
    return { ...base, headline: `Public ingress found on ${id} (report mode)`, outcome: 'reported', verified: false, reason: `Report mode: would revoke ${planned} world-open ingress rule(s)${notes}` };
  }
  if (revoked > 0) {
    const extra = gone ? `, ${gone} already gone` : '';
    return { ...base, headline: `Public ingress revoked on ${id}`, outcome: 'remediated', verified: true, reason: `Revoked ${revoked} world-open ingress rule(s)${extra}; AWS confirms they are gone (its answer or a re-read)${notes}` };
  }
  if (state.exempt > 0) {
    return { ...base, headline: `Public ingress left on exempt ${id}`, outcome: 'skipped', verified: false, reason: `World-open ingress left in place: the group is exempt by tag${notes}` };
  }
  const extra = gone ? ` (${gone} rule(s) already gone)` : '';
  return { ...base, headline: `No public ingress left on ${id}`, outcome: 'already-compliant', verified: true, reason: `No world-open ingress to revoke${extra}${notes}` };
}

function resourceOf(trigger: Trigger, targets: IngressTarget[], instanceId: string | undefined): ResourceRef {
  const where = { account: trigger.account, region: trigger.region };
  if (trigger.kind === 'guardduty') return { type: 'AWS::EC2::Instance', id: instanceId ?? 'unknown-instance', ...where };
  const first = targets[0];
  const id = first?.groupId ?? first?.groupName ?? (trigger.kind === 'config' ? trigger.resourceId : 'unknown-group');
  return { type: 'AWS::EC2::SecurityGroup', id, ...where, arn: first?.groupId ? `arn:aws:ec2:${trigger.region}:${trigger.account}:security-group/${first.groupId}` : undefined };
}
