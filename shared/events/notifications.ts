/** Reads, from each event shape, which change to the alerts topic (or its subscriptions) an event reports. */
import { parseTopicArn, topicOfSubscription, type TopicBaseline } from '../baseline/topic';
import type { Trigger } from './trigger';
import { configRuleOf } from './accepted';

/** CloudTrail API calls (sns.amazonaws.com) that remove or rewrite the notification channel. */
export const TOPIC_API_CALLS = ['DeleteTopic', 'Unsubscribe', 'SetTopicAttributes', 'AddPermission', 'RemovePermission', 'SetSubscriptionAttributes', 'PutDataProtectionPolicy'] as const;
/** Config managed rules about SNS topics. */
export const TOPIC_CONFIG_RULES = ['sns-encrypted-kms'] as const;

/** What happened to the protected topic, as far as the event says. */
export interface TopicScope {
  /** The topic was deleted (the event says so; the remediation re-reads anyway). */
  deleted: boolean;
  /** The removed subscription, for Unsubscribe. */
  subscriptionArn?: string;
  /** The subscription whose attribute SetSubscriptionAttributes changed. */
  changedSubscriptionArn?: string;
  /** The attribute set by SetTopicAttributes. */
  attributeName?: string;
  why: string;
}

/** The scope of a trigger for the protected topic, or why it concerns something else. */
export function topicScope(trigger: Trigger, baseline: TopicBaseline): { scope?: TopicScope; ignore?: string } {
  if (trigger.kind === 'schedule') return { scope: { deleted: false, why: 'scheduled sweep of the alerts topic' } };
  if (trigger.kind === 'guardduty') return { ignore: `finding ${trigger.eventName} is not about the alerts topic` };
  if (trigger.kind === 'config') {
    const ours = configRuleOf(trigger.ruleName, TOPIC_CONFIG_RULES) !== undefined;
    if (!ours) return { ignore: `Config rule ${trigger.ruleName} is not about SNS topics` };
    if (trigger.resourceType !== 'AWS::SNS::Topic' || (trigger.resourceId !== baseline.topicArn && trigger.resourceId !== baseline.name)) {
      return { ignore: `Config rule ${trigger.ruleName} concerns ${trigger.resourceType} ${trigger.resourceId}, not the alerts topic ${baseline.topicArn}` };
    }
    return { scope: { deleted: false, why: `Config rule ${trigger.ruleName} is NON_COMPLIANT` } };
  }
  if (trigger.eventSource !== 'sns.amazonaws.com' || !(TOPIC_API_CALLS as readonly string[]).includes(trigger.eventName)) {
    return { ignore: `${trigger.eventSource} ${trigger.eventName} is not handled by protect-notifications` };
  }
  const request = trigger.request;
  const subscriptionArn = typeof request.subscriptionArn === 'string' ? request.subscriptionArn : undefined;
  const topicArn = topicOfRequest(trigger.eventName, request, subscriptionArn);
  if (!topicArn || !parseTopicArn(topicArn)) return { ignore: `the ${trigger.eventName} event names no topic` };
  if (topicArn !== baseline.topicArn) return { ignore: `${trigger.eventName} concerns ${topicArn}, not the alerts topic ${baseline.topicArn}` };
  switch (trigger.eventName) {
    case 'DeleteTopic':
      return { scope: { deleted: true, why: 'the alerts topic was deleted' } };
    case 'Unsubscribe':
      return { scope: { deleted: false, subscriptionArn, why: `subscription ${subscriptionArn ?? ''} was removed` } };
    case 'SetTopicAttributes': {
      const attributeName = typeof request.attributeName === 'string' ? request.attributeName : undefined;
      return { scope: { deleted: false, attributeName, why: `topic attribute ${attributeName ?? '(unknown)'} was changed` } };
    }
    case 'SetSubscriptionAttributes': {
      const attributeName = typeof request.attributeName === 'string' ? request.attributeName : '(unknown)';
      return { scope: { deleted: false, changedSubscriptionArn: subscriptionArn, why: `attribute ${attributeName} of subscription ${subscriptionArn ?? ''} was changed` } };
    }
    case 'PutDataProtectionPolicy':
      return { scope: { deleted: false, why: 'a data protection policy was put on the alerts topic' } };
    default:
      return { scope: { deleted: false, why: `the topic policy was changed (${trigger.eventName})` } };
  }
}

/** The topic an SNS call is about: subscription calls name the subscription (topic ARN + ':' + id), the rest the topic. */
function topicOfRequest(eventName: string, request: Record<string, unknown>, subscriptionArn: string | undefined): string | undefined {
  if (eventName === 'Unsubscribe' || eventName === 'SetSubscriptionAttributes') return topicOfSubscription(subscriptionArn ?? '');
  if (eventName === 'PutDataProtectionPolicy' && typeof request.resourceArn === 'string') return request.resourceArn;
  return typeof request.topicArn === 'string' ? request.topicArn : undefined;
}
