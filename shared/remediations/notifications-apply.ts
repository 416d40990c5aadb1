/** Writes a protect-notifications plan (or, in report mode, only describes it): one Action per write, with its undo. */
import { CreateTopicCommand, PutDataProtectionPolicyCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { NO_DATA_PROTECTION_POLICY } from '../baseline/data-protection';
import { CONFIRMING_PROTOCOLS, type TopicBaseline } from '../baseline/topic';
import { awsCall } from '../aws/call';
import type { ErrorContext } from '../errors';
import type { TopicPlan } from './notifications-plan';
import type { Action } from './result';
import type { Deps } from './types';
import { shellQuote } from '../aws/cli';

/** Applies the plan in order: topic, attributes, data protection policy, subscription settings, subscriptions. */
export async function applyTopicPlan(baseline: TopicBaseline, plan: TopicPlan, deps: Deps): Promise<Action[]> {
  const enforce = deps.config.mode === 'enforce';
  const status = enforce ? 'done' : 'planned';
  const sns = deps.clients.sns(baseline.region);
  const where: ErrorContext = { resource: baseline.topicArn, account: baseline.account, region: baseline.region };
  const cli = (command: string): string => `aws sns ${command} --region ${baseline.region}`;
  const actions: Action[] = [];
  if (plan.createTopic) {
    // Create plainly, then set attributes: CreateTopic with attributes fails if a racing re-creation set others.
    if (enforce) await awsCall('CreateTopic', where, () => sns.send(new CreateTopicCommand({ Name: baseline.name })));
    actions.push({ api: 'CreateTopic', target: baseline.topicArn, status, params: { Name: baseline.name }, before: { summary: 'deleted' }, after: 'created (same name, so the same ARN)' });
  }
  for (const change of plan.attributes) {
    if (enforce) await awsCall('SetTopicAttributes', where, () => sns.send(new SetTopicAttributesCommand({ TopicArn: baseline.topicArn, AttributeName: change.name, AttributeValue: change.after })));
    const undo = change.name === 'Policy' || plan.createTopic ? undefined : `${cli('set-topic-attributes')} --topic-arn ${baseline.topicArn} --attribute-name ${change.name} --attribute-value ${shellQuote(change.before)}`;
    actions.push({
      api: 'SetTopicAttributes',
      target: baseline.topicArn,
      status,
      params: { setting: change.name },
      before: { summary: change.name === 'Policy' ? policySummary(change.before) : plan.createTopic ? 'topic deleted' : JSON.stringify(change.before), value: change.before },
      after: change.name === 'Policy' ? 'the baseline policy (CloudWatch alarms of the baseline may publish; Denies on publish, subscribe, delete and policy changes except the stack and admins)' : JSON.stringify(change.after),
      ...(undo ? { undo } : {}),
      command: `${cli('set-topic-attributes')} --topic-arn ${baseline.topicArn} --attribute-name ${change.name} --attribute-value ${shellQuote(change.after)}`,
    });
  }
  if (plan.dataProtection) {
    const { before, blockers } = plan.dataProtection;
    if (enforce) await awsCall('PutDataProtectionPolicy', where, () => sns.send(new PutDataProtectionPolicyCommand({ ResourceArn: baseline.topicArn, DataProtectionPolicy: NO_DATA_PROTECTION_POLICY })));
    actions.push({
      api: 'PutDataProtectionPolicy',
      target: baseline.topicArn,
      status,
      params: { DataProtectionPolicy: NO_DATA_PROTECTION_POLICY },
      before: { summary: `data protection policy: ${blockers.join('; ')}`, value: before },
      after: 'no data protection policy (the baseline has none)',
      undo: `${cli('put-data-protection-policy')} --resource-arn ${baseline.topicArn} --data-protection-policy ${shellQuote(before)}`,
      command: `${cli('put-data-protection-policy')} --resource-arn ${baseline.topicArn} --data-protection-policy ${shellQuote(NO_DATA_PROTECTION_POLICY)}`,
    });
  }
  for (const change of plan.subscriptionChanges) {
    const at = { ...where, resource: change.subscriptionArn };
    if (enforce) await awsCall('SetSubscriptionAttributes', at, () => sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: change.subscriptionArn, AttributeName: change.attribute, AttributeValue: change.after })));
    actions.push({
      api: 'SetSubscriptionAttributes',
      target: change.subscriptionArn,
      status,
      params: { setting: change.attribute, value: change.after, protocol: change.protocol, endpoint: change.endpoint },
      before: { summary: `${change.attribute} ${JSON.stringify(change.before)}: ${change.why}`, value: change.before },
      after: change.attribute === 'RawMessageDelivery' ? `RawMessageDelivery ${change.after}, as subscribed` : `no ${change.attribute}: every alert is delivered`,
      undo: `${cli('set-subscription-attributes')} --subscription-arn ${change.subscriptionArn} --attribute-name ${change.attribute} --attribute-value ${shellQuote(change.before)}`,
      command: `${cli('set-subscription-attributes')} --subscription-arn ${change.subscriptionArn} --attribute-name ${change.attribute} --attribute-value ${shellQuote(change.after)}`,
    });
  }
  for (const subscriber of plan.subscribe) {
    let arn = '';
    if (enforce) {
      const attributes = subscriber.rawMessageDelivery ? { Attributes: { RawMessageDelivery: 'true' } } : {};
      const response = await awsCall('Subscribe', { ...where, resource: subscriber.endpoint }, () =>
        sns.send(new SubscribeCommand({ TopicArn: baseline.topicArn, Protocol: subscriber.protocol, Endpoint: subscriber.endpoint, ReturnSubscriptionArn: true, ...attributes })),
      );
      arn = response.SubscriptionArn ?? '';
    }
    const pending = CONFIRMING_PROTOCOLS.has(subscriber.protocol);
    actions.push({
      api: 'Subscribe',
      target: `${subscriber.protocol}:${subscriber.endpoint}`,
      status,
      params: { protocol: subscriber.protocol, endpoint: subscriber.endpoint, ...(subscriber.rawMessageDelivery ? { rawMessageDelivery: true } : {}), ...(arn ? { subscriptionArn: arn } : {}) },
      before: { summary: 'not subscribed' },
      after: pending ? 'subscribed, PENDING CONFIRMATION by the endpoint' : 'subscribed',
      ...(arn.startsWith('arn:') ? { undo: `${cli('unsubscribe')} --subscription-arn ${arn}` } : {}),
    });
  }
  return actions;
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
