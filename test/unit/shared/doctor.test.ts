/** The chain doctor on states moto cannot produce: pending subscriptions, CloudTrail delivery errors, stale delivery, AccessDenied. */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, GetAlarmMuteRuleCommand, GetMetricStatisticsCommand, ListAlarmMuteRulesCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetDataProtectionPolicyCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ALARM_SHAPE } from '../../../shared/baseline/cis-alarms';
import { baselineAttributes } from '../../../shared/baseline/topic';
import { createClients } from '../../../shared/aws/clients';
import { examineChain, formatReport, runDoctor, type LinkReport } from '../../../shared/doctor';
import type { Deps } from '../../../shared/remediations/types';
import { testConfig } from '../../support/deps';
import { awsError } from '../../support/faults';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:111122223333:log-group:/cloudtrail/org:*';
const NOW = new Date('2026-11-23T12:00:00Z');
const cloudtrail = mockClient(CloudTrailClient);
const cloudwatch = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const sns = mockClient(SNSClient);
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC, ALARM_LOG_GROUP_NAME: '/cloudtrail/org', CIS_CONTROLS: '3.3', ALERT_EMAIL: 'ops@example.com' }), clients: createClients({ maxAttempts: 1 }) });
const link = (links: LinkReport[], id: string): LinkReport | undefined => links.find((l) => l.id === id);

beforeEach(() => {
  for (const mock of [cloudtrail, cloudwatch, logs, sns]) mock.reset();
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: LOG_GROUP_ARN }] });
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestCloudWatchLogsDeliveryTime: new Date('2026-11-23T11:55:00Z') });
  cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/cloudtrail/org' }] });
  logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [] });
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  cloudwatch.on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [] });
  cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: baselineAttributes(deps().config.topic) });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1`, Protocol: 'email', Endpoint: 'ops@example.com' }] });
  sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { Protocol: 'email', Endpoint: 'ops@example.com' } });
  sns.on(GetDataProtectionPolicyCommand).resolves({ DataProtectionPolicy: '' });
});

it('counts a subscription pending confirmation as broken, naming it', async () => {
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.com' }] });

  const subscriptions = link(await examineChain(deps(), NOW), 'subscriptions');

  expect(subscriptions).toMatchObject({ status: 'broken', detail: 'no confirmed subscription: alerts reach nobody; pending confirmation: email ops@example.com' });
  expect(subscriptions?.fix).toContain('a person must confirm');
});

it('reports a data protection policy that denies messages as the topic link broken, naming the statement', async () => {
  const deny = JSON.stringify({ Name: 'p', Version: '2021-06-01', Statement: [{ Sid: 'mute', DataDirection: 'Outbound', Principal: ['*'], DataIdentifier: [], Operation: { Deny: {} } }] });
  sns.on(GetDataProtectionPolicyCommand).resolves({ DataProtectionPolicy: deny });

  const topic = link(await examineChain(deps(), NOW), 'topic');

  expect(topic).toMatchObject({ status: 'broken', detail: 'security-alerts: its data protection policy: mute denies outbound messages that match its data identifiers' });
  expect(topic?.fix).toContain('removes a data protection policy that denies or masks messages');
});

it('reports the delivery error CloudTrail records for CloudWatch Logs', async () => {
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestCloudWatchLogsDeliveryError: 'AccessDeniedException: role cannot write' });

  expect(link(await examineChain(deps(), NOW), 'log-delivery')).toMatchObject({
    status: 'broken',
    detail: 'CloudTrail reports a CloudWatch Logs delivery error: "AccessDeniedException: role cannot write"',
    fix: expect.stringContaining('its trust policy must let cloudtrail.amazonaws.com assume it, and its policies and permissions boundary') as string,
  });
});

it('reports a delivery older than two hours, on a trail logging for longer, as broken', async () => {
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, StartLoggingTime: new Date('2026-11-20T12:00:00Z'), LatestCloudWatchLogsDeliveryTime: new Date('2026-11-23T09:00:00Z') });

  expect(link(await examineChain(deps(), NOW), 'log-delivery')).toMatchObject({
    status: 'broken',
    detail: 'the last delivery to CloudWatch Logs was 3 h ago (2026-11-23T09:00:00.000Z), though it has been logging since 2026-11-20T12:00:00.000Z: nothing reaches /cloudtrail/org, every metric filter on it is blind',
  });
});

it('does not judge the old delivery of a trail restarted within two hours', async () => {
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, StartLoggingTime: new Date('2026-11-23T11:30:00Z'), LatestCloudWatchLogsDeliveryTime: new Date('2026-11-20T12:00:00Z') });

  expect(link(await examineChain(deps(), NOW), 'log-delivery')).toMatchObject({ status: 'ok' });
});

it('reports a logging trail whose log files do not reach S3 as the logging link broken, naming the error', async () => {
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryError: 'AccessDenied', LatestCloudWatchLogsDeliveryTime: new Date('2026-11-23T11:55:00Z') });

  expect(link(await examineChain(deps(), NOW), 'trail-logging')).toMatchObject({
    status: 'broken',
    detail: 'logging, but its log files do not reach S3: CloudTrail reports an S3 delivery error: "AccessDenied"',
    fix: expect.stringContaining('check the bucket policy') as string,
  });
});

it('reports a recent delivery as ok', async () => {
  expect(link(await examineChain(deps(), NOW), 'log-delivery')).toMatchObject({ status: 'ok', detail: 'to /cloudtrail/org, last delivery 2026-11-23T11:55:00.000Z' });
});

it('reports links it cannot read as broken, saying why, and still checks the others', async () => {
  cloudtrail.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform cloudtrail:DescribeTrails'));

  const links = await examineChain(deps(), NOW);

  expect(links.filter((l) => l.status === 'broken').map((l) => l.id)).toEqual(expect.arrayContaining(['trail-exists', 'trail-logging', 'trail-coverage', 'log-delivery']));
  expect(link(links, 'trail-exists')?.detail).toContain('could not be checked: DescribeTrails failed: AccessDeniedException');
  expect(link(links, 'topic')?.status).toBe('ok');
});

it('in report mode writes nothing and says so in the report', async () => {
  const report = await runDoctor(deps(), { repair: false, now: NOW });

  expect(report.repairs).toEqual([]);
  expect(formatReport(report)).toContain('report only: changes nothing');
  expect(sns.commandCalls(GetTopicAttributesCommand).length).toBe(1);
});

it('reports a baseline alarm muted by a mute rule as the alarms link broken, naming the rule', async () => {
  const name = 'CIS-3.3-RootAccountUsage';
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: name, MetricName: 'RootAccountUsage', Namespace: 'CISBenchmark', ...ALARM_SHAPE, ActionsEnabled: true, AlarmActions: [TOPIC] }] });
  cloudwatch.on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [{ AlarmMuteRuleArn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm-mute-rule:maint', Status: 'ACTIVE' }] });
  cloudwatch.on(GetAlarmMuteRuleCommand).resolves({ Name: 'maint', Rule: { Schedule: { Expression: 'cron(0 * * * ? *)', Duration: 'PT1H' } }, MuteTargets: { AlarmNames: [name] }, Status: 'ACTIVE' });

  const alarms = link(await examineChain(deps(), NOW), 'alarms');

  expect(alarms).toMatchObject({ status: 'broken', detail: `mute rule maint mutes ${name} (cron(0 * * * ? *) for PT1H)`, fix: 'restore-alarms deletes the mute rule, or rewrites it without the baseline alarms' });
});
