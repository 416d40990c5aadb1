/** restore-alarms against the moto emulator, driven by the real-world events. */
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, DisableAlarmActionsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand, DeleteMetricFilterCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CIS_ALARMS } from '../../../shared/baseline/cis-alarms';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const LOG_GROUP = 'cloudtrail-log-group-test';
const logs = new CloudWatchLogsClient({ region });
const cloudwatch = new CloudWatchClient({ region });
let inbox: Inbox;

const bootstrapEvent = () => scheduledEvent('111122223333', region, { id: 'bootstrap-1', rule: 'chain-guard-test-restore-alarms-sweep', time: new Date('2026-11-23T00:00:00Z') });
const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ALARM_LOG_GROUP_NAME: LOG_GROUP, ...env });
const deleteAlarmsEvent = (names: string[], eventName = 'DeleteAlarms') => {
  const event = withIds(loadEvent('cloudwatch-deletealarms'), { '"eventName":"DeleteAlarms"': `"eventName":"${eventName}"` });
  (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = eventName === 'PutMetricAlarm' ? { alarmName: names[0] } : { alarmNames: names };
  return event;
};
const alarm = async (name: string) => (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
const filters = async () => (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: LOG_GROUP }))).metricFilters ?? [];

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), 'alarm-alerts', 'alarm-ops');
  await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
});

async function bootstrap(): Promise<void> {
  await handleEvent(alarmChain, bootstrapEvent(), deps());
  await inbox.drain();
}

it('bootstraps every enabled CIS filter and alarm in an empty account, each alarm acting on the topic', async () => {
  const result = await handleEvent(alarmChain, bootstrapEvent(), deps());
  const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'CIS-' }))).MetricAlarms ?? [];

  expect(result.outcome).toBe('remediated');
  expect((await filters()).map((f) => [f.filterName, f.filterPattern]).sort()).toEqual(CIS_ALARMS.map((a) => [a.name, a.pattern]).sort());
  expect(alarms).toHaveLength(18);
  expect(alarms.every((a) => a.ActionsEnabled === true && a.AlarmActions?.includes(inbox.topicArn) && a.Namespace === 'CISBenchmark')).toBe(true);
});

it('bootstraps only the controls CIS_CONTROLS enables (with their checker variants), plus the custom pairs', async () => {
  const custom = JSON.stringify([{ name: 'ConsoleLoginFromNewCountry', pattern: '{ $.eventName = "ConsoleLogin" }' }]);

  await handleEvent(alarmChain, bootstrapEvent(), deps({ CIS_CONTROLS: '3.1,3.3', CUSTOM_ALARMS: custom }));

  expect((await filters()).map((f) => f.filterName).sort()).toEqual(['ConsoleLoginFromNewCountry', 'RootAccountUsage', 'UnauthorizedAPICalls', 'UnauthorizedAPICallsV14']);
  expect(await alarm('CIS-custom-ConsoleLoginFromNewCountry')).toEqual(expect.objectContaining({ MetricName: 'ConsoleLoginFromNewCountry' }));
});

it('recreates a deleted baseline alarm from the real DeleteAlarms event shape', async () => {
  await bootstrap();
  await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['CIS-3.1-UnauthorizedAPICalls'] }));

  const result = await handleEvent(alarmChain, deleteAlarmsEvent(['CIS-3.1-UnauthorizedAPICalls']), deps());
  const [message] = await inbox.drain();

  expect(result.outcome).toBe('remediated');
  expect(await alarm('CIS-3.1-UnauthorizedAPICalls')).toEqual(expect.objectContaining({ ActionsEnabled: true, AlarmActions: [inbox.topicArn], Threshold: 1 }));
  expect(message?.subject).toBe('[REMEDIATED] 1 alarm(s) restored on cloudtrail-log-group-test (111122223333 us-east-1)');
  expect(message?.message).toContain('ops-user (IAMUser');
  expect(message?.message).toContain('  - alarm CIS-3.1-UnauthorizedAPICalls recreated (was missing): ');
});

it('never touches a customer alarm and only logs its deletion, paging no one (cpu-mon)', async () => {
  await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'team-latency', MetricName: 'Latency', Namespace: 'App', Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', ActionsEnabled: false }));

  const result = await handleEvent(alarmChain, loadEvent('cloudwatch-deletealarms'), deps());
  const [message] = await inbox.drain();

  expect(result.outcome).toBe('skipped');
  expect(result.kept).toEqual([expect.objectContaining({ target: 'cpu-mon', reason: expect.stringMatching(/not a baseline alarm/) })]);
  expect(await alarm('cpu-mon')).toBeUndefined();
  expect(await alarm('team-latency')).toEqual(expect.objectContaining({ ActionsEnabled: false, Threshold: 5 }));
  expect(message).toBeUndefined();
});

it('re-enables the actions of a baseline alarm after DisableAlarmActions', async () => {
  await bootstrap();
  await cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: ['CIS-3.3-RootAccountUsage'] }));

  const result = await handleEvent(alarmChain, deleteAlarmsEvent(['CIS-3.3-RootAccountUsage'], 'DisableAlarmActions'), deps());

  expect(result.outcome).toBe('remediated');
  expect(result.actions).toEqual([expect.objectContaining({ api: 'PutMetricAlarm', params: expect.objectContaining({ setting: 'ActionsEnabled' }), before: { summary: 'false' }, after: 'true' })]);
  expect((await alarm('CIS-3.3-RootAccountUsage'))?.ActionsEnabled).toBe(true);
});

it('restores a baseline alarm whose threshold and actions were changed with PutMetricAlarm, keeping extra actions', async () => {
  await bootstrap();
  const extra = 'arn:aws:sns:us-east-1:111122223333:team-pager';
  await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'CIS-3.5-CloudTrailChanges', MetricName: 'CloudTrailChanges', Namespace: 'CISBenchmark', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1000, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [extra] }));

  const result = await handleEvent(alarmChain, deleteAlarmsEvent(['CIS-3.5-CloudTrailChanges'], 'PutMetricAlarm'), deps());

  expect(result.outcome).toBe('remediated');
  expect(await alarm('CIS-3.5-CloudTrailChanges')).toEqual(expect.objectContaining({ Threshold: 1, AlarmActions: [extra, inbox.topicArn] }));
});

it('recreates a deleted baseline metric filter from the DeleteMetricFilter event', async () => {
  await bootstrap();
  await logs.send(new DeleteMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: 'UnauthorizedAPICalls' }));

  const result = await handleEvent(alarmChain, loadEvent('logs-deletemetricfilter'), deps());

  expect(result.outcome).toBe('remediated');
  expect((await filters()).find((f) => f.filterName === 'UnauthorizedAPICalls')?.filterPattern).toBe(CIS_ALARMS[0]?.pattern);
});

it('restores a baseline filter whose pattern was changed with PutMetricFilter', async () => {
  await bootstrap();
  // AWS replaces a filter of the same name; moto 5.2.5 would keep both, so remove the old one as AWS would.
  await logs.send(new DeleteMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: 'RootAccountUsage' }));
  await logs.send(new PutMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: 'RootAccountUsage', filterPattern: '{ $.userIdentity.type = "Nobody" }', metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }] }));
  const event = withIds(loadEvent('logs-deletemetricfilter'), { '"eventName":"DeleteMetricFilter"': '"eventName":"PutMetricFilter"', UnauthorizedAPICalls: 'RootAccountUsage' });

  const result = await handleEvent(alarmChain, event, deps());

  expect(result.outcome).toBe('remediated');
  // The filter now in force is the last one put under that name (AWS replaces it; moto lists both).
  expect((await filters()).filter((f) => f.filterName === 'RootAccountUsage').at(-1)?.filterPattern).toBe(CIS_ALARMS[2]?.pattern);
});

it('reports, and never changes, a filter on another log group', async () => {
  const result = await handleEvent(alarmChain, loadEvent('logs-deletemetricfilter'), deps({ ALARM_LOG_GROUP_NAME: '/cloudtrail/other' }));

  expect(result.outcome).toBe('skipped');
  expect(await filters()).toEqual([]);
});

it('recreates the deleted trail log group with all its filters and says the trail delivery must be checked', async () => {
  await bootstrap();
  // AWS deletes a log group's metric filters with it; moto 5.2.5 keeps them, so remove them as AWS would.
  for (const spec of CIS_ALARMS) await logs.send(new DeleteMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: spec.name }));
  await logs.send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP }));
  const event = withIds(loadEvent('logs-deletemetricfilter'), { '"eventName":"DeleteMetricFilter"': '"eventName":"DeleteLogGroup"' });

  const result = await handleEvent(alarmChain, event, deps());

  expect(result.outcome).toBe('remediated');
  expect(await filters()).toHaveLength(18);
  expect(result.actionNeeded).toMatch(/check that the trail still delivers/);
});

it('changes nothing the second time the same event arrives, and notifies once', async () => {
  await bootstrap();
  await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['CIS-3.1-UnauthorizedAPICalls'] }));

  const first = await handleEvent(alarmChain, deleteAlarmsEvent(['CIS-3.1-UnauthorizedAPICalls']), deps());
  const second = await handleEvent(alarmChain, deleteAlarmsEvent(['CIS-3.1-UnauthorizedAPICalls']), deps());

  expect([first.outcome, second.outcome]).toEqual(['remediated', 'already-compliant']);
  expect(await inbox.drain()).toHaveLength(1);
});

it('restores the alarm a Config cloudwatch-alarm-action-check change names', async () => {
  await bootstrap();
  await cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: ['CIS-3.1-UnauthorizedAPICalls'] }));
  const event = JSON.parse(JSON.stringify(loadEvent('config-compliance-change-sg-restricted-ssh')).replace(/restricted-ssh/g, 'cloudwatch-alarm-action-check').replace(/AWS::EC2::SecurityGroup/g, 'AWS::CloudWatch::Alarm').replace(/sg-0f63fecfa17ef4fee/g, 'CIS-3.1-UnauthorizedAPICalls')) as unknown;

  const result = await handleEvent(alarmChain, event, deps());

  expect(result.outcome).toBe('remediated');
  expect((await alarm('CIS-3.1-UnauthorizedAPICalls'))?.ActionsEnabled).toBe(true);
});

it('writes nothing in report mode', async () => {
  const result = await handleEvent(alarmChain, bootstrapEvent(), deps({ REMEDIATION_MODE: 'report' }));

  expect(result.outcome).toBe('reported');
  expect(await filters()).toEqual([]);
});
