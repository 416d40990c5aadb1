/**
 * protect-notifications and the alerts topic's data protection policy. moto 5.2.5 has no data protection
 * (the emulator only stores the document), so SNS is mocked here.
 */
import { GetDataProtectionPolicyCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, PutDataProtectionPolicyCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { baselineAttributes } from '../../../../shared/baseline/topic';
import { createClients } from '../../../../shared/aws/clients';
import { handleEvent } from '../../../../shared/pipeline';
import { notificationChannel } from '../../../../shared/remediations/notifications';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent, withIds } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { failedResult, rejectionOf } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-west-2:111122223333:hello-topic';
const DENY = JSON.stringify({
  Name: 'mute',
  Version: '2021-06-01',
  Statement: [{ Sid: "it's blocked", DataDirection: 'Outbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: { Deny: {} } }],
});
const snsMock = mockClient(SNSClient);
const deps = (env: Record<string, string> = {}): Deps => ({ config: testConfig({ AWS_REGION: 'us-west-2', ALERT_TOPIC_ARN: TOPIC, ...env }), clients: createClients({ maxAttempts: 1 }) });
/** The real-shaped PutDataProtectionPolicy event on the alerts topic. */
const putEvent = () => {
  const event = withIds(loadEvent('sns-deletetopic'), { '"eventName":"DeleteTopic"': '"eventName":"PutDataProtectionPolicy"' });
  (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = { resourceArn: TOPIC, dataProtectionPolicy: DENY };
  return event;
};

beforeEach(() => {
  snsMock.reset();
  snsMock.on(GetTopicAttributesCommand).resolves({ Attributes: baselineAttributes(deps().config.topic) });
  snsMock.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  snsMock.on(GetSubscriptionAttributesCommand).resolves({ Attributes: {} });
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  snsMock.on(PutDataProtectionPolicyCommand).resolves({});
});

it('removes a data protection policy that denies messages and says so, with the command that puts it back', async () => {
  snsMock.on(GetDataProtectionPolicyCommand).resolvesOnce({ DataProtectionPolicy: DENY }).resolves({ DataProtectionPolicy: '' });

  const result = await handleEvent(notificationChannel, putEvent(), deps());

  expect(result.outcome).toBe('remediated');
  expect(snsMock.commandCalls(PutDataProtectionPolicyCommand).map((c) => c.args[0].input)).toEqual([{ ResourceArn: TOPIC, DataProtectionPolicy: '' }]);
  expect(result.actions).toEqual([
    expect.objectContaining({
      api: 'PutDataProtectionPolicy',
      before: { summary: "data protection policy: it's blocked denies outbound messages that match its data identifiers", value: DENY },
      after: 'no data protection policy (the baseline has none)',
      undo: `aws sns put-data-protection-policy --region us-west-2 --resource-arn ${TOPIC} --data-protection-policy '${DENY.replace(/'/g, `'\\''`)}'`,
    }),
  ]);
  expect(result.headline).toBe('Alerts topic hello-topic: data protection policy removed');
  expect(result.channelDamaged).toBe(true);
});

it('fails, naming the policy, when the re-read still finds it', async () => {
  snsMock.on(GetDataProtectionPolicyCommand).resolves({ DataProtectionPolicy: DENY });

  const error = await rejectionOf(handleEvent(notificationChannel, putEvent(), deps()));

  expect(failedResult(error).reason).toContain("the data protection policy still it's blocked denies outbound messages");
});

it('in report mode removes nothing', async () => {
  snsMock.on(GetDataProtectionPolicyCommand).resolves({ DataProtectionPolicy: DENY });

  const result = await handleEvent(notificationChannel, putEvent(), deps({ REMEDIATION_MODE: 'report' }));

  expect(result.outcome).toBe('reported');
  expect(snsMock.commandCalls(PutDataProtectionPolicyCommand)).toEqual([]);
});
