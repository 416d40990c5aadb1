/**
 * npm run undo on the alerting chain, against moto: a restarted trail is stopped again, a recreated trail deleted again
 * (stopped first), a restored alarm deleted again; and in the grace period the same event is reported, not reverted.
 */
import { CloudTrailClient, DeleteTrailCommand, DescribeTrailsCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import type { TablePlace } from '../../../shared/history/gates';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { trailProtection } from '../../../shared/remediations/trail';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { again, historyPlace, undo } from '../../support/history';

const east = new CloudTrailClient({ region: 'us-east-1' });
const cloudwatch = new CloudWatchClient({ region: 'us-east-1' });
const ALARM = 'CIS-3.1-UnauthorizedAPICalls';
let inbox: Inbox;
let place: TablePlace;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `chain-alerts-${n}`, `chain-ops-${n}`);
  place = await historyPlace();
  baseline = await prepareBaseline(`undo-${n}`, 'us-east-1');
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: place.table, ...baseline, ...env });
const name = () => baseline.TRAIL_NAME ?? '';
const baselineTrail = () => createTrail('us-east-1', name(), baseline.TRAIL_S3_BUCKET ?? '', { prefix: 'cloudtrail', kmsKeyId: baseline.TRAIL_KMS_KEY_ID, logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN });
const stopEvent = () => withIds(loadEvent('cloudtrail-stoplogging'), { 'stratus-red-team-ct-stop-trail-buykxbqejv': name() });
const trailNames = async () => ((await east.send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => t.Name);
const deleteEvent = () => withIds(loadEvent('cloudtrail-deletetrail'), { 'stratus-red-team-cloudtraild-trail-kvrwohmiai': name() });

describe('a restarted trail', () => {
  it('is stopped again by the undo, and stays stopped when StopLogging is reported again in the grace period', async () => {
    await baselineTrail();
    await east.send(new StopLoggingCommand({ Name: name() }));
    const fixed = await handleEvent(trailProtection, stopEvent(), deps());

    const report = await undo(place, fixed.historyId ?? '');
    const rerun = await handleEvent(trailProtection, again(stopEvent()), deps());

    expect([fixed.outcome, report.status, rerun.outcome]).toEqual(['remediated', 'undone', 'reported']);
    expect((await trailState('us-east-1', name())).logging).toBe(false);
  });
});

describe('a recreated trail', () => {
  it('is stopped, then deleted, by the undo', async () => {
    await baselineTrail();
    await east.send(new DeleteTrailCommand({ Name: name() }));
    const fixed = await handleEvent(trailProtection, deleteEvent(), deps());

    const report = await undo(place, fixed.historyId ?? '');

    expect(fixed.outcome).toBe('remediated');
    expect(report.status === 'undone' && report.steps.map((s) => [s.step.api, s.status])).toEqual([['StopLogging', 'done'], ['DeleteTrail', 'done']]);
    expect(await trailNames()).not.toContain(name());
  });

  it('is not recreated when the deletion is reported again in the grace period', async () => {
    await baselineTrail();
    await east.send(new DeleteTrailCommand({ Name: name() }));
    const fixed = await handleEvent(trailProtection, deleteEvent(), deps());
    await undo(place, fixed.historyId ?? '');

    const rerun = await handleEvent(trailProtection, again(deleteEvent()), deps());

    expect(rerun.outcome).toBe('reported');
    expect(rerun.reason).toMatch(/^Grace period on arn:aws:cloudtrail:us-east-1:111122223333:trail\//);
    expect(await trailNames()).not.toContain(name());
  });
});

describe('restored trail settings', () => {
  const updateEvent = () => withIds(loadEvent('cloudtrail-updatetrail'), { 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail': name(), '"awsRegion":"us-west-2"': '"awsRegion":"us-east-1"' });

  it('are weakened again exactly as they were by the undo (validation off, no KMS key), and stay so in the grace period', async () => {
    await baselineTrail();
    await east.send(new UpdateTrailCommand({ Name: name(), EnableLogFileValidation: false, KmsKeyId: '' }));
    const weakened = (await trailState('us-east-1', name())).trail;
    const fixed = await handleEvent(trailProtection, updateEvent(), deps());
    const restored = (await trailState('us-east-1', name())).trail;

    const report = await undo(place, fixed.historyId ?? '');
    const rerun = await handleEvent(trailProtection, again(updateEvent()), deps());
    const { trail } = await trailState('us-east-1', name());

    expect([fixed.outcome, report.status, rerun.outcome]).toEqual(['remediated', 'undone', 'reported']);
    expect(restored).toMatchObject({ LogFileValidationEnabled: true, KmsKeyId: baseline.TRAIL_KMS_KEY_ID });
    expect(trail).toEqual(weakened);
  });
});

describe('a restored alarm', () => {
  const LOG_GROUP = 'undo-alarms';
  const alarmDeps = () => deps({ ALARM_LOG_GROUP_NAME: LOG_GROUP, CIS_CONTROLS: '3.1' });
  const deleteAlarmsEvent = () => {
    const event = again(loadEvent('cloudwatch-deletealarms'));
    (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = { alarmNames: [ALARM] };
    return event;
  };
  const alarm = async () => (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }))).MetricAlarms?.[0];

  beforeEach(async () => {
    await new CloudWatchLogsClient({ region: 'us-east-1' }).send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
    await handleEvent(alarmChain, scheduledEvent('111122223333', 'us-east-1', { id: `bootstrap-${n}` }), alarmDeps());
    await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM] }));
  });

  it('is deleted again by the undo, since it did not exist before', async () => {
    const fixed = await handleEvent(alarmChain, deleteAlarmsEvent(), alarmDeps());

    const report = await undo(place, fixed.historyId ?? '');

    expect([fixed.outcome, report.status]).toEqual(['remediated', 'undone']);
    expect(await alarm()).toBeUndefined();
  });

  it('stays deleted when the deletion is reported again in the grace period', async () => {
    const fixed = await handleEvent(alarmChain, deleteAlarmsEvent(), alarmDeps());
    await undo(place, fixed.historyId ?? '');

    const rerun = await handleEvent(alarmChain, deleteAlarmsEvent(), alarmDeps());

    expect(rerun.outcome).toBe('reported');
    expect(rerun.gate).toMatchObject({ kind: 'grace', target: ALARM });
    expect(await alarm()).toBeUndefined();
  });
});
