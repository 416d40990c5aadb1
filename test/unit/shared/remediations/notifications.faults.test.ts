/** protect-notifications and the notice about the channel itself when AWS misbehaves (faults moto cannot produce). */
import { CreateTopicCommand, GetDataProtectionPolicyCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient, SetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { baselineAttributes } from '../../../../shared/baseline/topic';
import { createClients } from '../../../../shared/aws/clients';
import { RemediationFailedError } from '../../../../shared/errors';
import { logger } from '../../../../shared/logger';
import { handleEvent } from '../../../../shared/pipeline';
import { notificationChannel } from '../../../../shared/remediations/notifications';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-west-2:111122223333:hello-topic';
const FALLBACK = 'arn:aws:sns:eu-west-1:111122223333:fallback-alerts';
const snsMock = mockClient(SNSClient);
const deps = (env: Record<string, string> = {}): Deps => ({
  config: testConfig({ AWS_REGION: 'us-west-2', ALERT_TOPIC_ARN: TOPIC, ALERT_FALLBACK_TOPIC_ARN: FALLBACK, ALERT_EMAIL: 'ops@example.com', ...env }),
  clients: createClients({ maxAttempts: 1 }),
});
const publishedTo = (): string[] => snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.TopicArn ?? '');

beforeEach(() => {
  snsMock.reset();
  snsMock.on(GetTopicAttributesCommand).rejects(awsError('NotFoundException', 'Topic does not exist'));
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  snsMock.on(GetDataProtectionPolicyCommand).resolves({ DataProtectionPolicy: '' });
  snsMock.on(GetSubscriptionAttributesCommand).resolves({ Attributes: {} });
});

it('reports AccessDenied on CreateTopic as failed, notifies the fallback topic and throws', async () => {
  snsMock.on(CreateTopicCommand).rejects(awsError('AccessDenied', 'explicit deny in a service control policy'));
  snsMock.on(PublishCommand, { TopicArn: TOPIC }).rejects(awsError('NotFoundException', 'Topic does not exist'));

  const error = await rejectionOf(handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps()));

  expect(error).toBeInstanceOf(RemediationFailedError);
  expect(failedResult(error).reason).toContain('CreateTopic failed: AccessDenied');
  expect(publishedTo()).toEqual([TOPIC, FALLBACK]);
});

it('does not report remediated when the re-read still finds no topic', async () => {
  snsMock.on(CreateTopicCommand).resolves({ TopicArn: TOPIC });
  snsMock.on(SetTopicAttributesCommand).resolves({});
  snsMock.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });

  const error = await rejectionOf(handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps()));

  expect(failedResult(error).reason).toContain('the topic still does not exist');
});

it('throws its own failure, not the Publish error, when neither topic took the notice of a failed repair', async () => {
  snsMock.on(GetTopicAttributesCommand).resolves({ Attributes: {} });
  snsMock.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  snsMock.on(SetTopicAttributesCommand).resolves({});
  snsMock.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
  snsMock.on(PublishCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

  const error = await rejectionOf(handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps()));

  expect(error).toBeInstanceOf(RemediationFailedError);
  expect(publishedTo()).toEqual([TOPIC, FALLBACK]);
});

it('sends the notice about an ordinary repair to the alerts topic only', async () => {
  const good = baselineAttributes(deps().config.topic);
  snsMock.on(GetTopicAttributesCommand).resolvesOnce({ Attributes: { ...good, DisplayName: 'renamed' } }).resolves({ Attributes: good });
  snsMock.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1`, Protocol: 'email', Endpoint: 'ops@example.com' }] });
  snsMock.on(SetTopicAttributesCommand).resolves({});
  const event = loadEvent('sns-deletetopic');
  Object.assign(event.detail as Record<string, unknown>, { eventName: 'SetTopicAttributes', requestParameters: { topicArn: TOPIC, attributeName: 'DisplayName', attributeValue: 'renamed' } });

  const result = await handleEvent(notificationChannel, event, deps());

  expect(result.outcome).toBe('remediated');
  expect(publishedTo()).toEqual([TOPIC]);
});

it('writes the whole notice about a damaged channel to the log at ERROR level', async () => {
  snsMock.on(CreateTopicCommand).rejects(awsError('AccessDenied', 'denied'));
  const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);

  await rejectionOf(handleEvent(notificationChannel, loadEvent('sns-deletetopic'), deps()));

  expect(error).toHaveBeenCalledWith('Alerts channel damaged', expect.objectContaining({ subject: expect.stringContaining('[FAILED] Alerts topic hello-topic NOT repaired'), body: expect.stringContaining('CreateTopic failed: AccessDenied') }));
  error.mockRestore();
});
