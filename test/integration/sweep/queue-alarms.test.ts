/**
 * restore-alarms' own sweep fanned out over its queue (organization mode) on the emulator: the central account and a
 * member; the CIS filters and alarms are swept once per account, in the stack's region. Deleted everywhere, they are
 * restored in each account through that account's own role, and one summary names both accounts.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { handleSweepEvent } from '../../../shared/sweep/worker';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { historyPlace } from '../../support/history';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';
import { createSweepQueue, sqsEventOf, takeAll } from '../../support/sweep-queue';

const MEMBER = '777788889999';
const NAME = 'CIS-3.1-UnauthorizedAPICalls';
let inbox: Inbox;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'queue-alarms-alerts', 'queue-alarms-ops');
});

const cloudwatchOf = (account: string): CloudWatchClient => (account === CENTRAL ? new CloudWatchClient({ region: 'us-east-1' }) : inAccount(new CloudWatchClient({ region: 'us-east-1' }), account));

it('restores the CIS alarms in each account, in the stack region only, and sends one summary', async () => {
  // Prepare
  await deployMemberRole(MEMBER, 'restore-alarms');
  const queue = await createSweepQueue();
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ORG_ACCOUNTS: MEMBER, SWEEP_REGIONS: 'us-east-1,eu-west-1', ALARM_LOG_GROUP_NAME: '/cloudtrail/org-trail', HISTORY_TABLE_NAME: (await historyPlace()).table, SWEEP_QUEUE_URL: queue.url });
  const deps = { config, clients: createClients(), members: await centralMemberAccess('restore-alarms') };
  await handleEvent(alarmChain, scheduledEvent(CENTRAL, 'us-east-1', { id: 'alarms-run-1' }), deps);

  // Act
  const messages = await takeAll(queue);
  for (const message of messages) await handleSweepEvent(alarmChain, sqsEventOf(queue, message), deps);

  // Assess
  const restored = await Promise.all([CENTRAL, MEMBER].map(async (a) => (await cloudwatchOf(a).send(new DescribeAlarmsCommand({ AlarmNames: [NAME] }))).MetricAlarms?.length));
  const notices = (await inbox.drain()).filter((m) => m.subject.includes('Sweep'));
  expect(messages.map((m) => (JSON.parse(m.Body ?? '') as { region: string }).region)).toEqual(['us-east-1', 'us-east-1']);
  expect(restored).toEqual([1, 1]);
  expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Sweep: fixed in 2 of 2 account\/region\(s\)/)]);
});
