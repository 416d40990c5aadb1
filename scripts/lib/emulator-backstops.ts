/** Builds the backstops in the emulator (a recording Config recorder with its delivery channel, a GuardDuty detector), for the demo and the tests. */
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  type ConfigurationRecorder,
  type DeliveryChannel,
} from '@aws-sdk/client-config-service';
import { CreateDetectorCommand, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_ACCOUNT } from './moto';

/** The CONFIG_* configuration of a recorder baseline whose delivery bucket exists in the emulator. */
export async function prepareRecorderBaseline(name: string, region: string): Promise<Record<string, string>> {
  const bucket = `${name}-config-${region}`.toLowerCase();
  await new S3Client({ region, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'us-west-2' } }) }));
  return {
    CONFIG_RECORDER_NAME: 'default',
    CONFIG_RECORDER_ROLE_ARN: `arn:aws:iam::${EMULATOR_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    CONFIG_DELIVERY_BUCKET: bucket,
    CONFIG_DELIVERY_PREFIX: 'config',
  };
}

/** Creates a recorder (all supported types, global included, unless `recorder` says otherwise), its channel, and starts it. */
export async function createRecorder(region: string, env: Record<string, string>, recorder: Partial<ConfigurationRecorder> = {}): Promise<void> {
  const client = new ConfigServiceClient({ region });
  const name = env.CONFIG_RECORDER_NAME ?? 'default';
  await client.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name, roleARN: env.CONFIG_RECORDER_ROLE_ARN, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true }, ...recorder } }));
  await client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: env.CONFIG_DELIVERY_BUCKET, s3KeyPrefix: env.CONFIG_DELIVERY_PREFIX } }));
  await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
}

/** The recorder, whether it records, and the delivery channels, as the emulator has them. */
export async function recorderState(region: string): Promise<{ recorder?: ConfigurationRecorder; recording: boolean; channels: DeliveryChannel[] }> {
  const client = new ConfigServiceClient({ region });
  const [recorder] = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
  const statuses = (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
  const channels = (await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
  return { ...(recorder ? { recorder } : {}), recording: statuses.some((s) => s.recording === true), channels };
}

/** Creates an enabled GuardDuty detector; returns its id. */
export async function createDetector(region: string): Promise<string> {
  return (await new GuardDutyClient({ region }).send(new CreateDetectorCommand({ Enable: true }))).DetectorId ?? '';
}

/** Every detector of the region and its status. */
export async function detectorStates(region: string): Promise<{ id: string; status?: string }[]> {
  const client = new GuardDutyClient({ region });
  const ids = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  return Promise.all(ids.map(async (id) => ({ id, status: (await client.send(new GetDetectorCommand({ DetectorId: id }))).Status })));
}
