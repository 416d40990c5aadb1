/** Noise: a change to an alarm or log group outside the baseline is logged, paged only with NOTIFY_NON_BASELINE=true. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { handleEvent } from '../../../../shared/pipeline';
import { alarmChain } from '../../../../shared/remediations/alarms';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const snsMock = mockClient(SNSClient);
mockClient(CloudWatchClient);
mockClient(CloudWatchLogsClient);
const deps = (env: Record<string, string> = {}): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC, ALARM_LOG_GROUP_NAME: '/cloudtrail/baseline', ...env }), clients: createClients({ maxAttempts: 1 }) });
const otherGroupEvent = (): Record<string, unknown> => loadEvent('logs-deletemetricfilter');

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

it('does not page about a metric filter deleted from another log group', async () => {
  const result = await handleEvent(alarmChain, otherGroupEvent(), deps());

  expect([result.outcome, snsMock.commandCalls(PublishCommand).length]).toEqual(['skipped', 0]);
});

it('does not page about a non-baseline alarm (Auto Scaling TargetTracking)', async () => {
  const event = loadEvent('cloudwatch-deletealarms');
  (event.detail as Record<string, unknown>).requestParameters = { alarmNames: ['TargetTracking-table/orders-AlarmHigh-5b8e0a8c'] };

  await handleEvent(alarmChain, event, deps());

  expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
});

it('pages about a non-baseline change when NOTIFY_NON_BASELINE=true, at LOW severity', async () => {
  await handleEvent(alarmChain, otherGroupEvent(), deps({ NOTIFY_NON_BASELINE: 'true' }));

  expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes?.severity?.StringValue).toBe('LOW');
});

it('names the log group of the event, not the baseline one, in a non-baseline notice', async () => {
  const result = await handleEvent(alarmChain, otherGroupEvent(), deps({ NOTIFY_NON_BASELINE: 'true' }));

  expect([result.resource.id, snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Subject]).toEqual(['cloudtrail-log-group-test', expect.stringContaining('cloudtrail-log-group-test')]);
});
