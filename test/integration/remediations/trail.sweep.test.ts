/** The reenable-trail sweep against the moto emulator, with and without a baseline trail. */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createHistoryTable } from '../../../scripts/lib/emulator-history';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

let inbox: Inbox;
let bucket: string;
let table: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `sweep-alerts-${n}`, `sweep-ops-${n}`);
  bucket = (await prepareBaseline(`sweep-${n}`, 'us-east-1')).TRAIL_S3_BUCKET ?? '';
  table = await createHistoryTable(new DynamoDBClient({ region: 'us-east-1' }), `chain-guard-test-history-${n}`);
});

/** Deps of a stack deployed WITHOUT a trail baseline (the half-armed case). */
const unarmedDeps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: table });
const sweep = (hour: number) => scheduledEvent('111122223333', 'us-east-1', { id: `trail-sweep-${hour}`, rule: 'chain-guard-test-reenable-trail-sweep', time: new Date(Date.UTC(2026, 11, 5, hour)) });

describe('the sweep of a stack without a baseline trail', () => {
  it('still restarts a stopped trail whose event was lost', async () => {
    await createTrail('us-east-1', 'team-trail', bucket);
    await new CloudTrailClient({ region: 'us-east-1' }).send(new StopLoggingCommand({ Name: 'team-trail' }));

    const result = await handleEvent(trailProtection, sweep(1), unarmedDeps());

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-east-1', 'team-trail')).logging).toBe(true);
  });

  it('sends the half-armed WARNING once a day, not once per hourly sweep', async () => {
    const now = jest.spyOn(Date, 'now');
    for (const hour of [1, 2, 3]) {
      now.mockReturnValue(Date.UTC(2026, 11, 5, hour, 5));
      await handleEvent(trailProtection, sweep(hour), unarmedDeps());
    }
    now.mockRestore();

    const notices = await inbox.drain();
    expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[SKIPPED\] WARNING: reenable-trail is half-armed/)]);
    expect(notices[0]?.message).toContain('ACTION NEEDED: No baseline trail is configured (params trailName and trailS3Bucket)');
  });
});
