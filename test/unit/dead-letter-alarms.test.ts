/** The dead-letter queue's alarms, as serverless.yml declares them: a failure waiting there is told before SQS deletes it. */
import { loadServerless } from '../../scripts/lib/serverless-config';
import { resolveIntrinsics } from '../../scripts/lib/cloudformation';

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (loadServerless({ stage: 'dev', region: 'us-east-1' }) as { resources: { Resources: Record<string, Resource> } }).resources.Resources;
const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties.Dimensions).includes('DeadLetterQueue'));
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

it('names the age alarm so that the alerts topic lets it publish', () => {
  const age = alarms.find((a) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage');
  const topicPolicy = resources.AlertsTopicPolicy?.Properties.PolicyDocument as { Statement: { Sid?: string; Condition?: { ArnLike?: Record<string, unknown[]> } }[] };
  const allowed = topicPolicy.Statement.find((s) => s.Sid === 'CloudWatchAlarms')?.Condition?.ArnLike?.['aws:SourceArn'];
  const resolved = resolveIntrinsics(allowed, { account: '111122223333', region: 'us-east-1', partition: 'aws', refs: {}, conditions: {} }) as string[];

  expect(resolved).toContain(`arn:aws:cloudwatch:*:111122223333:alarm:${String(age?.Properties.AlarmName)}`);
});
