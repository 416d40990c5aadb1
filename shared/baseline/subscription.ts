/**
 * What a baseline subscription must look like for every alert to reach it: no filter policy, no redrive policy,
 * raw message delivery as it was subscribed. Any of these can silence a subscriber that is still "subscribed".
 * Pure functions only.
 */
import type { Subscriber, TopicSubscription } from './topic';

/** Subscription attributes the baseline restores. */
export type SubscriptionSetting = 'FilterPolicy' | 'RedrivePolicy' | 'RawMessageDelivery';

/** One attribute of one baseline subscription to put back. */
export interface SubscriptionChange {
  subscriptionArn: string;
  protocol: string;
  endpoint: string;
  attribute: SubscriptionSetting;
  before: string;
  after: string;
  /** Why the current value keeps alerts from the subscriber, for people. */
  why: string;
}

/**
 * The value that removes a filter policy: an empty JSON object, as the SNS guide removes one
 * (`set-subscription-attributes --attribute-name FilterPolicy --attribute-value "{}"`).
 */
export const NO_FILTER_POLICY = '{}';

/** Protocols for which SNS has a RawMessageDelivery setting. */
export const RAW_DELIVERY_PROTOCOLS: ReadonlySet<string> = new Set(['sqs', 'http', 'https', 'firehose']);

/** True when the filter policy lets only some messages through (absent, empty and `{}` let everything through). */
export function isFiltering(policy: string | undefined): boolean {
  const text = (policy ?? '').trim();
  if (text === '') return false;
  try {
    const value: unknown = JSON.parse(text);
    return !(value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
  } catch {
    // SNS refuses an unreadable filter policy; if one is there anyway, it cannot be vouched for.
    return true;
  }
}

/** The raw-delivery setting the baseline subscribes with: the configured one, else off (the SNS default). */
export function wantedRawDelivery(subscriber: Subscriber): boolean {
  return subscriber.rawMessageDelivery ?? false;
}

/** What to put back on one baseline subscription, given its current attributes; empty when nothing mutes it. */
export function subscriptionDrift(subscriber: Subscriber, subscription: TopicSubscription, attributes: Record<string, string>): SubscriptionChange[] {
  const changes: SubscriptionChange[] = [];
  const change = (attribute: SubscriptionSetting, before: string, after: string, why: string): void => {
    changes.push({ subscriptionArn: subscription.arn, protocol: subscription.protocol, endpoint: subscription.endpoint, attribute, before, after, why });
  };
  if (isFiltering(attributes.FilterPolicy)) {
    const scope = attributes.FilterPolicyScope ?? 'MessageAttributes';
    change('FilterPolicy', attributes.FilterPolicy ?? '', NO_FILTER_POLICY, `a filter policy (on ${scope}) drops every alert it does not match`);
  }
  if ((attributes.RedrivePolicy ?? '').trim() !== '') {
    change('RedrivePolicy', attributes.RedrivePolicy ?? '', '', 'a redrive policy sends the alerts it cannot deliver to a queue nobody reads, instead of failing visibly');
  }
  if (RAW_DELIVERY_PROTOCOLS.has(subscription.protocol)) {
    const current = (attributes.RawMessageDelivery ?? 'false').toLowerCase() === 'true';
    const wanted = wantedRawDelivery(subscriber);
    if (current !== wanted) {
      change('RawMessageDelivery', String(current), String(wanted), `raw message delivery was ${wanted ? 'turned off' : 'turned on'}: the reader gets messages in a shape it does not parse`);
    }
  }
  return changes;
}
