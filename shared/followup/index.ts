/**
 * Closes the loop with AWS Config and Security Hub after a verified fix of a Config event (called once, from
 * shared/pipeline.ts): re-evaluate the rule, resolve Security Hub's finding. Best effort: the result's outcome never
 * changes and nothing throws; what happened is in `result.followUps`, which the notice shows in one line each.
 */
import { logger } from '../logger';
import type { Trigger } from '../events/trigger';
import type { FollowUp, RemediationResult } from '../remediations/result';
import type { Deps } from '../remediations/types';
import { reevaluateRule } from './config-rule';
import { planFollowUp } from './plan';
import { resolveFinding } from './security-hub';

export { FOLLOW_UP_PERMISSIONS, followUpPermissions } from './plan';

/** The result with its follow-ups, when it deserves some; else the result as it was. */
export async function followUp(trigger: Trigger, result: RemediationResult, deps: Deps): Promise<RemediationResult> {
  const plan = planFollowUp(trigger, result);
  if (!plan) return result;
  const followUps: FollowUp[] = [];
  followUps.push(plan.skipReevaluation ? { service: 'config', status: 'skipped', summary: `rule ${plan.ruleName} ${plan.skipReevaluation}` } : await reevaluateRule(deps.clients.configservice(plan.region), plan.ruleName));
  if (plan.securityHub) followUps.push(await resolveFinding(deps.clients.securityhub(plan.region), plan));
  for (const f of followUps) {
    if (f.status === 'failed') logger.warn('Follow-up failed: the console may lag', { service: f.service, summary: f.summary, error: f.error });
    else logger.info('Follow-up', { service: f.service, status: f.status, summary: f.summary });
  }
  return { ...result, followUps: [...(result.followUps ?? []), ...followUps] };
}
