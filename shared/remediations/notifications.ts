/**
 * Protect the last links of the alerting chain: the alerts topic and its subscribers.
 * read: `notifications-read.ts`; plan: pure (`notifications-plan.ts`); apply: `notifications-apply.ts`; verify: a second
 * read and plan must find nothing left to do. Subscriptions outside the baseline are never changed, only reported.
 */
import { CONFIRMING_PROTOCOLS, type Subscriber, type TopicBaseline } from '../baseline/topic';
import { errorMessage } from '../errors';
import { TOPIC_API_CALLS, TOPIC_CONFIG_RULES, topicScope, type TopicScope } from '../events/notifications';
import type { Trigger } from '../events/trigger';
import { applyTopicPlan } from './notifications-apply';
import { breaksDelivery, planTopic, problemsOf, type TopicPlan } from './notifications-plan';
import { readTopic } from './notifications-read';
import type { Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';

/** The protect-notifications remediation. */
export const notificationChannel: Remediation = {
  id: 'protect-notifications',
  // The alerts topic is the central account's: a member's event never concerns it (organization mode).
  memberAccounts: false,
  title: 'Recreate the alerts topic, restore its policy, attributes and subscriptions, re-subscribe the baseline subscribers',
  permissions: [
    'sns:GetTopicAttributes',
    'sns:ListSubscriptionsByTopic',
    'sns:GetDataProtectionPolicy',
    'sns:GetSubscriptionAttributes',
    'sns:CreateTopic',
    'sns:SetTopicAttributes',
    'sns:PutDataProtectionPolicy',
    'sns:SetSubscriptionAttributes',
    'sns:Subscribe',
  ],
  triggers: { cloudtrail: TOPIC_API_CALLS, config: TOPIC_CONFIG_RULES },
  run: protectNotifications,
};

/** Runs the whole remediation for one trigger. */
export async function protectNotifications(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const baseline = deps.config.topic;
  const resource: ResourceRef = { type: 'AWS::SNS::Topic', id: baseline.topicArn, name: baseline.name, arn: baseline.topicArn, account: baseline.account, region: baseline.region };
  const base = { remediation: notificationChannel.id, resource, trigger: summarise(trigger) };
  const { scope, ignore } = topicScope(trigger, baseline);
  if (ignore || !scope) return { ...base, headline: `Event ignored for ${baseline.name}`, outcome: 'ignored', verified: false, actions: [], kept: [], reason: ignore ?? 'nothing in scope' };
  try {
    const before = await readTopic(deps.clients, baseline);
    const plan = planTopic(baseline, before);
    const removedGone = scope.subscriptionArn !== undefined && !before.subscriptions.some((s) => s.arn === scope.subscriptionArn);
    const kept = keptFor(plan, scope, removedGone);
    const damaged = breaksDelivery(plan) || scope.deleted;
    const actions = await applyTopicPlan(baseline, plan, deps);
    if (actions.length === 0) return settled(base, baseline, scope, kept, removedGone);
    if (deps.config.mode === 'report') {
      return { ...base, headline: `Alerts topic ${baseline.name} needs repair (report mode)`, outcome: 'reported', verified: false, actions, kept, reason: `Report mode: ${scope.why}; would write ${actions.length} change(s)`, channelDamaged: damaged };
    }
    const problems = problemsOf(planTopic(baseline, await readTopic(deps.clients, baseline)));
    if (problems.length > 0) {
      const error = problems.join('; ');
      return { ...base, headline: `Alerts topic ${baseline.name} NOT repaired`, outcome: 'failed', verified: false, actions, kept, error, reason: `Re-read after the repair: ${error}`, channelDamaged: true };
    }
    const actionNeeded = confirmationNeeded(plan.subscribe);
    return {
      ...base,
      headline: headlineOf(baseline, plan),
      outcome: 'remediated',
      verified: true,
      actions,
      kept,
      reason: `${capitalise(scope.why)}; ${summaryOf(plan)}. A re-read confirms the topic, its attributes and the subscriptions with their settings.`,
      channelDamaged: damaged,
      ...(actionNeeded ? { actionNeeded } : {}),
    };
  } catch (error) {
    const message = errorMessage(error);
    return { ...base, headline: `Alerts topic ${baseline.name} NOT repaired`, outcome: 'failed', verified: false, actions: [], kept: [], error: message, reason: `Could not repair the alerts topic (${scope.why}): ${message}`, channelDamaged: true };
  }
}

type Base = Pick<RemediationResult, 'remediation' | 'resource' | 'trigger'>;

/** Nothing to write: already compliant, or a removed subscription that was not in the baseline (reported). */
function settled(base: Base, baseline: TopicBaseline, scope: TopicScope, kept: Kept[], removedGone: boolean): RemediationResult {
  if (removedGone) {
    return {
      ...base,
      headline: `Non-baseline subscription removed from ${baseline.name}`,
      outcome: 'skipped',
      verified: false,
      actions: [],
      kept,
      reason: `${capitalise(scope.why)}; every baseline subscriber (${baseline.subscribers.length}) is still subscribed, so it was not one of them and is not restored`,
      ...(baseline.subscribers.length === 0 ? { actionNeeded: 'No baseline subscribers are configured (ALERT_SUBSCRIBERS / alertEmail): removed subscriptions cannot be restored. If this one mattered, subscribe it again and add it to the baseline.' } : {}),
    };
  }
  return { ...base, headline: `Alerts topic ${baseline.name} already as in the baseline`, outcome: 'already-compliant', verified: true, actions: [], kept, reason: `${capitalise(scope.why)}; the topic, its policy and attributes, and all ${baseline.subscribers.length} baseline subscriber(s) with their settings are in place` };
}

function keptFor(plan: TopicPlan, scope: TopicScope, removedGone: boolean): Kept[] {
  const kept: Kept[] = plan.others.map((s) => ({ target: s.arn, what: `${s.protocol} subscription ${s.endpoint}`, reason: 'not in the baseline subscribers: left as it is' }));
  if (removedGone && scope.subscriptionArn) {
    kept.push({ target: scope.subscriptionArn, what: 'removed subscription', reason: 'its endpoint can no longer be read; restored only if it is a baseline subscriber' });
  }
  return kept;
}

function confirmationNeeded(subscribed: Subscriber[]): string | undefined {
  const confirming = subscribed.filter((s) => CONFIRMING_PROTOCOLS.has(s.protocol));
  if (confirming.length === 0) return undefined;
  return `Re-subscribed ${confirming.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}: AWS sent a confirmation request; until someone clicks it, ${confirming.length === 1 ? 'that endpoint receives' : 'those endpoints receive'} NO alerts.`;
}

function headlineOf(baseline: TopicBaseline, plan: TopicPlan): string {
  if (plan.createTopic) return `Alerts topic ${baseline.name} recreated, ${plan.subscribe.length} subscriber(s) back`;
  const unmuted = new Set(plan.subscriptionChanges.map((c) => c.subscriptionArn)).size;
  const parts = [
    plan.attributes.length ? `${plan.attributes.map((a) => a.name).join(', ')} restored` : '',
    plan.dataProtection ? 'data protection policy removed' : '',
    unmuted ? `${unmuted} muted subscriber(s) restored` : '',
    plan.subscribe.length ? `${plan.subscribe.length} subscriber(s) re-subscribed` : '',
  ].filter(Boolean);
  return `Alerts topic ${baseline.name}: ${parts.join(', ')}`;
}

function summaryOf(plan: TopicPlan): string {
  const parts = [
    plan.createTopic ? 'recreated the topic with the same name' : '',
    plan.attributes.length ? `restored ${plan.attributes.map((a) => a.name).join(', ')}` : '',
    plan.dataProtection ? `removed the data protection policy (${plan.dataProtection.blockers.join('; ')})` : '',
    plan.subscriptionChanges.length ? `restored ${plan.subscriptionChanges.map((c) => `${c.attribute} of ${c.protocol} ${c.endpoint}`).join(', ')}` : '',
    plan.subscribe.length ? `re-subscribed ${plan.subscribe.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
