/**
 * Protect the last links of the alerting chain: the alerts topic and its subscribers.
 * plan: pure (`planTopic`); apply: CreateTopic / SetTopicAttributes / Subscribe; verify: GetTopicAttributes,
 * ListSubscriptionsByTopic. Subscriptions outside the baseline are never removed, only reported.
 */
import { CreateTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CONFIRMING_PROTOCOLS,
  attributeDrift,
  baselineAttributes,
  missingSubscribers,
  sameSubscriber,
  type Subscriber,
  type TopicBaseline,
  type TopicSubscription,
} from '../baseline/topic';
import { awsCall } from '../aws/call';
import type { Clients } from '../aws/clients';
import { AwsCallError, errorMessage, hasErrorCode } from '../errors';
import { TOPIC_API_CALLS, TOPIC_CONFIG_RULES, topicScope, type TopicScope } from '../events/notifications';
import type { Trigger } from '../events/trigger';
import type { Action, Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';

/** The protect-notifications remediation. */
export const notificationChannel: Remediation = {
  id: 'protect-notifications',
  title: 'Recreate the alerts topic, restore its policy and attributes, re-subscribe the baseline subscribers',
  permissions: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe'],
  triggers: { cloudtrail: TOPIC_API_CALLS, config: TOPIC_CONFIG_RULES },
  run: protectNotifications,
};

/** The topic as read from SNS. */
export interface TopicState {
  exists: boolean;
  attributes: Record<string, string>;
  subscriptions: TopicSubscription[];
}

/** What to write, decided from the current state alone. */
export interface TopicPlan {
  createTopic: boolean;
  attributes: { name: string; before: string; after: string }[];
  subscribe: Subscriber[];
  /** Subscriptions that are not in the baseline: left alone, listed. */
  others: TopicSubscription[];
}

/** Compares the baseline with the topic's current state. Pure. */
export function planTopic(baseline: TopicBaseline, state: TopicState): TopicPlan {
  if (!state.exists) {
    const attributes = Object.entries(baselineAttributes(baseline)).map(([name, after]) => ({ name, before: '(topic deleted)', after }));
    return { createTopic: true, attributes, subscribe: [...baseline.subscribers], others: [] };
  }
  const others = state.subscriptions.filter((s) => !baseline.subscribers.some((b) => sameSubscriber(b, s)));
  return { createTopic: false, attributes: attributeDrift(baseline, state.attributes), subscribe: missingSubscribers(baseline, state.subscriptions), others };
}

/** Reads the topic: attributes (or that it is gone) and every subscription. */
export async function readTopic(clients: Clients, baseline: TopicBaseline): Promise<TopicState> {
  const sns = clients.sns(baseline.region);
  const where = { resource: baseline.topicArn, account: baseline.account, region: baseline.region };
  let attributes: Record<string, string>;
  try {
    attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: baseline.topicArn }))).Attributes ?? {};
  } catch (error) {
    if (hasErrorCode(error, 'NotFound', 'NotFoundException')) return { exists: false, attributes: {}, subscriptions: [] };
    throw new AwsCallError('GetTopicAttributes', error, where);
  }
  const subscriptions: TopicSubscription[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall('ListSubscriptionsByTopic', where, () => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: baseline.topicArn, NextToken: token })));
    for (const s of page.Subscriptions ?? []) subscriptions.push({ arn: s.SubscriptionArn ?? '', protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' });
    token = page.NextToken;
  } while (token);
  return { exists: true, attributes, subscriptions };
}

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
    const damaged = plan.createTopic || plan.subscribe.length > 0 || scope.deleted;
    const actions = await apply(baseline, plan, deps);
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
      reason: `${capitalise(scope.why)}; ${summaryOf(plan)}. A re-read confirms the topic, its attributes and the subscriptions.`,
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
  return { ...base, headline: `Alerts topic ${baseline.name} already as in the baseline`, outcome: 'already-compliant', verified: true, actions: [], kept, reason: `${capitalise(scope.why)}; the topic, its policy and attributes, and all ${baseline.subscribers.length} baseline subscriber(s) are in place` };
}

function keptFor(plan: TopicPlan, scope: TopicScope, removedGone: boolean): Kept[] {
  const kept: Kept[] = plan.others.map((s) => ({ target: s.arn, what: `${s.protocol} subscription ${s.endpoint}`, reason: 'not in the baseline subscribers: left as it is' }));
  if (removedGone && scope.subscriptionArn) {
    kept.push({ target: scope.subscriptionArn, what: 'removed subscription', reason: 'its endpoint can no longer be read; restored only if it is a baseline subscriber' });
  }
  return kept;
}

async function apply(baseline: TopicBaseline, plan: TopicPlan, deps: Deps): Promise<Action[]> {
  const enforce = deps.config.mode === 'enforce';
  const status = enforce ? 'done' : 'planned';
  const sns = deps.clients.sns(baseline.region);
  const where = { resource: baseline.topicArn, account: baseline.account, region: baseline.region };
  const actions: Action[] = [];
  if (plan.createTopic) {
    // Create plainly, then set attributes: CreateTopic with attributes fails if a racing re-creation set others.
    if (enforce) await awsCall('CreateTopic', where, () => sns.send(new CreateTopicCommand({ Name: baseline.name })));
    actions.push({ api: 'CreateTopic', target: baseline.topicArn, status, params: { Name: baseline.name }, before: { summary: 'deleted' }, after: 'created (same name, so the same ARN)' });
  }
  for (const change of plan.attributes) {
    if (enforce) await awsCall('SetTopicAttributes', where, () => sns.send(new SetTopicAttributesCommand({ TopicArn: baseline.topicArn, AttributeName: change.name, AttributeValue: change.after })));
    const undo = change.name === 'Policy' || plan.createTopic ? undefined : `aws sns set-topic-attributes --region ${baseline.region} --topic-arn ${baseline.topicArn} --attribute-name ${change.name} --attribute-value '${change.before}'`;
    actions.push({
      api: 'SetTopicAttributes',
      target: baseline.topicArn,
      status,
      params: { setting: change.name },
      before: { summary: change.name === 'Policy' ? policySummary(change.before) : plan.createTopic ? 'topic deleted' : JSON.stringify(change.before), value: change.before },
      after: change.name === 'Policy' ? 'the baseline policy (account use, CloudWatch alarms may publish, Deny on delete/policy changes except admins)' : JSON.stringify(change.after),
      ...(undo ? { undo } : {}),
    });
  }
  for (const subscriber of plan.subscribe) {
    let arn = '';
    if (enforce) {
      const response = await awsCall('Subscribe', { ...where, resource: subscriber.endpoint }, () =>
        sns.send(new SubscribeCommand({ TopicArn: baseline.topicArn, Protocol: subscriber.protocol, Endpoint: subscriber.endpoint, ReturnSubscriptionArn: true })),
      );
      arn = response.SubscriptionArn ?? '';
    }
    const pending = CONFIRMING_PROTOCOLS.has(subscriber.protocol);
    actions.push({
      api: 'Subscribe',
      target: `${subscriber.protocol}:${subscriber.endpoint}`,
      status,
      params: { protocol: subscriber.protocol, endpoint: subscriber.endpoint, ...(arn ? { subscriptionArn: arn } : {}) },
      before: { summary: 'not subscribed' },
      after: pending ? 'subscribed, PENDING CONFIRMATION by the endpoint' : 'subscribed',
      ...(arn.startsWith('arn:') ? { undo: `aws sns unsubscribe --region ${baseline.region} --subscription-arn ${arn}` } : {}),
    });
  }
  return actions;
}

function problemsOf(plan: TopicPlan): string[] {
  return [
    ...(plan.createTopic ? ['the topic still does not exist'] : []),
    ...plan.attributes.map((a) => `attribute ${a.name} still differs`),
    ...plan.subscribe.map((s) => `${s.protocol} ${s.endpoint} still not subscribed`),
  ];
}

function confirmationNeeded(subscribed: Subscriber[]): string | undefined {
  const confirming = subscribed.filter((s) => CONFIRMING_PROTOCOLS.has(s.protocol));
  if (confirming.length === 0) return undefined;
  return `Re-subscribed ${confirming.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}: AWS sent a confirmation request; until someone clicks it, ${confirming.length === 1 ? 'that endpoint receives' : 'those endpoints receive'} NO alerts.`;
}

function headlineOf(baseline: TopicBaseline, plan: TopicPlan): string {
  if (plan.createTopic) return `Alerts topic ${baseline.name} recreated, ${plan.subscribe.length} subscriber(s) back`;
  const parts = [plan.attributes.length ? `${plan.attributes.map((a) => a.name).join(', ')} restored` : '', plan.subscribe.length ? `${plan.subscribe.length} subscriber(s) re-subscribed` : ''].filter(Boolean);
  return `Alerts topic ${baseline.name}: ${parts.join(', ')}`;
}

function summaryOf(plan: TopicPlan): string {
  const parts = [
    plan.createTopic ? 'recreated the topic with the same name' : '',
    plan.attributes.length ? `restored ${plan.attributes.map((a) => a.name).join(', ')}` : '',
    plan.subscribe.length ? `re-subscribed ${plan.subscribe.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

function policySummary(policy: string): string {
  if (!policy || policy.startsWith('(')) return policy || '(none)';
  try {
    const doc = JSON.parse(policy) as { Statement?: { Sid?: string; Effect?: string }[] | { Sid?: string; Effect?: string } };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    return `policy with ${statements.length} statement(s): ${statements.map((s) => `${s.Effect ?? '?'} ${s.Sid ?? '(no Sid)'}`).join(', ')}`;
  } catch {
    return 'unreadable policy';
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
