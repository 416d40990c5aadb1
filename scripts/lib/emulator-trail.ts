/** Builds trails in the emulator, for the demo and the tests. */
import { CloudTrailClient, CreateTrailCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand, StartLoggingCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_ACCOUNT } from './moto';

/** The TRAIL_* configuration of a baseline trail whose bucket and log group exist in the emulator. */
export async function prepareBaseline(name: string, homeRegion: string): Promise<Record<string, string>> {
  const bucket = `${name}-logs-${homeRegion}`.toLowerCase();
  await new S3Client({ region: homeRegion, forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: bucket, ...(homeRegion === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: homeRegion as 'us-west-2' } }) }),
  );
  const logGroup = `/cloudtrail/${name}`;
  await new CloudWatchLogsClient({ region: homeRegion }).send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  return {
    TRAIL_NAME: name,
    TRAIL_HOME_REGION: homeRegion,
    TRAIL_S3_BUCKET: bucket,
    TRAIL_S3_KEY_PREFIX: 'cloudtrail',
    TRAIL_KMS_KEY_ID: `arn:aws:kms:${homeRegion}:${EMULATOR_ACCOUNT}:key/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e`,
    TRAIL_CLOUDWATCH_LOG_GROUP_ARN: `arn:aws:logs:${homeRegion}:${EMULATOR_ACCOUNT}:log-group:${logGroup}:*`,
    TRAIL_CLOUDWATCH_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT}:role/cloudtrail-to-cloudwatch`,
  };
}

/** Creates a logging trail from a baseline configuration (or plain settings). */
export async function createTrail(region: string, name: string, bucket: string, options: Partial<Record<'multiRegion' | 'validation', boolean>> & { kmsKeyId?: string; logGroupArn?: string; roleArn?: string; prefix?: string } = {}): Promise<string> {
  const client = new CloudTrailClient({ region });
  const trail = await client.send(
    new CreateTrailCommand({
      Name: name,
      S3BucketName: bucket,
      S3KeyPrefix: options.prefix,
      IsMultiRegionTrail: options.multiRegion ?? true,
      EnableLogFileValidation: options.validation ?? true,
      KmsKeyId: options.kmsKeyId,
      CloudWatchLogsLogGroupArn: options.logGroupArn,
      CloudWatchLogsRoleArn: options.roleArn,
    }),
  );
  await client.send(new StartLoggingCommand({ Name: name }));
  return trail.TrailARN ?? '';
}

/** A trail's settings, logging state and selectors, as one object for assertions. */
export async function trailState(region: string, name: string): Promise<{ trail?: Trail; logging: boolean; selectors: unknown }> {
  const client = new CloudTrailClient({ region });
  const trail = (await client.send(new GetTrailCommand({ Name: name }))).Trail;
  const logging = (await client.send(new GetTrailStatusCommand({ Name: name }))).IsLogging === true;
  const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: name }));
  return { trail, logging, selectors: { basic: selectors.EventSelectors ?? [], advanced: selectors.AdvancedEventSelectors ?? [] } };
}
