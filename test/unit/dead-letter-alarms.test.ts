/** The dead-letter queue's alarms, as serverless.yml declares them: a failure waiting there is told before SQS deletes it. */
import { loadServerless } from '../../scripts/lib/serverless-config';
import { resolveIntrinsics } from '../../scripts/lib/cloudformation';
import { FUNCTION_NAMES } from '../../shared/baseline/roles';

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (loadServerless({ stage: 'dev', region: 'us-east-1' }) as { resources: { Resources: Record<string, Resource> } }).resources.Resources;
const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties.Dimensions ?? []).includes('DeadLetterQueue'));
const retention = Number(resources.DeadLetterQueue?.Properties.MessageRetentionPeriod);

it('notifies again about a dead letter left waiting, days before SQS deletes it', () => {
  const age = alarms.find((a) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage');

  expect(age?.Properties).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  expect(Number(age?.Properties.Threshold)).toBeLessThanOrEqual(retention - 3 * 86400);
});

it('sends the age alarm where the depth alarm goes (the alerts topic and the fallback topic)', () => {
  const actions = (metric: string): unknown => alarms.find((a) => a.Properties.MetricName === metric)?.Properties.AlarmActions;

  expect(actions('ApproximateAgeOfOldestMessage')).toEqual(actions('ApproximateNumberOfMessagesVisible'));
});

it('notifies when any function of the stack could not write a dead letter (the event is lost, no message counts it)', () => {
  const lost = Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties.Metrics ?? []).includes('DeadLetterErrors'));
  const stats = (lost?.Properties.Metrics as { Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Value: string }[] }; Stat: string } }[]) ?? [];

  expect(stats.find((m) => m.Expression)?.Expression).toBe('SUM(METRICS())');
  expect(stats.flatMap((m) => (m.MetricStat ? [`${m.MetricStat.Metric.Namespace} ${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Metric.Dimensions[0]?.Value}`] : []))).toEqual(
    FUNCTION_NAMES.map((fn) => `AWS/Lambda DeadLetterErrors Sum chain-guard-dev-${fn}`),
  );
  expect(lost?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: alarms.find((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')?.Properties.AlarmActions });
});

it('names each dead-letter alarm so that the alerts topic lets it publish', () => {
  const names = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && String(r.Properties.AlarmName).includes('dead-letters')).map((a) => String(a.Properties.AlarmName));
  const topicPolicy = resources.AlertsTopicPolicy?.Properties.PolicyDocument as { Statement: { Sid?: string; Condition?: { ArnLike?: Record<string, unknown[]> } }[] };
  const allowed = topicPolicy.Statement.find((s) => s.Sid === 'CloudWatchAlarms')?.Condition?.ArnLike?.['aws:SourceArn'];
  const resolved = resolveIntrinsics(allowed, { account: '111122223333', region: 'us-east-1', partition: 'aws', refs: {}, conditions: {} }) as string[];

  expect(names).toHaveLength(4);
  for (const name of names) expect(resolved).toContain(`arn:aws:cloudwatch:*:111122223333:alarm:${name}`);
});

it('pages when a target of a fanned-out sweep is dead-lettered, where the other dead-letter alarms go', () => {
  const sweep = Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties.Dimensions ?? []).includes('SweepQueueDeadLetters'));

  expect(sweep?.Properties).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  expect(sweep?.Properties.AlarmActions).toEqual(alarms.find((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')?.Properties.AlarmActions);
});
