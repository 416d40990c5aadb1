/** The chain doctor against the moto emulator: a whole chain, each single broken link by name, and repairs. */
import { CloudTrailClient, DeleteTrailCommand, PutEventSelectorsCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DisableAlarmActionsCommand, PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteMetricFilterCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteTopicCommand, ListSubscriptionsByTopicCommand, SNSClient, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { ALARM_SHAPE, CIS_ALARMS } from '../../shared/baseline/cis-alarms';
import { LINKS, formatReport, runDoctor, type ChainReport, type LinkId } from '../../shared/doctor';
import type { Deps } from '../../shared/remediations/types';
import { trailState } from '../../scripts/lib/emulator-trail';
import type { Inbox } from '../../scripts/lib/inbox';
import { buildWholeChain } from '../support/chain';
import { motoDeps, resetEmulator } from '../support/deps';

const region = 'us-east-1';
const ACCOUNT = '111122223333';
const TRAIL = 'chain-doctor-trail';
const LOG_GROUP = `/cloudtrail/${TRAIL}`;
const sns = new SNSClient({ region });
const cloudtrail = new CloudTrailClient({ region });
const cloudwatch = new CloudWatchClient({ region });
const logs = new CloudWatchLogsClient({ region });
let inbox: Inbox;
let chainEnv: Record<string, string>;

const deps = (env: Record<string, string> = {}): Deps =>
  motoDeps({ ...chainEnv, ...env });
const statusOf = (report: ChainReport): Record<string, string> => Object.fromEntries(report.links.map((l) => [l.id, l.status]));
const brokenLinks = (report: ChainReport): LinkId[] => report.links.filter((l) => l.status === 'broken').map((l) => l.id);
const diagnose = () => runDoctor(deps(), { repair: false });

/** A whole chain: logging multi-region trail -> log group -> 18 CIS filters and alarms (14 CIS v1.2.0, 3 checker variants, CIS 4.15) -> topic with its policy -> a queue. */
beforeEach(async () => {
  await resetEmulator();
  const chain = await buildWholeChain(region, TRAIL);
  inbox = chain.inbox;
  chainEnv = chain.env;
});

it('reports a whole chain as whole, every link in chain order', async () => {
  const report = await diagnose();

  expect(report.links.map((l) => l.id)).toEqual(LINKS.map((l) => l.id));
  expect(brokenLinks(report)).toEqual([]);
  expect(report.whole).toBe(true);
  expect(formatReport(report)).toContain('Verdict: the chain is WHOLE');
});

it('reports a deleted trail as the trail link broken', async () => {
  await cloudtrail.send(new DeleteTrailCommand({ Name: TRAIL }));

  const report = await diagnose();

  expect(statusOf(report)['trail-exists']).toBe('broken');
  expect(report.whole).toBe(false);
});

it('reports a stopped trail as logging broken: remediation is blind', async () => {
  await cloudtrail.send(new StopLoggingCommand({ Name: TRAIL }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['trail-logging']);
  expect(report.links.find((l) => l.id === 'trail-logging')?.detail).toContain('event-driven remediation is blind');
});

it('reports a trail that records only write events as coverage broken', async () => {
  await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));

  expect(brokenLinks(await diagnose())).toEqual(['trail-coverage']);
});

it('reports a trail delivering to another log group as delivery broken', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'elsewhere' }));
  await cloudtrail.send(new UpdateTrailCommand({ Name: TRAIL, CloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:elsewhere:*`, CloudWatchLogsRoleArn: chainEnv.TRAIL_CLOUDWATCH_ROLE_ARN }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['log-delivery']);
  expect(report.links.find((l) => l.id === 'log-delivery')?.detail).toContain(`delivers to elsewhere, but the CIS filters watch ${LOG_GROUP}`);
});

it('reports a deleted metric filter as the filters link broken, by filter name', async () => {
  await logs.send(new DeleteMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: 'RootAccountUsage' }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['metric-filters']);
  expect(report.links.find((l) => l.id === 'metric-filters')?.detail).toContain('RootAccountUsage');
});

it('reports an alarm whose actions were disabled as the alarms link broken', async () => {
  await cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: ['CIS-3.3-RootAccountUsage'] }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['alarms']);
  expect(report.links.find((l) => l.id === 'alarms')?.detail).toBe('CIS-3.3-RootAccountUsage (ActionsEnabled: false -> true)');
});

it('reports a filter on another log group that lowers a baseline metric as the alarms link broken', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/someone/else' }));
  await logs.send(new PutMetricFilterCommand({ logGroupName: '/someone/else', filterName: 'offset', filterPattern: '', metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '-1000' }] }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['alarms']);
  expect(report.links.find((l) => l.id === 'alarms')?.detail).toContain('metric filter offset on log group /someone/else publishes -1000 on each match into CISBenchmark/RootAccountUsage');
});

it('reports an alarm given a Dimension and a filter given dimensions as broken, naming the field, and whole after repair', async () => {
  const root = CIS_ALARMS[2]!;
  await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: 'CIS-3.1-UnauthorizedAPICalls', MetricName: 'UnauthorizedAPICalls', Namespace: 'CISBenchmark', ...ALARM_SHAPE, AlarmActions: [inbox.topicArn], Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }));
  // moto 5.2.5 lists the replaced filter and then this one; AWS would list only this one.
  await logs.send(new PutMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: root.name, filterPattern: root.pattern, metricTransformations: [{ metricName: root.name, metricNamespace: 'CISBenchmark', metricValue: '1', dimensions: { InstanceId: '$.instanceId' } }] }));

  const before = await diagnose();
  const after = await runDoctor(deps(), { repair: true });

  expect(brokenLinks(before)).toEqual(['metric-filters', 'alarms']);
  expect(before.links.find((l) => l.id === 'metric-filters')?.detail).toBe('1 of 18 missing or altered: RootAccountUsage (dimensions: InstanceId=$.instanceId -> none)');
  expect(before.links.find((l) => l.id === 'alarms')?.detail).toBe('CIS-3.1-UnauthorizedAPICalls (Dimensions: InstanceId=i-1 -> none)');
  expect(statusOf(after)).toMatchObject({ 'metric-filters': 'repaired', alarms: 'repaired' });
  expect(after.whole).toBe(true);
});

it('reports a rewritten topic policy as the topic link broken', async () => {
  await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));

  expect(brokenLinks(await diagnose())).toEqual(['topic']);
});

it('reports a baseline subscriber muted by a filter policy as the subscriptions link broken, and whole after repair', async () => {
  const [queue] = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: inbox.topicArn }))).Subscriptions ?? [];
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: queue?.SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"severity":["none"]}' }));

  const before = await diagnose();
  const after = await runDoctor(deps(), { repair: true });

  expect(brokenLinks(before)).toEqual(['subscriptions']);
  expect(before.links.find((l) => l.id === 'subscriptions')?.detail).toBe(`sqs ${inbox.queueArn} muted: a filter policy (on MessageAttributes) drops every alert it does not match (FilterPolicy {"severity":["none"]})`);
  expect(statusOf(after)).toMatchObject({ subscriptions: 'repaired' });
});

it('reports the AWS managed key alias/aws/sns on the topic as the topic link broken', async () => {
  await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'KmsMasterKeyId', AttributeValue: 'alias/aws/sns' }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['topic']);
  expect(report.links.find((l) => l.id === 'topic')?.detail).toBe('chain-alerts: KmsMasterKeyId is "alias/aws/sns", the AWS managed key: CloudWatch alarms cannot publish to the topic');
});

it('reports a topic without subscribers as the subscriptions link broken', async () => {
  for (const s of (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: inbox.topicArn }))).Subscriptions ?? []) await sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['subscriptions']);
  expect(report.links.find((l) => l.id === 'subscriptions')?.detail).toContain('no confirmed subscription: alerts reach nobody');
});

it('reports failed deliveries from the SNS metrics as the deliveries link broken', async () => {
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SNS', MetricData: [{ MetricName: 'NumberOfNotificationsFailed', Dimensions: [{ Name: 'TopicName', Value: 'chain-alerts' }], Value: 3 }] }));

  const report = await diagnose();

  expect(brokenLinks(report)).toEqual(['deliveries']);
  expect(report.links.find((l) => l.id === 'deliveries')?.detail).toContain('3 failed deliveries');
});

it('in report mode changes nothing', async () => {
  await cloudtrail.send(new StopLoggingCommand({ Name: TRAIL }));

  await diagnose();

  expect((await trailState(region, TRAIL)).logging).toBe(false);
});

it('in enforce mode repairs a stopped trail and a deleted topic, and reports them repaired', async () => {
  await cloudtrail.send(new StopLoggingCommand({ Name: TRAIL }));
  await sns.send(new DeleteTopicCommand({ TopicArn: inbox.topicArn }));

  const report = await runDoctor(deps(), { repair: true });

  expect(statusOf(report)).toMatchObject({ 'trail-logging': 'repaired', topic: 'repaired', subscriptions: 'repaired' });
  expect(report.whole).toBe(true);
  expect(formatReport(report)).toMatch(/REPAIRED +Trail is logging/);
});

it('in enforce mode leaves what it cannot repair broken, with the fix needed', async () => {
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SNS', MetricData: [{ MetricName: 'NumberOfNotificationsFailed', Dimensions: [{ Name: 'TopicName', Value: 'chain-alerts' }], Value: 1 }] }));

  const report = await runDoctor(deps(), { repair: true });

  expect(brokenLinks(report)).toEqual(['deliveries']);
  expect(report.links.find((l) => l.id === 'deliveries')?.fix).toContain('check each subscriber endpoint');
});
