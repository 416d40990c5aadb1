/**
 * restore-alarms against the moto emulator: another metric filter, on a log group anyone can create and write to,
 * publishing to a baseline metric. A negative value keeps the alarm's sum below 1 while the baseline filter and alarm
 * stay exactly as every checker wants them.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const LOG_GROUP = 'cloudtrail-log-group-test';
const OTHER_GROUP = '/someone/else';
const logs = new CloudWatchLogsClient({ region });
let inbox: Inbox;
let n = 0;

const sweep = () => scheduledEvent('111122223333', region, { id: `sweep-${n}`, rule: 'chain-guard-test-restore-alarms-sweep', time: new Date('2026-11-23T00:00:00Z') });
const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ALARM_LOG_GROUP_NAME: LOG_GROUP, ...env });

/** A filter on OTHER_GROUP publishing `value` to CISBenchmark/UnauthorizedAPICalls on every event. */
async function feeder(value: string, filterName = 'offset'): Promise<void> {
  await logs.send(new PutMetricFilterCommand({ logGroupName: OTHER_GROUP, filterName, filterPattern: '', metricTransformations: [{ metricName: 'UnauthorizedAPICalls', metricNamespace: 'CISBenchmark', metricValue: value }] }));
}

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `feeder-alerts-${n}`, `feeder-ops-${n}`);
  await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: OTHER_GROUP }));
  await handleEvent(alarmChain, sweep(), deps());
  await inbox.drain();
});

it('asks a person to act when a filter on another log group publishes a negative value to a baseline metric', async () => {
  // Prepare
  await feeder('-1000');

  // Act
  const result = await handleEvent(alarmChain, sweep(), deps());

  // Assess
  expect(result.outcome).toBe('skipped');
  expect(result.actionNeeded).toContain(`metric filter offset on log group ${OTHER_GROUP} publishes -1000 on each match into CISBenchmark/UnauthorizedAPICalls (CIS 3.1)`);
});

it('pages ops with the filter that can keep the alarm silent', async () => {
  await feeder('-1000');

  await handleEvent(alarmChain, sweep(), deps());

  const [notice] = await inbox.drain();
  expect(notice?.message).toContain(`aws logs delete-metric-filter --region us-east-1 --log-group-name ${OTHER_GROUP} --filter-name offset`);
});

it('never deletes or changes the other filter', async () => {
  await feeder('-1000');

  await handleEvent(alarmChain, sweep(), deps());

  const other = (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: OTHER_GROUP }))).metricFilters ?? [];
  expect(other.map((f) => [f.filterName, f.metricTransformations?.[0]?.metricValue])).toEqual([['offset', '-1000']]);
});

it('leaves alone a filter on another log group that adds 1 to a baseline metric (a second trail, say)', async () => {
  await feeder('1', 'second-trail');

  const result = await handleEvent(alarmChain, sweep(), deps());

  expect(result.outcome).toBe('already-compliant');
});
