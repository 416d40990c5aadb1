/** restore-alarms on fields moto 5.2.5 neither stores nor returns (alarm warm-up, filter selection criteria), with aws-sdk-client-mock. */
import { CloudWatchClient, DescribeAlarmsCommand, ListAlarmMuteRulesCommand, PutMetricAlarmCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ALARM_SHAPE, CIS_ALARMS } from '../../../../shared/baseline/cis-alarms';
import { createClients } from '../../../../shared/aws/clients';
import { handleEvent } from '../../../../shared/pipeline';
import { alarmChain } from '../../../../shared/remediations/alarms';
import type { Deps } from '../../../../shared/remediations/types';
import { putMetricAlarmEvent, putMetricFilterEvent } from '../../../support/alarm-events';
import { testConfig } from '../../../support/deps';
import { failedResult, rejectionOf } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const LOG_GROUP = 'cloudtrail-log-group-test';
const SPEC = CIS_ALARMS[0]!;
const NAME = `CIS-3.1-${SPEC.name}`;
const cloudwatchMock = mockClient(CloudWatchClient);
const logsMock = mockClient(CloudWatchLogsClient);
const snsMock = mockClient(SNSClient);
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC, ALARM_LOG_GROUP_NAME: LOG_GROUP }), clients: createClients({ maxAttempts: 1 }) });
const goodAlarm: MetricAlarm = { AlarmName: NAME, MetricName: SPEC.name, Namespace: 'CISBenchmark', ...ALARM_SHAPE, Dimensions: [], ActionsEnabled: true, AlarmActions: [TOPIC] };
const goodFilter: MetricFilter = { filterName: SPEC.name, filterPattern: SPEC.pattern, logGroupName: LOG_GROUP, metricTransformations: [{ metricName: SPEC.name, metricNamespace: 'CISBenchmark', metricValue: '1' }] };

beforeEach(() => {
  cloudwatchMock.reset();
  logsMock.reset();
  snsMock.reset();
  logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: LOG_GROUP }] });
  logsMock.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [goodFilter] });
  logsMock.on(PutMetricFilterCommand).resolves({});
  cloudwatchMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [goodAlarm] });
  cloudwatchMock.on(PutMetricAlarmCommand).resolves({});
  cloudwatchMock.on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

it('restores an alarm given a day-long warm-up (no actions until it ends), writing it without one', async () => {
  const warm = { ...goodAlarm, WarmUpConfiguration: { WarmUpPeriodDurationInMinutes: 1440 } };
  cloudwatchMock.on(DescribeAlarmsCommand).resolvesOnce({ MetricAlarms: [warm] }).resolves({ MetricAlarms: [goodAlarm] });

  const result = await handleEvent(alarmChain, putMetricAlarmEvent({ alarmName: NAME, warmUpConfiguration: { warmUpPeriodDurationInMinutes: 1440 } }), deps());

  expect(result.outcome).toBe('remediated');
  expect(result.actions).toEqual([expect.objectContaining({ params: expect.objectContaining({ setting: 'WarmUpConfiguration' }), before: { summary: '1440 min' }, after: 'none' })]);
  expect(cloudwatchMock.commandCalls(PutMetricAlarmCommand)[0]?.args[0].input).not.toHaveProperty('WarmUpConfiguration');
});

it('reports failed, naming the field, when the warm-up is still there after the write', async () => {
  cloudwatchMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ ...goodAlarm, WarmUpConfiguration: { WarmUpPeriodDurationInMinutes: 1440 } }] });

  const error = await rejectionOf(handleEvent(alarmChain, putMetricAlarmEvent({ alarmName: NAME }), deps()));

  expect(failedResult(error).outcome).toBe('failed');
  expect(failedResult(error).reason).toBe(`Re-read after the repair: alarm ${NAME}: WarmUpConfiguration: 1440 min -> none`);
});

it('restores a filter that selects no log event (fieldSelectionCriteria), writing it without the selection', async () => {
  const narrowed = { ...goodFilter, fieldSelectionCriteria: '@aws.region = "nowhere"' };
  logsMock.on(DescribeMetricFiltersCommand).resolvesOnce({ metricFilters: [narrowed] }).resolves({ metricFilters: [goodFilter] });

  const result = await handleEvent(alarmChain, putMetricFilterEvent({ logGroupName: LOG_GROUP, filterName: SPEC.name, fieldSelectionCriteria: '@aws.region = "nowhere"' }), deps());

  expect(result.outcome).toBe('remediated');
  expect(result.actions.map((a) => a.params.setting)).toEqual(['fieldSelectionCriteria']);
  expect(logsMock.commandCalls(PutMetricFilterCommand)[0]?.args[0].input).toEqual({ logGroupName: LOG_GROUP, filterName: SPEC.name, filterPattern: SPEC.pattern, metricTransformations: [{ metricName: SPEC.name, metricNamespace: 'CISBenchmark', metricValue: '1' }] });
});

it('restores a filter applied to transformed logs, and one emitting system-field dimensions', async () => {
  const altered = { ...goodFilter, applyOnTransformedLogs: true, emitSystemFieldDimensions: ['@aws.account'] };
  logsMock.on(DescribeMetricFiltersCommand).resolvesOnce({ metricFilters: [altered] }).resolves({ metricFilters: [goodFilter] });

  const result = await handleEvent(alarmChain, putMetricFilterEvent({ logGroupName: LOG_GROUP, filterName: SPEC.name, applyOnTransformedLogs: true }), deps());

  expect(result.outcome).toBe('remediated');
  expect(result.actions.map((a) => `${String(a.params.setting)}: ${String((a.before as { summary: string }).summary)} -> ${String(a.after)}`)).toEqual(['applyOnTransformedLogs: true -> false', 'emitSystemFieldDimensions: @aws.account -> none']);
});

it('keeps four of five other alarm actions and adds the alerts topic, which has no room otherwise', async () => {
  const five = ['a', 'b', 'c', 'd', 'e'].map((n) => `arn:aws:sns:us-east-1:111122223333:${n}`);
  cloudwatchMock.on(DescribeAlarmsCommand).resolvesOnce({ MetricAlarms: [{ ...goodAlarm, AlarmActions: five }] }).resolves({ MetricAlarms: [{ ...goodAlarm, AlarmActions: [...five.slice(0, 4), TOPIC] }] });

  const result = await handleEvent(alarmChain, putMetricAlarmEvent({ alarmName: NAME, alarmActions: five }), deps());

  expect(result.outcome).toBe('remediated');
  expect(cloudwatchMock.commandCalls(PutMetricAlarmCommand)[0]?.args[0].input.AlarmActions).toEqual([...five.slice(0, 4), TOPIC]);
});
