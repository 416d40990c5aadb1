/**
 * Organization mode, per-account baselines: a member's deleted Config recorder is recreated with the member's own role
 * and bucket (`${AccountId}` resolved for it); a baseline naming the central account's role is not passed to the
 * member's recorder: ACTION NEEDED, and nothing is written anywhere.
 */
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { handleEvent } from '../../../shared/pipeline';
import { backstops } from '../../../shared/remediations/backstops';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, ORG_ENV, centralMemberAccess, createTrustedRole, deployMemberRole, inAccount } from '../../support/org';

const MEMBER = '777788889999';
let inbox: Inbox;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'org-recorder-alerts', 'org-recorder-ops');
});

/** The member's DeleteConfigurationRecorder event, handled by the central stack with `baseline` as its CONFIG_* settings. */
async function deletedInMember(baseline: Record<string, string>): ReturnType<typeof handleEvent> {
  await deployMemberRole(MEMBER, 'protect-backstops');
  await inAccount(new S3Client({ region: 'us-east-1', forcePathStyle: true }), MEMBER).send(new CreateBucketCommand({ Bucket: `config-${MEMBER}` }));
  await createTrustedRole(MEMBER, 'config-recorder', `arn:aws:iam::${MEMBER}:root`);
  const event = withIds(loadEvent('config-api-stopconfigurationrecorder'), { '"eventName":"StopConfigurationRecorder"': '"eventName":"DeleteConfigurationRecorder"', [CENTRAL]: MEMBER });
  (event.detail as Record<string, unknown>).requestParameters = { configurationRecorderName: 'default' };
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, CONFIG_RECORDER_NAME: 'default', ...baseline });
  return handleEvent(backstops, event, { config, clients: createClients(), members: await centralMemberAccess('protect-backstops') });
}

const configIn = (account: string): ConfigServiceClient => inAccount(new ConfigServiceClient({ region: 'us-east-1' }), account);
const recordersIn = async (account: string): Promise<{ name?: string; roleARN?: string }[]> => (await configIn(account).send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];

it('recreates the member recorder with the member account own role and bucket', async () => {
  const result = await deletedInMember({ CONFIG_RECORDER_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/config-recorder', CONFIG_DELIVERY_BUCKET: 'config-${AccountId}' });

  const channels = (await configIn(MEMBER).send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
  expect(result).toMatchObject({ outcome: 'remediated', resource: { account: MEMBER } });
  expect(await recordersIn(MEMBER)).toEqual([expect.objectContaining({ name: 'default', roleARN: `arn:aws:iam::${MEMBER}:role/config-recorder` })]);
  expect(channels).toEqual([expect.objectContaining({ s3BucketName: `config-${MEMBER}` })]);
  expect(await recordersIn(CENTRAL)).toEqual([]);
});

it('does not pass the central account role to the member recorder: ACTION NEEDED naming the setting, and no recorder created anywhere', async () => {
  const result = await deletedInMember({ CONFIG_RECORDER_ROLE_ARN: `arn:aws:iam::${CENTRAL}:role/config-recorder`, CONFIG_DELIVERY_BUCKET: `config-${MEMBER}` });

  expect(result).toMatchObject({ outcome: 'skipped', actions: [], actionNeeded: expect.stringContaining(`CONFIG_RECORDER_ROLE_ARN (param configRecorderRoleArn) is arn:aws:iam::${CENTRAL}:role/config-recorder`) });
  expect([await recordersIn(MEMBER), await recordersIn(CENTRAL)]).toEqual([[], []]);
});
