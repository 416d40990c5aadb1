/**
 * reenable-trail's own sweep fanned out over its queue (organization mode) on the emulator: the central account and
 * two members; trails are swept once per account, in the trail home region. A trail stopped in each account is
 * restarted there, through that account's own role, and one summary names every account.
 */
import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import type { Deps } from '../../../shared/remediations/types';
import { handleSweepEvent } from '../../../shared/sweep/worker';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { historyPlace } from '../../support/history';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';
import { createSweepQueue, sqsEventOf, takeAll, type SweepQueue } from '../../support/sweep-queue';

const MEMBER_A = '444455556666';
const MEMBER_B = '777788889999';
const ACCOUNTS = [CENTRAL, MEMBER_A, MEMBER_B];
const TRAIL = 'team-trail';
let inbox: Inbox;
let queue: SweepQueue;
let table: string;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'queue-trail-alerts', 'queue-trail-ops');
  queue = await createSweepQueue();
  table = (await historyPlace()).table;
  await deployMemberRole(MEMBER_A, 'reenable-trail');
  await deployMemberRole(MEMBER_B, 'reenable-trail');
});

const trailClient = (account: string): CloudTrailClient => (account === CENTRAL ? new CloudTrailClient({ region: 'us-east-1' }) : inAccount(new CloudTrailClient({ region: 'us-east-1' }), account));

/** A stopped trail in `account`, us-east-1. */
async function stoppedTrail(account: string): Promise<void> {
  const bucket = `trail-logs-${account}`;
  const s3 = new S3Client({ region: 'us-east-1', forcePathStyle: true });
  await (account === CENTRAL ? s3 : inAccount(s3, account)).send(new CreateBucketCommand({ Bucket: bucket }));
  const cloudtrail = trailClient(account);
  await cloudtrail.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: bucket }));
  await cloudtrail.send(new StartLoggingCommand({ Name: TRAIL }));
  await cloudtrail.send(new StopLoggingCommand({ Name: TRAIL }));
}

async function orgDeps(): Promise<Deps> {
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ORG_ACCOUNTS: `${MEMBER_A},${MEMBER_B}`, SWEEP_REGIONS: 'us-east-1,eu-west-1', HISTORY_TABLE_NAME: table, SWEEP_QUEUE_URL: queue.url });
  return { config, clients: createClients(), members: await centralMemberAccess('reenable-trail') };
}

it('sends one message per account, in the trail home region', async () => {
  // Act
  await handleEvent(trailProtection, scheduledEvent(CENTRAL, 'us-east-1', { id: 'trail-run-1' }), await orgDeps());

  // Assess
  const bodies = (await takeAll(queue)).map((m) => JSON.parse(m.Body ?? '') as Record<string, string>);
  expect(bodies.map((b) => `${b.fn} ${b.account} ${b.region}`).sort()).toEqual(ACCOUNTS.map((a) => `reenable-trail ${a} us-east-1`).sort());
});

it('restarts the trail stopped in every account, each through its own role, and sends one summary', async () => {
  // Prepare
  for (const account of ACCOUNTS) await stoppedTrail(account);
  const deps = await orgDeps();
  await handleEvent(trailProtection, scheduledEvent(CENTRAL, 'us-east-1', { id: 'trail-run-2' }), deps);

  // Act
  for (const message of await takeAll(queue)) await handleSweepEvent(trailProtection, sqsEventOf(queue, message), deps);

  // Assess
  const logging = await Promise.all(ACCOUNTS.map(async (a) => (await trailClient(a).send(new GetTrailStatusCommand({ Name: TRAIL }))).IsLogging));
  // No baseline trail here: the daily half-armed WARNING comes too; the run's own notices are its summary alone.
  const messages = (await inbox.drain()).filter((m) => !m.subject.includes('half-armed'));
  expect(logging).toEqual([true, true, true]);
  expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Sweep: fixed in 3 of 3 account\/region\(s\)/)]);
  for (const account of ACCOUNTS) expect(messages[0]?.message).toContain(`${account} us-east-1: remediated`);
});
