/**
 * Reads the alerts topic as far as it decides whether an alert reaches a person: its attributes, its data protection
 * policy, every subscription, and the attributes of each confirmed baseline subscription. Changes nothing.
 */
import { GetDataProtectionPolicyCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import { isConfirmed, sameSubscriber, type TopicBaseline, type TopicSubscription } from '../baseline/topic';
import { awsCall } from '../aws/call';
import type { Clients } from '../aws/clients';
import { AwsCallError, hasErrorCode, type ErrorContext } from '../errors';

/** The topic as read from SNS. */
export interface TopicState {
  exists: boolean;
  attributes: Record<string, string>;
  subscriptions: TopicSubscription[];
  /** Attributes of each confirmed baseline subscription, by subscription ARN (others are never read). */
  subscriptionAttributes: Record<string, Record<string, string>>;
  /** The topic's data protection policy document; '' when it has none. */
  dataProtectionPolicy: string;
}

/** The state of a topic that does not exist. */
const GONE: TopicState = { exists: false, attributes: {}, subscriptions: [], subscriptionAttributes: {}, dataProtectionPolicy: '' };

/** Reads the topic: attributes (or that it is gone), data protection policy, subscriptions and their attributes. */
export async function readTopic(clients: Clients, baseline: TopicBaseline): Promise<TopicState> {
  const sns = clients.sns(baseline.region);
  const where: ErrorContext = { resource: baseline.topicArn, account: baseline.account, region: baseline.region };
  let attributes: Record<string, string>;
  try {
    attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: baseline.topicArn }))).Attributes ?? {};
  } catch (error) {
    if (hasErrorCode(error, 'NotFound', 'NotFoundException')) return { ...GONE };
    throw new AwsCallError('GetTopicAttributes', error, where);
  }
  const policy = await awsCall('GetDataProtectionPolicy', where, () => sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: baseline.topicArn })));
  const subscriptions = await listSubscriptions(sns, baseline, where);
  const subscriptionAttributes: Record<string, Record<string, string>> = {};
  for (const subscription of subscriptions.filter((s) => isConfirmed(s) && baseline.subscribers.some((b) => sameSubscriber(b, s)))) {
    const read = await readSubscription(sns, subscription.arn, where);
    if (read) subscriptionAttributes[subscription.arn] = read;
  }
  return { exists: true, attributes, subscriptions, subscriptionAttributes, dataProtectionPolicy: policy.DataProtectionPolicy ?? '' };
}

async function listSubscriptions(sns: SNSClient, baseline: TopicBaseline, where: ErrorContext): Promise<TopicSubscription[]> {
  const subscriptions: TopicSubscription[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall('ListSubscriptionsByTopic', where, () => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: baseline.topicArn, NextToken: token })));
    for (const s of page.Subscriptions ?? []) subscriptions.push({ arn: s.SubscriptionArn ?? '', protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' });
    token = page.NextToken;
  } while (token);
  return subscriptions;
}

/** A subscription's attributes; undefined when it was removed since the listing (the next run re-subscribes it). */
async function readSubscription(sns: SNSClient, arn: string, where: ErrorContext): Promise<Record<string, string> | undefined> {
  try {
    return (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes ?? {};
  } catch (error) {
    if (hasErrorCode(error, 'NotFound', 'NotFoundException')) return undefined;
    throw new AwsCallError('GetSubscriptionAttributes', error, { ...where, resource: arn });
  }
}
