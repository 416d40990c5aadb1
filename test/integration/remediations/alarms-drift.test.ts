/**
 * restore-alarms against moto: a PutMetricAlarm / PutMetricFilter that keeps the name but stops the alert from firing
 * (a dimension, a unit, another period, metric math...) is restored field by field, without wiping what the customer added.
 */
import { CloudWatchClient, DescribeAlarmsCommand, DisableAlarmActionsCommand, ListTagsForResourceCommand, PutMetricAlarmCommand, TagResourceCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand, type PutMetricFilterCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ALARM_SHAPE, CIS_ALARMS } from '../../../shared/baseline/cis-alarms';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { putMetricAlarmEvent, putMetricFilterEvent } from '../../support/alarm-events';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const LOG_GROUP = 'cloudtrail-log-group-test';
const NAME = 'CIS-3.1-UnauthorizedAPICalls';
const SPEC = CIS_ALARMS[0]!;
const OK_TOPIC = 'arn:aws:sns:us-east-1:111122223333:team-ok';
const DATA_TOPIC = 'arn:aws:sns:us-east-1:111122223333:team-no-data';
const PAGER = 'arn:aws:sns:us-east-1:111122223333:team-pager';
const logs = new CloudWatchLogsClient({ region });
const cloudwatch = new CloudWatchClient({ region });
let inbox: Inbox;

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ALARM_LOG_GROUP_NAME: LOG_GROUP });
const alarm = async (name = NAME) => (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
/** The filter in force: AWS keeps one per name; moto 5.2.5 appends a replaced one, so the last listed. */
const filterInForce = async (name = SPEC.name) => ((await logs.send(new DescribeMetricFiltersCommand({ logGroupName: LOG_GROUP }))).metricFilters ?? []).filter((f) => f.filterName === name).at(-1);
/** Request parameters as CloudTrail records them: the SDK input with each key in lower camel case (`OKActions` -> `oKActions`). */
const asRecorded = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(asRecorded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), asRecorded(v)])) : value;
/** The baseline alarm as the restore writes it, with `change` applied. */
const baselineAlarm = (change: Partial<PutMetricAlarmCommandInput>): PutMetricAlarmCommandInput => ({ AlarmName: NAME, MetricName: SPEC.name, Namespace: 'CISBenchmark', ...ALARM_SHAPE, ActionsEnabled: true, AlarmActions: [inbox.topicArn], ...change });

/** Someone calls PutMetricAlarm on a baseline alarm; returns the event CloudTrail delivers for it. */
async function putAlarm(input: PutMetricAlarmCommandInput): Promise<Record<string, unknown>> {
  await cloudwatch.send(new PutMetricAlarmCommand(input));
  return putMetricAlarmEvent(asRecorded(input) as { alarmName: string });
}

/** Someone calls PutMetricFilter on a baseline filter (moto appends it after the original); returns the event. */
async function putFilter(transformation: Record<string, unknown>): Promise<Record<string, unknown>> {
  const input: PutMetricFilterCommandInput = { logGroupName: LOG_GROUP, filterName: SPEC.name, filterPattern: SPEC.pattern, metricTransformations: [{ metricName: SPEC.name, metricNamespace: 'CISBenchmark', metricValue: '1', ...transformation }] };
  await logs.send(new PutMetricFilterCommand(input));
  return putMetricFilterEvent(asRecorded(input) as { logGroupName: string; filterName: string });
}

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), 'alarm-alerts', 'alarm-ops');
  await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
  await handleEvent(alarmChain, scheduledEvent('111122223333', region, { id: 'bootstrap-1', rule: 'chain-guard-test-restore-alarms-sweep' }), deps());
  await inbox.drain();
});

it('restores an alarm given a Dimension with PutMetricAlarm, says so field by field, and keeps its OK and insufficient-data actions', async () => {
  const event = await putAlarm(baselineAlarm({ Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }], OKActions: [OK_TOPIC], InsufficientDataActions: [DATA_TOPIC] }));

  const result = await handleEvent(alarmChain, event, deps());
  const [message] = await inbox.drain();

  expect(result.outcome).toBe('remediated');
  expect(await alarm()).toEqual(expect.objectContaining({ Dimensions: [], OKActions: [OK_TOPIC], InsufficientDataActions: [DATA_TOPIC], AlarmActions: [inbox.topicArn] }));
  expect(message?.subject).toBe('[REMEDIATED] 1 alarm(s) restored on cloudtrail-log-group-test (111122223333 us-east-1)');
  expect(message?.message).toContain(`  - alarm ${NAME}: Dimensions: InstanceId=i-1 -> none`);
  expect(message?.message).toContain(`aws cloudwatch put-metric-alarm --region us-east-1 --cli-input-json '{"AlarmName":"${NAME}"`);
});

it('keeps the extra alarm actions, description and tags the customer added when it restores an alarm', async () => {
  await putAlarm(baselineAlarm({ AlarmDescription: 'Team A is paged too', AlarmActions: [PAGER, inbox.topicArn], OKActions: [OK_TOPIC] }));
  const arn = (await alarm())?.AlarmArn ?? '';
  await cloudwatch.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'owner', Value: 'team-a' }] }));
  await cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: [NAME] }));
  const event = withIds(loadEvent('cloudwatch-deletealarms'), { '"eventName":"DeleteAlarms"': '"eventName":"DisableAlarmActions"', 'cpu-mon': NAME });

  const result = await handleEvent(alarmChain, event, deps());

  expect(result.outcome).toBe('remediated');
  expect(await alarm()).toEqual(expect.objectContaining({ ActionsEnabled: true, AlarmActions: [PAGER, inbox.topicArn], OKActions: [OK_TOPIC], AlarmDescription: 'Team A is paged too' }));
  expect((await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: 'owner', Value: 'team-a' }]);
});

it('restores the unit, statistic, period, evaluation and missing-data treatment, one notice line per field', async () => {
  const event = await putAlarm(baselineAlarm({ Unit: 'Seconds', Statistic: 'Average', Period: 86400, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'breaching' }));

  const result = await handleEvent(alarmChain, event, deps());
  const [message] = await inbox.drain();

  expect(result.outcome).toBe('remediated');
  expect(await alarm()).toEqual(expect.objectContaining({ Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: 'notBreaching' }));
  expect((await alarm())?.Unit).toBeUndefined();
  for (const line of ['Statistic: Average -> Sum', 'Unit: Seconds -> none', 'Period: 86400 s -> 300 s', 'EvaluationPeriods: 3 -> 1', 'DatapointsToAlarm: 2 -> 1', 'TreatMissingData: breaching -> notBreaching']) {
    expect(message?.message).toContain(`${NAME}: ${line}`);
  }
});

it('puts the plain metric back in place of metric math', async () => {
  const metrics = [
    { Id: 'm1', MetricStat: { Metric: { Namespace: 'CISBenchmark', MetricName: SPEC.name }, Period: 300, Stat: 'Sum' }, ReturnData: false },
    { Id: 'e1', Expression: 'm1 * 0', ReturnData: true },
  ];
  const event = await putAlarm(baselineAlarm({ MetricName: undefined, Namespace: undefined, Statistic: undefined, Period: undefined, Metrics: metrics }));

  const result = await handleEvent(alarmChain, event, deps());

  expect(result.outcome).toBe('remediated');
  expect(await alarm()).toEqual(expect.objectContaining({ MetricName: SPEC.name, Namespace: 'CISBenchmark', Statistic: 'Sum', Metrics: [] }));
});

it('restores a filter given dimensions with PutMetricFilter', async () => {
  const event = await putFilter({ dimensions: { InstanceId: '$.instanceId' } });

  const result = await handleEvent(alarmChain, event, deps());
  const [message] = await inbox.drain();

  expect(result.outcome).toBe('remediated');
  expect((await filterInForce())?.metricTransformations).toEqual([{ metricName: SPEC.name, metricNamespace: 'CISBenchmark', metricValue: '1' }]);
  expect(message?.message).toContain(`  - metric filter ${LOG_GROUP}:${SPEC.name}: dimensions: InstanceId=$.instanceId -> none`);
});

it('restores a filter given a default value and a unit with PutMetricFilter', async () => {
  const event = await putFilter({ defaultValue: 1, unit: 'Count' });

  const result = await handleEvent(alarmChain, event, deps());

  expect(result.outcome).toBe('remediated');
  expect(result.actions.map((a) => a.params.setting)).toEqual(['defaultValue', 'unit']);
  expect((await filterInForce())?.metricTransformations).toEqual([{ metricName: SPEC.name, metricNamespace: 'CISBenchmark', metricValue: '1' }]);
});

it('changes nothing the second time the same PutMetricAlarm arrives, and notifies once', async () => {
  const event = await putAlarm(baselineAlarm({ Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }));

  const first = await handleEvent(alarmChain, event, deps());
  const second = await handleEvent(alarmChain, event, deps());

  expect([first.outcome, second.outcome]).toEqual(['remediated', 'already-compliant']);
  expect(await inbox.drain()).toHaveLength(1);
});
