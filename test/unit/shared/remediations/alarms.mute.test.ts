/** restore-alarms and alarm mute rules, with aws-sdk-client-mock: paging, rewrites, report mode and faults. */
import { CloudWatchClient, DeleteAlarmMuteRuleCommand, DescribeAlarmsCommand, GetAlarmMuteRuleCommand, ListAlarmMuteRulesCommand, PutAlarmMuteRuleCommand, PutMetricAlarmCommand, type GetAlarmMuteRuleOutput, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ALARM_SHAPE, CIS_ALARMS } from '../../../../shared/baseline/cis-alarms';
import { createClients } from '../../../../shared/aws/clients';
import { handleEvent } from '../../../../shared/pipeline';
import { alarmChain } from '../../../../shared/remediations/alarms';
import type { Deps } from '../../../../shared/remediations/types';
import { putAlarmMuteRuleEvent } from '../../../support/alarm-events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const LOG_GROUP = 'cloudtrail-log-group-test';
const SPEC = CIS_ALARMS[0]!;
const NAME = `CIS-3.1-${SPEC.name}`;
const ARN = (name: string): string => `arn:aws:cloudwatch:us-east-1:111122223333:alarm-mute-rule:${name}`;
const SCHEDULE = { Schedule: { Expression: 'cron(0 * * * ? *)', Duration: 'PT1H' } };
const cloudwatchMock = mockClient(CloudWatchClient);
const logsMock = mockClient(CloudWatchLogsClient);
const snsMock = mockClient(SNSClient);
const deps = (env: Record<string, string> = {}): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC, ALARM_LOG_GROUP_NAME: LOG_GROUP, ...env }), clients: createClients({ maxAttempts: 1 }) });
const goodAlarm: MetricAlarm = { AlarmName: NAME, MetricName: SPEC.name, Namespace: 'CISBenchmark', ...ALARM_SHAPE, Dimensions: [], ActionsEnabled: true, AlarmActions: [TOPIC] };
const goodFilter: MetricFilter = { filterName: SPEC.name, filterPattern: SPEC.pattern, logGroupName: LOG_GROUP, metricTransformations: [{ metricName: SPEC.name, metricNamespace: 'CISBenchmark', metricValue: '1' }] };
const rule = (name: string, targets: string[], extra: Partial<GetAlarmMuteRuleOutput> = {}): GetAlarmMuteRuleOutput => ({ Name: name, AlarmMuteRuleArn: ARN(name), Rule: SCHEDULE, MuteTargets: { AlarmNames: targets }, Status: 'ACTIVE', ...extra });
const event = (targets = [NAME]) => putAlarmMuteRuleEvent({ name: 'maint', muteTargets: { alarmNames: targets } });
/** The listing returns `rules` until the first write, then `after`. */
function muteRules(rules: GetAlarmMuteRuleOutput[], after: GetAlarmMuteRuleOutput[] = []): void {
  const summaries = (list: GetAlarmMuteRuleOutput[]) => ({ AlarmMuteRuleSummaries: list.map((r) => ({ AlarmMuteRuleArn: r.AlarmMuteRuleArn, Status: r.Status })) });
  cloudwatchMock.on(ListAlarmMuteRulesCommand).resolvesOnce(summaries(rules)).resolves(summaries(after));
  for (const r of rules) cloudwatchMock.on(GetAlarmMuteRuleCommand, { AlarmMuteRuleName: r.Name }).resolvesOnce(r).resolves(after.find((x) => x.Name === r.Name) ?? r);
}

beforeEach(() => {
  cloudwatchMock.reset();
  logsMock.reset();
  snsMock.reset();
  logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: LOG_GROUP }] });
  logsMock.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [goodFilter] });
  cloudwatchMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [goodAlarm] });
  cloudwatchMock.on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

it('deletes a mute rule that mutes only a baseline alarm, with the command that puts it back', async () => {
  muteRules([rule('maint', [NAME])]);

  const result = await handleEvent(alarmChain, event(), deps());

  expect(result.outcome).toBe('remediated');
  expect(result.headline).toBe(`1 mute rule(s) lifted on ${LOG_GROUP}`);
  expect(cloudwatchMock.commandCalls(DeleteAlarmMuteRuleCommand).map((c) => c.args[0].input)).toEqual([{ AlarmMuteRuleName: 'maint' }]);
  expect(result.actions).toEqual([
    expect.objectContaining({
      api: 'DeleteAlarmMuteRule',
      target: 'maint',
      status: 'done',
      before: `mute rule maint mutes ${NAME} (cron(0 * * * ? *) for PT1H)`,
      undo: `aws cloudwatch put-alarm-mute-rule --region us-east-1 --cli-input-json '${JSON.stringify({ Name: 'maint', Rule: SCHEDULE, MuteTargets: { AlarmNames: [NAME] } })}'`,
    }),
  ]);
});

it('rewrites a mute rule that also mutes the customer own alarms, keeping its name, schedule, description and the other alarms', async () => {
  const mixed = rule('nightly', ['orders-cpu', NAME], { Description: 'backups' });
  muteRules([mixed], [rule('nightly', ['orders-cpu'], { Description: 'backups' })]);

  const result = await handleEvent(alarmChain, event(['orders-cpu', NAME]), deps());

  expect(result.outcome).toBe('remediated');
  expect(cloudwatchMock.commandCalls(DeleteAlarmMuteRuleCommand)).toHaveLength(0);
  expect(cloudwatchMock.commandCalls(PutAlarmMuteRuleCommand).map((c) => c.args[0].input)).toEqual([{ Name: 'nightly', Description: 'backups', Rule: SCHEDULE, MuteTargets: { AlarmNames: ['orders-cpu'] } }]);
  expect(result.actions[0]).toMatchObject({ api: 'PutAlarmMuteRule', after: "mutes only orders-cpu (the customer's own alarms, kept)" });
  expect(result.actions[0]?.undo).toContain(`"AlarmNames":["orders-cpu","${NAME}"]`);
});

it('reads every page of mute rules, then each rule, and lifts the one on the second page', async () => {
  cloudwatchMock.on(ListAlarmMuteRulesCommand).resolvesOnce({ AlarmMuteRuleSummaries: [{ AlarmMuteRuleArn: ARN('other') }], NextToken: 't2' }).resolvesOnce({ AlarmMuteRuleSummaries: [{ AlarmMuteRuleArn: ARN('maint') }] }).resolves({ AlarmMuteRuleSummaries: [] });
  cloudwatchMock.on(GetAlarmMuteRuleCommand, { AlarmMuteRuleName: 'other' }).resolves(rule('other', ['orders-cpu']));
  cloudwatchMock.on(GetAlarmMuteRuleCommand, { AlarmMuteRuleName: 'maint' }).resolves(rule('maint', [NAME]));

  const result = await handleEvent(alarmChain, event(), deps());

  expect(cloudwatchMock.commandCalls(ListAlarmMuteRulesCommand)[1]?.args[0].input).toEqual({ Statuses: ['ACTIVE', 'SCHEDULED'], NextToken: 't2' });
  expect(result.actions.map((a) => `${a.api} ${a.target}`)).toEqual(['DeleteAlarmMuteRule maint']);
});

it('only plans the lift in report mode, printing the command', async () => {
  muteRules([rule('maint', [NAME])], [rule('maint', [NAME])]);

  const result = await handleEvent(alarmChain, event(), deps({ REMEDIATION_MODE: 'report' }));

  expect(result.outcome).toBe('reported');
  expect(cloudwatchMock.commandCalls(DeleteAlarmMuteRuleCommand)).toHaveLength(0);
  expect(result.actions).toEqual([expect.objectContaining({ status: 'planned', command: "aws cloudwatch delete-alarm-mute-rule --region us-east-1 --alarm-mute-rule-name 'maint'" })]);
});

it('skips a rule deleted between the listing and its read', async () => {
  cloudwatchMock.on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [{ AlarmMuteRuleArn: ARN('gone') }] });
  cloudwatchMock.on(GetAlarmMuteRuleCommand).rejects(awsError('ResourceNotFoundException', 'not found'));

  const result = await handleEvent(alarmChain, event(), deps());

  expect(result.outcome).toBe('already-compliant');
});

it('still restores a deleted baseline alarm when the mute rules cannot be read, then fails naming the call', async () => {
  cloudwatchMock.on(DescribeAlarmsCommand).resolvesOnce({ MetricAlarms: [] }).resolves({ MetricAlarms: [goodAlarm] });
  cloudwatchMock.on(PutMetricAlarmCommand).resolves({});
  cloudwatchMock.on(ListAlarmMuteRulesCommand).rejects(awsError('AccessDenied', 'not authorized to perform cloudwatch:ListAlarmMuteRules'));

  const error = await rejectionOf(handleEvent(alarmChain, event(), deps()));

  expect(cloudwatchMock.commandCalls(PutMetricAlarmCommand)).toHaveLength(1);
  expect(failedResult(error)).toMatchObject({ outcome: 'failed', actions: [expect.objectContaining({ api: 'PutMetricAlarm', status: 'done' })] });
  expect(failedResult(error)).toMatchObject({ error: expect.stringContaining('ListAlarmMuteRules') });
});

it('fails when the re-read still finds the baseline alarm muted', async () => {
  muteRules([rule('maint', [NAME])], [rule('maint', [NAME])]);

  const error = await rejectionOf(handleEvent(alarmChain, event(), deps()));

  expect(failedResult(error).reason).toBe(`Re-read after the repair: mute rule maint mutes ${NAME} (cron(0 * * * ? *) for PT1H)`);
});
