/** protect-notifications against the moto emulator, driven by the real-world SNS events. */
import { ownRoleIdentity } from '../../support/identity';
import { DeleteTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient, SetTopicAttributesCommand, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { samePolicy, topicPolicy } from '../../../shared/baseline/topic';
import { RemediationFailedError } from '../../../shared/errors';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { notificationChannel } from '../../../shared/remediations/notifications';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { applyTopicBaseline } from '../../../scripts/lib/emulator-sns';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const ACCOUNT = '111122223333';
const region = 'us-west-2';
const sns = new SNSClient({ region });
const sqs = new SQSClient({ region });
let inbox: Inbox;
let fallback: Inbox;

/** Deps whose alerts topic is the inbox's topic, the inbox queue a baseline subscriber, plus an e-mail one. */
const deps = (env: Record<string, string> = {}) =>
  motoDeps({
    AWS_REGION: region,
    ALERT_TOPIC_ARN: inbox.topicArn,
    ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]),
    ALERT_EMAIL: 'ops@example.com',
    ALERT_FALLBACK_TOPIC_ARN: fallback.topicArn,
    ...env,
  });
const subscriptions = async (topicArn = inbox.topicArn) => (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
const attributes = async (topicArn = inbox.topicArn) => (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
const topicEvent = (eventName: string, request: Record<string, unknown>) => {
  const event = withIds(loadEvent('sns-deletetopic'), { '"eventName":"DeleteTopic"': `"eventName":"${eventName}"` });
  (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = request;
  return event;
};

/** Makes `name` the protected topic in us-west-2, in its baseline state, with the queue and e-mail subscribed. */
async function protectedTopic(name: string): Promise<void> {
  inbox = await createInbox(sns, sqs, name, `${name}-ops`);
  fallback = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'fallback-alerts', 'fallback-ops');
  await applyTopicBaseline(sns, deps().config.topic);
  await sns.send(new SubscribeCommand({ TopicArn: inbox.topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));
}

beforeEach(async () => {
  await resetEmulator();
});

describe('the alerts topic is deleted (real sns-deletetopic event)', () => {
  beforeEach(async () => {
    await protectedTopic('hello-topic');
    await sns.send(new DeleteTopicCommand({ TopicArn: inbox.topicArn }));
  });

  it('recreates the topic with the same ARN and the baseline policy', async () => {
    const result = await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps());

    expect(result.outcome).toBe('remediated');
    expect(inbox.topicArn).toBe(`arn:aws:sns:us-west-2:${ACCOUNT}:hello-topic`);
    expect(samePolicy((await attributes()).Policy, JSON.stringify(topicPolicy(deps().config.topic)))).toBe(true);
    expect((await attributes()).DisplayName).toBe('chain-guard alerts');
  });

  it('subscribes every baseline subscriber again', async () => {
    await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps());

    expect((await subscriptions()).map((s) => `${s.Protocol} ${s.Endpoint}`).sort()).toEqual(['email ops@example.com', `sqs ${inbox.queueArn}`]);
  });

  it('delivers the notice to the recreated topic and to the fallback topic', async () => {
    await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps());

    const [main, backup] = [await inbox.drain(), await fallback.drain()];
    expect(main.map((n) => n.subject)).toEqual([`[REMEDIATED] Alerts topic hello-topic recreated, 2 subscriber(s) back (${ACCOUNT} us-west-2)`]);
    expect(backup.map((n) => n.subject)).toEqual(main.map((n) => n.subject));
  });

  it('says that the e-mail subscriber must confirm again', async () => {
    await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps());

    const [notice] = await inbox.drain();
    expect(notice?.message).toContain('ACTION NEEDED: Re-subscribed email ops@example.com: AWS sent a confirmation request');
    expect(notice?.message).toContain('Bob (IAMUser, arn:aws:iam::111122223333:user/Bob) called DeleteTopic from 203.0.113.99');
  });

  it('restores the KMS key of an encrypted baseline', async () => {
    const key = `arn:aws:kms:us-west-2:${ACCOUNT}:alias/alerts`;

    await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps({ ALERT_TOPIC_KMS_KEY_ID: key }));

    expect((await attributes()).KmsMasterKeyId).toBe(key);
  });

  it('in report mode changes nothing and still reaches ops through the fallback topic', async () => {
    const result = await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps({ REMEDIATION_MODE: 'report' }));

    expect(result.outcome).toBe('reported');
    await expect(attributes()).rejects.toThrow();
    expect((await fallback.drain()).map((n) => n.attributes.outcome)).toEqual(['reported']);
  });

  it('treats the same event delivered twice as one repair and one notice', async () => {
    await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps());
    const second = await handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps());

    expect(second.outcome).toBe('already-compliant');
    expect(await inbox.drain()).toHaveLength(1);
    expect(await subscriptions()).toHaveLength(2);
  });
});

describe('a subscription is removed (real sns-unsubscribe event)', () => {
  beforeEach(async () => {
    await protectedTopic('security-alerts');
  });

  it('subscribes the baseline queue again and tells it so', async () => {
    const queue = (await subscriptions()).find((s) => s.Protocol === 'sqs');
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: queue?.SubscriptionArn }));

    const result = await handleEvent(notificationChannel, loadEvent('sns-unsubscribe'), deps());

    expect(result.outcome).toBe('remediated');
    expect((await subscriptions()).map((s) => s.Protocol).sort()).toEqual(['email', 'sqs']);
    expect((await inbox.drain()).map((n) => n.subject)).toEqual([`[REMEDIATED] Alerts topic security-alerts: 1 subscriber(s) re-subscribed (${ACCOUNT} us-west-2)`]);
  });

  it('reports a removed subscription that was not in the baseline, restoring nothing', async () => {
    const extra = await sns.send(new SubscribeCommand({ TopicArn: inbox.topicArn, Protocol: 'https', Endpoint: 'https://hooks.example.com/x', ReturnSubscriptionArn: true }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: extra.SubscriptionArn }));
    const event = withIds(loadEvent('sns-unsubscribe'), { [`${inbox.topicArn}:c3019def-3714-403e-ba29-eb14079d5c69`]: extra.SubscriptionArn ?? '' });

    const result = await handleEvent(notificationChannel, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(result.reason).toContain('was not one of them');
    expect(await subscriptions()).toHaveLength(2);
  });

  it('ignores the backend own re-subscription (loop guard)', async () => {
    const event = loadEvent('sns-unsubscribe');
    (event.detail as Record<string, unknown>).userIdentity = ownRoleIdentity('protect-notifications', 'us-west-2');

    const result = await handleEvent(notificationChannel, event, deps());

    expect(result.outcome).toBe('ignored');
  });
});

describe('the topic policy or attributes are changed', () => {
  beforeEach(async () => {
    await protectedTopic('security-alerts');
    await inbox.drain();
  });

  it('restores the baseline policy after SetTopicAttributes replaced it', async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:*', Resource: inbox.topicArn }] });
    await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'Policy', AttributeValue: open }));

    const result = await handleEvent(notificationChannel, topicEvent('SetTopicAttributes', { topicArn: inbox.topicArn, attributeName: 'Policy', attributeValue: open }), deps());

    expect(result.outcome).toBe('remediated');
    expect(samePolicy((await attributes()).Policy, JSON.stringify(topicPolicy(deps().config.topic)))).toBe(true);
    expect(result.actions.map((a) => [a.api, a.params.setting])).toEqual([['SetTopicAttributes', 'Policy']]);
  });

  it('in report mode prints the exact command that would put the baseline policy back, and changes nothing', async () => {
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:*', Resource: inbox.topicArn }] });
    await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'Policy', AttributeValue: open }));

    const result = await handleEvent(notificationChannel, topicEvent('SetTopicAttributes', { topicArn: inbox.topicArn, attributeName: 'Policy', attributeValue: open }), deps({ REMEDIATION_MODE: 'report' }));
    const [notice] = await inbox.drain();

    expect(result.outcome).toBe('reported');
    expect((await attributes()).Policy).toBe(open);
    expect(notice?.message).toContain(`aws sns set-topic-attributes --region ${inbox.topicArn.split(':')[3]} --topic-arn ${inbox.topicArn} --attribute-name Policy --attribute-value '${JSON.stringify(topicPolicy(deps().config.topic))}'`);
  });

  it('restores the policy after RemovePermission took a statement out', async () => {
    const policy = topicPolicy(deps().config.topic);
    const without = JSON.stringify({ ...policy, Statement: policy.Statement.filter((s) => s.Sid !== 'CloudWatchAlarms') });
    await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'Policy', AttributeValue: without }));

    const result = await handleEvent(notificationChannel, topicEvent('RemovePermission', { topicArn: inbox.topicArn, label: 'CloudWatchAlarms' }), deps());

    expect(result.outcome).toBe('remediated');
    expect(samePolicy((await attributes()).Policy, JSON.stringify(policy))).toBe(true);
  });

  it('restores the display name, with the command to undo it', async () => {
    await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'DisplayName', AttributeValue: 'renamed' }));

    const result = await handleEvent(notificationChannel, topicEvent('SetTopicAttributes', { topicArn: inbox.topicArn, attributeName: 'DisplayName', attributeValue: 'renamed' }), deps());

    expect((await attributes()).DisplayName).toBe('chain-guard alerts');
    expect(result.actions[0]?.undo).toContain("--attribute-name DisplayName --attribute-value 'renamed'");
  });

  it('ignores a change to another topic and changes nothing', async () => {
    const other = await createInbox(sns, sqs, 'someone-else', 'someone-else-q');
    await sns.send(new SetTopicAttributesCommand({ TopicArn: other.topicArn, AttributeName: 'DisplayName', AttributeValue: 'x' }));

    const result = await handleEvent(notificationChannel, topicEvent('SetTopicAttributes', { topicArn: other.topicArn, attributeName: 'DisplayName', attributeValue: 'x' }), deps());

    expect(result.outcome).toBe('ignored');
    expect((await attributes(other.topicArn)).DisplayName).toBe('x');
    expect(await inbox.drain()).toEqual([]);
  });

  it('restores the KMS key when the Config rule sns-encrypted-kms reports the topic', async () => {
    const key = `arn:aws:kms:us-west-2:${ACCOUNT}:alias/alerts`;
    const event = withIds(loadEvent('config-compliance-change-cloudtrail-trail'), {}) as Record<string, unknown> & { detail: Record<string, unknown> };
    Object.assign(event.detail, { configRuleName: 'securityhub-sns-encrypted-kms-1a2b3c4d', resourceType: 'AWS::SNS::Topic', resourceId: inbox.topicArn, awsRegion: region });

    const result = await handleEvent(notificationChannel, event, deps({ ALERT_TOPIC_KMS_KEY_ID: key }));

    expect(result.outcome).toBe('remediated');
    expect((await attributes()).KmsMasterKeyId).toBe(key);
  });
});

describe('the scheduled sweep', () => {
  const sweep = () => scheduledEvent(ACCOUNT, region, { id: 'sweep-1', rule: 'chain-guard-test-protect-notifications-sweep' });

  it('subscribes a subscriber newly added to the baseline', async () => {
    await protectedTopic('security-alerts');
    const hook = { protocol: 'https', endpoint: 'https://hooks.example.com/pager' };

    const result = await handleEvent(notificationChannel, sweep(), deps({ ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }, hook]) }));

    expect(result.outcome).toBe('remediated');
    expect((await subscriptions()).map((s) => s.Endpoint)).toContain(hook.endpoint);
  });

  it('finds a whole channel already compliant and sends nothing', async () => {
    await protectedTopic('security-alerts');
    await inbox.drain();

    const result = await handleEvent(notificationChannel, sweep(), deps());

    expect(result.outcome).toBe('already-compliant');
    expect(await inbox.drain()).toEqual([]);
  });

  it('fails, loudly, when the topic cannot be recreated, and still reaches the fallback topic', async () => {
    await protectedTopic('security-alerts');
    await sns.send(new DeleteTopicCommand({ TopicArn: inbox.topicArn }));
    // An endpoint the emulator refuses: Subscribe fails after the topic is back.
    const env = { ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: 'not-an-arn' }]) };

    const failure = await handleEvent(notificationChannel, sweep(), deps(env)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RemediationFailedError);
    expect((await fallback.drain()).map((n) => n.attributes.outcome)).toEqual(['failed']);
  });
});
