/** What protect-notifications must write, decided from the topic's state alone. Pure. */
import { deliveryBlockers } from '../baseline/data-protection';
import { subscriptionDrift, type SubscriptionChange } from '../baseline/subscription';
import { attributeDrift, baselineAttributes, isAwsManagedSnsKey, missingSubscribers, sameSubscriber, type Subscriber, type TopicBaseline, type TopicSubscription } from '../baseline/topic';
import type { TopicState } from './notifications-read';

/** What to write, decided from the current state alone. */
export interface TopicPlan {
  createTopic: boolean;
  attributes: { name: string; before: string; after: string }[];
  /** The data protection policy to remove, when it denies or masks messages. */
  dataProtection?: { before: string; blockers: string[] };
  /** Settings of baseline subscriptions that keep alerts from them. */
  subscriptionChanges: SubscriptionChange[];
  subscribe: Subscriber[];
  /** Subscriptions that are not in the baseline: left alone, listed. */
  others: TopicSubscription[];
}

/** Compares the baseline with the topic's current state. */
export function planTopic(baseline: TopicBaseline, state: TopicState): TopicPlan {
  if (!state.exists) {
    const attributes = Object.entries(baselineAttributes(baseline)).map(([name, after]) => ({ name, before: '(topic deleted)', after }));
    return { createTopic: true, attributes, subscriptionChanges: [], subscribe: [...baseline.subscribers], others: [] };
  }
  const others = state.subscriptions.filter((s) => !baseline.subscribers.some((b) => sameSubscriber(b, s)));
  const blockers = deliveryBlockers(state.dataProtectionPolicy);
  const subscriptionChanges = state.subscriptions.flatMap((s) => {
    const subscriber = baseline.subscribers.find((b) => sameSubscriber(b, s));
    const attributes = state.subscriptionAttributes[s.arn];
    return subscriber && attributes ? subscriptionDrift(subscriber, s, attributes) : [];
  });
  return {
    createTopic: false,
    attributes: attributeDrift(baseline, state.attributes),
    ...(blockers.length > 0 ? { dataProtection: { before: state.dataProtectionPolicy, blockers } } : {}),
    subscriptionChanges,
    subscribe: missingSubscribers(baseline, state.subscriptions),
    others,
  };
}

/** What a re-read still finds wrong after the repair; empty when the topic is as in the baseline. */
export function problemsOf(plan: TopicPlan): string[] {
  return [
    ...(plan.createTopic ? ['the topic still does not exist'] : []),
    ...plan.attributes.map((a) => `attribute ${a.name} still differs`),
    ...(plan.dataProtection ? [`the data protection policy still ${plan.dataProtection.blockers.join('; ')}`] : []),
    ...plan.subscriptionChanges.map((c) => `${c.attribute} of ${c.protocol} ${c.endpoint} still differs`),
    ...plan.subscribe.map((s) => `${s.protocol} ${s.endpoint} still not subscribed`),
  ];
}

/** The plan mutes or breaks delivery to people (not just a renamed topic): the notice also goes to the fallback topic. */
export function breaksDelivery(plan: TopicPlan): boolean {
  return plan.createTopic || plan.subscribe.length > 0 || plan.subscriptionChanges.length > 0 || plan.dataProtection !== undefined || plan.attributes.some((a) => a.name === 'KmsMasterKeyId' && isAwsManagedSnsKey(a.before));
}
