/**
 * protect-notifications against the moto emulator: a baseline subscriber that is still subscribed but muted
 * (filter policy, redrive policy, raw delivery flipped), and the topic key switched to the AWS managed key.
 */
import { GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { notificationChannel } from '../../../shared/remediations/notifications';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { applyTopicBaseline } from '../../../scripts/lib/emulator-sns';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const ACCOUNT = '111122223333';
const region = 'us-west-2';
const FIXTURE_SUBSCRIPTION = `arn:aws:sns:us-west-2:${ACCOUNT}:security-alerts:c3019def-3714-403e-ba29-eb14079d5c69`;
const MUTE = JSON.stringify({ severity: ['none'] });
const sns = new SNSClient({ region });
const sqs = new SQSClient({ region });
let inbox: Inbox;
let queueSubscription: string;

const deps = (env: Record<string, string> = {}) =>
  motoDeps({ AWS_REGION: region, ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]), ...env });
const subscriptionAttributes = async (arn = queueSubscription) => (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes ?? {};
const setSubscription = (name: string, value: string, arn = queueSubscription) => sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: name, AttributeValue: value }));
/** The real-shaped SetSubscriptionAttributes event, about `arn`, setting `name` to `value`. */
const changed = (name: string, value: string, arn = queueSubscription) => {
  const event = withIds(loadEvent('sns-setsubscriptionattributes'), { [FIXTURE_SUBSCRIPTION]: arn });
  Object.assign((event.detail as { requestParameters: Record<string, unknown> }).requestParameters, { attributeName: name, attributeValue: value });
  return event;
};
const sweep = () => scheduledEvent(ACCOUNT, region, { id: 'sweep-1', rule: 'chain-guard-test-protect-notifications-sweep' });
const topicKey = async () => (await sns.send(new GetTopicAttributesCommand({ TopicArn: inbox.topicArn }))).Attributes?.KmsMasterKeyId;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(sns, sqs, 'security-alerts', 'security-alerts-ops');
  await applyTopicBaseline(sns, deps().config.topic);
  const [subscription] = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: inbox.topicArn }))).Subscriptions ?? [];
  queueSubscription = subscription?.SubscriptionArn ?? '';
});

describe('a baseline subscriber is muted (real-shaped SetSubscriptionAttributes event)', () => {
  it('removes a filter policy, so an alert published afterwards reaches the subscriber again', async () => {
    await setSubscription('FilterPolicy', MUTE);

    const result = await handleEvent(notificationChannel, changed('FilterPolicy', MUTE), deps());
    await inbox.drain();
    await sns.send(new PublishCommand({ TopicArn: inbox.topicArn, Subject: 'alarm', Message: 'ALARM: RootAccountUsage' }));

    expect(result.outcome).toBe('remediated');
    expect((await inbox.drain()).map((n) => n.message)).toEqual(['ALARM: RootAccountUsage']);
  });

  it('records the filter policy before and after, with the command that puts it back', async () => {
    await setSubscription('FilterPolicy', MUTE);

    const result = await handleEvent(notificationChannel, changed('FilterPolicy', MUTE), deps());

    expect(result.actions).toEqual([
      expect.objectContaining({
        api: 'SetSubscriptionAttributes',
        target: queueSubscription,
        params: expect.objectContaining({ setting: 'FilterPolicy', value: '{}' }),
        before: expect.objectContaining({ value: MUTE }),
        undo: `aws sns set-subscription-attributes --region ${region} --subscription-arn ${queueSubscription} --attribute-name FilterPolicy --attribute-value '${MUTE}'`,
      }),
    ]);
    expect(result.headline).toBe('Alerts topic security-alerts: 1 muted subscriber(s) restored');
  });

  it('removes a redrive policy that sends undeliverable alerts to a dead-letter queue', async () => {
    const redrive = JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${region}:${ACCOUNT}:nobody-reads-this` });
    await setSubscription('RedrivePolicy', redrive);

    const result = await handleEvent(notificationChannel, changed('RedrivePolicy', redrive), deps());

    expect(result.outcome).toBe('remediated');
    expect((await subscriptionAttributes()).RedrivePolicy ?? '').toBe('');
  });

  it('turns raw message delivery back off when the baseline subscribed without it', async () => {
    await setSubscription('RawMessageDelivery', 'true');

    const result = await handleEvent(notificationChannel, changed('RawMessageDelivery', 'true'), deps());

    expect(result.actions.map((a) => [a.params.setting, (a.before as { value: string }).value, a.params.value])).toEqual([['RawMessageDelivery', 'true', 'false']]);
    expect((await subscriptionAttributes()).RawMessageDelivery).toBe('false');
  });

  it('turns raw message delivery back on for a subscriber configured with it', async () => {
    const env = { ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn, rawMessageDelivery: true }]) };

    const result = await handleEvent(notificationChannel, changed('RawMessageDelivery', 'false'), deps(env));

    expect(result.outcome).toBe('remediated');
    expect((await subscriptionAttributes()).RawMessageDelivery).toBe('true');
  });

  it('leaves a filter policy on a subscription outside the baseline, and lists it', async () => {
    const other = await sns.send(new SubscribeCommand({ TopicArn: inbox.topicArn, Protocol: 'https', Endpoint: 'https://hooks.example.com/x', ReturnSubscriptionArn: true }));
    const otherArn = other.SubscriptionArn ?? '';
    await setSubscription('FilterPolicy', MUTE, otherArn);

    const result = await handleEvent(notificationChannel, changed('FilterPolicy', MUTE, otherArn), deps());

    expect(result.outcome).toBe('already-compliant');
    expect((await subscriptionAttributes(otherArn)).FilterPolicy).toBe(MUTE);
    expect(result.kept.map((k) => k.target)).toEqual([otherArn]);
  });

  it('ignores a change to a subscription of another topic', async () => {
    const other = await createInbox(sns, sqs, 'someone-else', 'someone-else-q');
    const [subscription] = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: other.topicArn }))).Subscriptions ?? [];
    await setSubscription('FilterPolicy', MUTE, subscription?.SubscriptionArn);

    const result = await handleEvent(notificationChannel, changed('FilterPolicy', MUTE, subscription?.SubscriptionArn), deps());

    expect(result.outcome).toBe('ignored');
    expect((await subscriptionAttributes(subscription?.SubscriptionArn)).FilterPolicy).toBe(MUTE);
  });

  it('finds a muted subscriber on the scheduled sweep, with no event at all', async () => {
    await setSubscription('FilterPolicy', MUTE);

    const result = await handleEvent(notificationChannel, sweep(), deps());

    expect(result.outcome).toBe('remediated');
    expect(result.channelDamaged).toBe(true);
  });

  it('in report mode changes nothing', async () => {
    await setSubscription('FilterPolicy', MUTE);

    const result = await handleEvent(notificationChannel, changed('FilterPolicy', MUTE), deps({ REMEDIATION_MODE: 'report' }));

    expect(result.outcome).toBe('reported');
    expect((await subscriptionAttributes()).FilterPolicy).toBe(MUTE);
  });
});

describe('the topic key is switched to the AWS managed key', () => {
  it('removes alias/aws/sns from a topic whose baseline has no key, with the command that puts it back', async () => {
    await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'KmsMasterKeyId', AttributeValue: 'alias/aws/sns' }));

    const result = await handleEvent(notificationChannel, sweep(), deps());

    expect(result.outcome).toBe('remediated');
    expect(await topicKey()).toBeUndefined();
    expect(result.actions[0]?.undo).toContain("--attribute-name KmsMasterKeyId --attribute-value 'alias/aws/sns'");
  });
});
