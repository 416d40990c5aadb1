/**
 * protect-backstops' own sweep fanned out over its queue (organization mode) on the emulator: the central account and
 * a member, in two regions each (4 targets). With no Config recorder anywhere, each account x region gets its
 * recorder back, with that account's own role and bucket (`${AccountId}`, `${Region}`), written through that
 * account's own role; one summary names every target.
 */
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { backstops } from '../../../shared/remediations/backstops';
import { handleSweepEvent } from '../../../shared/sweep/worker';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { historyPlace } from '../../support/history';
import { CENTRAL, ORG_ENV, centralMemberAccess, createTrustedRole, deployMemberRole, inAccount } from '../../support/org';
import { createSweepQueue, sqsEventOf, takeAll } from '../../support/sweep-queue';

const MEMBER = '777788889999';
const REGIONS = ['us-east-1', 'eu-west-1'];
const TARGETS = [CENTRAL, MEMBER].flatMap((account) => REGIONS.map((region) => ({ account, region })));
let inbox: Inbox;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'queue-backstops-alerts', 'queue-backstops-ops');
});

const inOwn = <T extends object>(client: T, account: string): T => (account === CENTRAL ? client : inAccount(client, account));

it('recreates the recorder in every account and region, each with its own account role and bucket, and sends one summary', async () => {
  // Prepare
  await deployMemberRole(MEMBER, 'protect-backstops');
  for (const account of [CENTRAL, MEMBER]) await createTrustedRole(account, 'config-recorder', `arn:aws:iam::${account}:root`);
  for (const t of TARGETS) await inOwn(new S3Client({ region: t.region, forcePathStyle: true }), t.account).send(new CreateBucketCommand({ Bucket: `config-${t.account}-${t.region}`, ...(t.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: t.region as 'eu-west-1' } }) }));
  const queue = await createSweepQueue();
  const env = { CONFIG_RECORDER_NAME: 'default', CONFIG_RECORDER_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/config-recorder', CONFIG_DELIVERY_BUCKET: 'config-${AccountId}-${Region}', GUARDDUTY_REQUIRED: 'false' };
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ORG_ACCOUNTS: MEMBER, SWEEP_REGIONS: REGIONS.join(','), HISTORY_TABLE_NAME: (await historyPlace()).table, SWEEP_QUEUE_URL: queue.url, ...env });
  const deps = { config, clients: createClients(), members: await centralMemberAccess('protect-backstops') };
  await handleEvent(backstops, scheduledEvent(CENTRAL, 'us-east-1', { id: 'backstops-run-1' }), deps);

  // Act
  const messages = await takeAll(queue);
  for (const message of messages) await handleSweepEvent(backstops, sqsEventOf(queue, message), deps);

  // Assess
  const recorders = await Promise.all(TARGETS.map(async (t) => (await inOwn(new ConfigServiceClient({ region: t.region }), t.account).send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders?.map((r) => r.roleARN)));
  const notices = (await inbox.drain()).filter((m) => m.subject.includes('Sweep'));
  expect(messages).toHaveLength(4);
  expect(recorders).toEqual(TARGETS.map((t) => [`arn:aws:iam::${t.account}:role/config-recorder`]));
  expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Sweep: fixed in 4 of 4 account\/region\(s\)/)]);
});
