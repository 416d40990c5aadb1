/** At-least-once notices against the moto emulator: recorded before publishing, resent on retry, a failure paged once. */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { trailProtection } from '../../../shared/remediations/trail';
import { createHistoryTable, historyRows } from '../../../scripts/lib/emulator-history';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { loadEvent } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { awsError, rejectionOf } from '../../support/faults';

const TRAIL = 'stratus-red-team-ct-stop-trail-buykxbqejv';
const db = new DynamoDBClient({ region: 'us-east-1' });
const sns = new SNSClient({ region: 'us-east-1' });
const sqs = new SQSClient({ region: 'us-east-1' });
let baseline: Record<string, string>;
let table: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  baseline = await prepareBaseline(`notices-${n}`, 'us-east-1');
  table = await createHistoryTable(db, `chain-guard-test-history-${n}`);
});

const deps = (topicArn: string, env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: topicArn, HISTORY_TABLE_NAME: table, ...baseline, ...env });
const stoppedTrail = async (): Promise<void> => {
  await createTrail('us-east-1', TRAIL, baseline.TRAIL_S3_BUCKET ?? '');
  await new CloudTrailClient({ region: 'us-east-1' }).send(new StopLoggingCommand({ Name: TRAIL }));
};

describe('a fix whose notice could not be published', () => {
  it('publishes the recorded REMEDIATED notice on the retry, although the trail is compliant by then', async () => {
    await stoppedTrail();
    const topicArn = `arn:aws:sns:us-east-1:111122223333:alerts-${n}`; // not created yet: Publish fails
    const event = loadEvent('cloudtrail-stoplogging');

    await rejectionOf(handleEvent(trailProtection, event, deps(topicArn)));
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    const retry = await handleEvent(trailProtection, event, deps(topicArn));

    expect((await trailState('us-east-1', TRAIL)).logging).toBe(true);
    expect(retry.outcome).toBe('already-compliant');
    expect((await inbox.drain()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Trail stratus-red-team-ct-stop-.*logging restarted \(111122223333 us-east-1\)$/)]);
  });

  it('records the notice as pending before publishing, and as sent after the retry', async () => {
    await stoppedTrail();
    const topicArn = `arn:aws:sns:us-east-1:111122223333:alerts-${n}`;
    const event = loadEvent('cloudtrail-stoplogging');

    await rejectionOf(handleEvent(trailProtection, event, deps(topicArn)));
    const pending = await historyRows(db, table);
    await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    await handleEvent(trailProtection, event, deps(topicArn));

    expect(pending).toEqual([{ pk: expect.stringContaining('notice#reenable-trail#'), status: 'pending', outcome: 'remediated' }]);
    expect(await historyRows(db, table)).toEqual([{ pk: pending[0]?.pk, status: 'sent', outcome: 'remediated' }]);
  });
});

describe('a duplicate delivery', () => {
  it('changes nothing and sends no second notice', async () => {
    await stoppedTrail();
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    const event = loadEvent('cloudtrail-stoplogging');

    await handleEvent(trailProtection, event, deps(inbox.topicArn));
    const duplicate = await handleEvent(trailProtection, event, deps(inbox.topicArn));

    expect(duplicate.outcome).toBe('already-compliant');
    expect(await inbox.drain()).toHaveLength(1);
  });

  it('does not stop the remediation: a trail stopped again since is restarted, and ops are told', async () => {
    await stoppedTrail();
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    const event = loadEvent('cloudtrail-stoplogging');

    await handleEvent(trailProtection, event, deps(inbox.topicArn));
    await new CloudTrailClient({ region: 'us-east-1' }).send(new StopLoggingCommand({ Name: TRAIL }));
    const again = await handleEvent(trailProtection, event, deps(inbox.topicArn));

    expect(again.outcome).toBe('remediated');
    expect((await trailState('us-east-1', TRAIL)).logging).toBe(true);
    expect(await inbox.drain()).toHaveLength(2);
  });
});

describe('a failed remediation retried by Lambda', () => {
  it('pages once per event, not once per retry', async () => {
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    // moto cannot refuse a call: CloudTrail (only) answers AccessDenied; the ledger and SNS are the emulator's.
    const trailMock = mockClient(CloudTrailClient);
    trailMock.onAnyCommand().rejects(awsError('AccessDeniedException', 'explicit deny in a service control policy'));
    const event = loadEvent('cloudtrail-stoplogging');

    for (let attempt = 0; attempt < 3; attempt += 1) await rejectionOf(handleEvent(trailProtection, event, deps(inbox.topicArn)));
    trailMock.restore();

    expect((await inbox.drain()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[FAILED\]/)]);
  });
});

describe('a failed repair while the alerts topic is gone', () => {
  it('is still retried by each Lambda attempt, and its notice is published once the topic is back', async () => {
    const topicArn = `arn:aws:sns:us-east-1:111122223333:alerts-${n}`; // not created yet: Publish fails
    const trailMock = mockClient(CloudTrailClient);
    trailMock.onAnyCommand().rejects(awsError('AccessDeniedException', 'explicit deny in a service control policy'));
    const event = loadEvent('cloudtrail-stoplogging');

    await rejectionOf(handleEvent(trailProtection, event, deps(topicArn)));
    const afterFirst = trailMock.calls().length;
    await rejectionOf(handleEvent(trailProtection, event, deps(topicArn)));
    const afterSecond = trailMock.calls().length;
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    await rejectionOf(handleEvent(trailProtection, event, deps(topicArn)));
    trailMock.restore();

    expect(afterFirst).toBeGreaterThan(0);
    expect(afterSecond).toBeGreaterThan(afterFirst); // the repair was tried again, not blocked by the unsent notice
    expect((await inbox.drain()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[FAILED\]/)]);
  });
});

describe('a half-armed remediation', () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns once a day from the sweep, however often the sweep runs', async () => {
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    const sweep = (hour: number, day = 5) => scheduledEvent('111122223333', 'us-east-1', { id: `sweep-${day}-${hour}`, rule: 'chain-guard-test-restore-alarms-sweep', time: new Date(Date.UTC(2026, 11, day, hour)) });
    // Deployed without alarmLogGroupName and without a trail baseline: restore-alarms protects nothing.
    const unarmed = motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: table });

    const at = async (hour: number, day = 5) => {
      jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, day, hour, 5));
      await handleEvent(alarmChain, sweep(hour, day), unarmed);
    };

    for (const hour of [0, 1, 2]) await at(hour);
    await at(0, 6);

    const notices = await inbox.drain();
    expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[SKIPPED\] WARNING: restore-alarms is half-armed/), expect.stringMatching(/^\[SKIPPED\] WARNING: restore-alarms is half-armed/)]);
    expect(notices[0]?.message).toContain('ACTION NEEDED: No alarm log group is configured');
  });

  it("is not pre-empted by a made-up schedule event dated tomorrow", async () => {
    const inbox = await createInbox(sns, sqs, `alerts-${n}`, `ops-${n}`);
    const unarmed = motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: table });
    const dated = (day: number) => scheduledEvent('111122223333', 'us-east-1', { id: `sweep-${day}`, rule: 'chain-guard-test-restore-alarms-sweep', time: new Date(Date.UTC(2026, 11, day, 1)) });

    jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 5, 1));
    await handleEvent(alarmChain, dated(6), unarmed);
    jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 6, 1));
    await handleEvent(alarmChain, dated(6), unarmed);

    expect(await inbox.drain()).toHaveLength(2);
  });
});
