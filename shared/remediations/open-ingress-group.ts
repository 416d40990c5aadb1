/**
 * The steps the event path and the sweep share, so both judge and fix a group the same way: plan a group's rules
 * (prefix lists resolved through the run's cache), keep an exempt group's findings as kept, and verify revokes (AWS's
 * RevokedSecurityGroupRules, or one re-read for the groups it did not confirm, many groups per call).
 */
import type { EC2Client, SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { Config } from '../config';
import type { IngressScope } from '../events/security-group';
import { markStillOpen, unconfirmed } from './open-ingress-apply';
import { planIngress, referencedPrefixLists, describeRule, type IngressPlan } from './open-ingress-plan';
import { ingressOfGroups, type Exemption, type PrefixListCache, type Where } from './open-ingress-read';
import type { Action, Kept } from './result';

/** Plans one group: which of its ingress rules to revoke, and which to keep, with why. */
export async function planGroup(rules: readonly SecurityGroupRule[], scope: IngressScope, config: Pick<Config, 'authorizedPorts' | 'broadestPublicPrefix'>, prefixLists: PrefixListCache): Promise<IngressPlan> {
  const entries = await prefixLists.entries(referencedPrefixLists(rules));
  return planIngress(rules, scope, config.authorizedPorts, { prefixLists: entries, broadestPublicPrefix: config.broadestPublicPrefix });
}

/** The world-open rules of an exempt group, reported as kept (never revoked). */
export function exemptKept(groupId: string, plan: IngressPlan, exemption: Exemption): Kept[] {
  return plan.revoke.map((rule) => ({ target: rule.ruleId ? `${groupId} ${rule.ruleId}` : groupId, what: describeRule(rule), reason: `${exemption.why} (world-open: ${rule.why})` }));
}

/**
 * Verifies the done revokes of several groups: those AWS confirmed need nothing more; the rest are checked on one
 * re-read (DescribeSecurityGroups, 200 groups per call): a rule still there with the revoked protocol, ports and source
 * turns its action failed. Returns what failed. (DescribeSecurityGroupRules would also give IDs, but an ID gone proves
 * nothing if the same rule is back under another, and on moto its cost grows with the whole account.)
 */
export async function verifyGroups(ec2: EC2Client, revoked: ReadonlyMap<string, { actions: Action[]; confirmed: ReadonlySet<string> }>, where: Where): Promise<string[]> {
  const toCheck = new Map<string, Action[]>();
  for (const [groupId, { actions, confirmed }] of revoked) {
    const open = unconfirmed(actions, confirmed);
    if (open.length > 0) toCheck.set(groupId, open);
  }
  if (toCheck.size === 0) return [];
  const remaining = await ingressOfGroups(ec2, [...toCheck.keys()], where);
  return [...toCheck].flatMap(([groupId, actions]) => markStillOpen(actions, remaining.get(groupId) ?? []));
}
