/** reenable-trail's recreate path: the deleted baseline trail is created again from the baseline and started. */
import { CreateTrailCommand, StartLoggingCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { TrailBaseline } from '../baseline/trail';
import { AwsCallError, hasErrorCode } from '../errors';
import type { Trigger } from '../events/trigger';
import type { Action } from './result';
import { call, verify } from './trail-read';

/** CreateTrail + StartLogging (enforce mode), verified; the two actions, done or planned. */
export async function recreate(client: CloudTrailClient, baseline: TrailBaseline, trigger: Trigger, mode: string): Promise<Action[]> {
  const input = {
    Name: baseline.name,
    S3BucketName: baseline.s3BucketName,
    S3KeyPrefix: baseline.s3KeyPrefix,
    IsMultiRegionTrail: baseline.isMultiRegionTrail,
    IncludeGlobalServiceEvents: baseline.includeGlobalServiceEvents,
    EnableLogFileValidation: baseline.enableLogFileValidation,
    KmsKeyId: baseline.kmsKeyId,
    CloudWatchLogsLogGroupArn: baseline.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: baseline.cloudWatchLogsRoleArn,
  };
  const status = mode === 'report' ? 'planned' : 'done';
  const arn = `arn:aws:cloudtrail:${baseline.homeRegion}:${trigger.account}:trail/${baseline.name}`;
  if (mode === 'enforce') {
    try {
      await client.send(new CreateTrailCommand(input));
    } catch (error) {
      // Someone (or a concurrent invocation) recreated it first: that is not an error.
      if (!hasErrorCode(error, 'TrailAlreadyExistsException')) throw new AwsCallError('CreateTrail', error, { resource: arn, account: trigger.account, region: baseline.homeRegion });
    }
    await call('StartLogging', arn, trigger, () => client.send(new StartLoggingCommand({ Name: baseline.name })));
    const errors = await verify(client, baseline.name, {}, false, true, trigger);
    if (errors.length > 0) throw new Error(errors.join('; '));
  }
  const after = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return [
    { api: 'CreateTrail', target: arn, status, params: after, before: 'deleted', after, undo: `aws cloudtrail delete-trail --region ${baseline.homeRegion} --name ${baseline.name}`, command: `aws cloudtrail create-trail --region ${baseline.homeRegion} --cli-input-json '${JSON.stringify(after).replace(/'/g, `'\\''`)}'` },
    { api: 'StartLogging', target: arn, status, params: { Name: baseline.name }, before: 'not logging', after: 'logging', undo: `aws cloudtrail stop-logging --region ${baseline.homeRegion} --name ${arn}` },
  ];
}
