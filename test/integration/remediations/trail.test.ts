/** reenable-trail against the moto emulator, driven by the real-world events. */
import { ownRoleIdentity } from '../../support/identity';
import { CloudTrailClient, DeleteTrailCommand, PutEventSelectorsCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { motoDeps, resetEmulator } from '../../support/deps';

const east = new CloudTrailClient({ region: 'us-east-1' });
const west = new CloudTrailClient({ region: 'us-west-2' });
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `trail-alerts-${n}`, `trail-ops-${n}`);
  baseline = await prepareBaseline(`baseline-${n}`, 'us-east-1');
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline, ...env });
const createBaselineTrail = () =>
  createTrail('us-east-1', baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', {
    prefix: baseline.TRAIL_S3_KEY_PREFIX,
    kmsKeyId: baseline.TRAIL_KMS_KEY_ID,
    logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN,
    roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN,
  });

describe('StopLogging', () => {
  it('restarts a stopped trail named by name', async () => {
    const name = 'stratus-red-team-ct-stop-trail-buykxbqejv';
    await createTrail('us-east-1', name, baseline.TRAIL_S3_BUCKET ?? '');
    await east.send(new StopLoggingCommand({ Name: name }));

    const result = await handleEvent(trailProtection, loadEvent('cloudtrail-stoplogging'), deps());

    expect(result.outcome).toBe('remediated');
    expect(result.headline).toBe(`Trail ${name} logging restarted`);
    expect((await trailState('us-east-1', name)).logging).toBe(true);
  });

  it('restarts a trail named by ARN in its home region when the call was made from another region', async () => {
    const bucket = (await prepareBaseline('west', 'us-west-2')).TRAIL_S3_BUCKET ?? '';
    const arn = await createTrail('us-west-2', 'org-management-trail', bucket);
    await west.send(new StopLoggingCommand({ Name: arn }));
    const event = withIds(loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn'), { 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail': arn });

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.resource).toEqual(expect.objectContaining({ id: arn, region: 'us-west-2' }));
    expect((await trailState('us-west-2', arn)).logging).toBe(true);
  });

  it('finds the home region of a trail named by name only, from another region', async () => {
    const bucket = (await prepareBaseline('west-by-name', 'us-west-2')).TRAIL_S3_BUCKET ?? '';
    const name = 'stratus-red-team-ct-stop-trail-buykxbqejv';
    await createTrail('us-west-2', name, bucket);
    await west.send(new StopLoggingCommand({ Name: name }));

    const result = await handleEvent(trailProtection, loadEvent('cloudtrail-stoplogging'), deps());

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-west-2', name)).logging).toBe(true);
  });

  it('does nothing the second time the same StopLogging event arrives, and notifies once', async () => {
    const name = 'stratus-red-team-ct-stop-trail-buykxbqejv';
    await createTrail('us-east-1', name, baseline.TRAIL_S3_BUCKET ?? '');
    await east.send(new StopLoggingCommand({ Name: name }));

    const first = await handleEvent(trailProtection, loadEvent('cloudtrail-stoplogging'), deps());
    const second = await handleEvent(trailProtection, loadEvent('cloudtrail-stoplogging'), deps());

    expect([first.outcome, second.outcome]).toEqual(['remediated', 'already-compliant']);
    expect(await inbox.drain()).toHaveLength(1);
  });
});

describe('DeleteTrail', () => {
  it('recreates the deleted baseline trail with the baseline settings and starts logging', async () => {
    await createBaselineTrail();
    await east.send(new DeleteTrailCommand({ Name: baseline.TRAIL_NAME }));
    const event = withIds(loadEvent('cloudtrail-deletetrail'), { 'stratus-red-team-cloudtraild-trail-kvrwohmiai': baseline.TRAIL_NAME ?? '' });

    const result = await handleEvent(trailProtection, event, deps());
    const { trail, logging } = await trailState('us-east-1', baseline.TRAIL_NAME ?? '');

    expect(result.outcome).toBe('remediated');
    expect(result.headline).toMatch(/recreated and logging/);
    expect(logging).toBe(true);
    expect(trail).toEqual(
      expect.objectContaining({
        S3BucketName: baseline.TRAIL_S3_BUCKET,
        S3KeyPrefix: 'cloudtrail',
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        LogFileValidationEnabled: true,
        KmsKeyId: baseline.TRAIL_KMS_KEY_ID,
        CloudWatchLogsLogGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN,
      }),
    );
  });

  it('reports the deletion of another trail, with what was deleted, and checks the baseline trail', async () => {
    await createBaselineTrail();

    const result = await handleEvent(trailProtection, loadEvent('cloudtrail-deletetrail'), deps());
    const [message] = await inbox.drain();

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toMatch(/stratus-red-team-cloudtraild-trail-kvrwohmiai no longer exists/);
    expect(message?.subject).toMatch(/^\[SKIPPED\] Trail stratus-red-team-cloudtraild-.*needs manual action \(111122223333 us-east-1\)$/);
    expect(message?.message).toContain('ops-user (IAMUser');
    expect(message?.attributes.severity).toBe('MEDIUM');
  });

  it('recreates the baseline trail when another trail is deleted and the baseline is gone too', async () => {
    const result = await handleEvent(trailProtection, loadEvent('cloudtrail-deletetrail'), deps());

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).logging).toBe(true);
  });
});

describe('UpdateTrail', () => {
  it('restores log file validation turned off on a trail in another region, and reports the KMS key, bucket and topic the call set', async () => {
    const bucket = (await prepareBaseline('test', 'us-west-2')).TRAIL_S3_BUCKET ?? '';
    const arn = await createTrail('us-west-2', 'TEST-trail', bucket, { kmsKeyId: 'arn:aws:kms:us-west-2:111122223333:key/aaaa' });
    await west.send(new UpdateTrailCommand({ Name: arn, EnableLogFileValidation: false, KmsKeyId: '' }));

    const result = await handleEvent(trailProtection, loadEvent('cloudtrail-updatetrail'), deps());
    const [message] = await inbox.drain();

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-west-2', arn)).trail?.LogFileValidationEnabled).toBe(true);
    expect(result.actions).toEqual([expect.objectContaining({ api: 'UpdateTrail', params: { Name: arn, setting: 'logFileValidation', previous: { EnableLogFileValidation: false } }, before: false, after: true })]);
    expect(result.kept.map((k) => k.what)).toEqual(['S3 delivery: previous value not in the event -> s3://test-cloudtrail-bucket/', 'KMS key: previous value not in the event -> none', 'SNS topic: previous value not in the event -> none']);
    expect(result.actionNeeded).toMatch(/TEST-trail: KMS key set to none by UpdateTrail/);
    expect(message?.message).toContain('Alice (IAMUser');
    expect(message?.message).toContain('from 203.0.113.60');
    expect(message?.message).toContain('  - trail TEST-trail: log file validation turned back on (was off)');
  });

  it('restores the weakened settings of the baseline trail and keeps a setting stronger than the baseline', async () => {
    await createBaselineTrail();
    const name = baseline.TRAIL_NAME ?? '';
    await east.send(new UpdateTrailCommand({ Name: name, EnableLogFileValidation: false, KmsKeyId: '' }));
    const event = withIds(loadEvent('cloudtrail-updatetrail'), { 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail': name, '"awsRegion":"us-west-2"': '"awsRegion":"us-east-1"' });

    // The baseline asks for a single-region trail: the multi-region one is stronger and must stay.
    const result = await handleEvent(trailProtection, event, deps({ TRAIL_MULTI_REGION: 'false' }));
    const { trail } = await trailState('us-east-1', name);

    expect(result.outcome).toBe('remediated');
    expect(trail).toEqual(expect.objectContaining({ LogFileValidationEnabled: true, KmsKeyId: baseline.TRAIL_KMS_KEY_ID, IsMultiRegionTrail: true }));
  });

  it('changes nothing for a failed UpdateTrail call', async () => {
    const result = await handleEvent(trailProtection, loadEvent('cloudtrail-updatetrail-failed-trailnotfound'), deps());

    expect(result.outcome).toBe('ignored');
    expect(result.reason).toMatch(/TrailNotFoundException/);
    expect(await inbox.drain()).toEqual([]);
  });

  it('ignores the backend own UpdateTrail call (loop guard)', async () => {
    await createBaselineTrail();
    await east.send(new UpdateTrailCommand({ Name: baseline.TRAIL_NAME, EnableLogFileValidation: false }));
    const event = withIds(loadEvent('cloudtrail-updatetrail'), { 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail': baseline.TRAIL_NAME ?? '' });
    (event.detail as Record<string, unknown>).userIdentity = ownRoleIdentity('reenable-trail');

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('ignored');
    expect((await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).trail?.LogFileValidationEnabled).toBe(false);
  });
});

describe('PutEventSelectors', () => {
  it('adds a selector recording all management events when they were narrowed, keeping the existing one', async () => {
    await createBaselineTrail();
    const name = baseline.TRAIL_NAME ?? '';
    await east.send(new PutEventSelectorsCommand({ TrailName: name, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
    const event = withIds(loadEvent('cloudtrail-updatetrail'), { '"eventName":"UpdateTrail"': '"eventName":"PutEventSelectors"', '"awsRegion":"us-west-2"': '"awsRegion":"us-east-1"' });
    (event.detail as Record<string, unknown>).requestParameters = { trailName: name, eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] };

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-east-1', name)).selectors).toEqual({
      basic: [expect.objectContaining({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }), expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true })],
      advanced: [],
    });
  });
});

describe('GuardDuty and Config backstops', () => {
  it('brings the stopped baseline trail back to logging on a CloudTrailLoggingDisabled finding', async () => {
    await createBaselineTrail();
    await east.send(new StopLoggingCommand({ Name: baseline.TRAIL_NAME }));

    const result = await handleEvent(trailProtection, loadEvent('guardduty-stealth-cloudtrail-logging-disabled'), deps());

    expect(result.outcome).toBe('remediated');
    expect(result.actionNeeded).toMatch(/sampleguardtrail no longer exists/);
    expect((await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).logging).toBe(true);
  });

  it('makes the baseline trail logging and compliant on an account-level cloudtrail-enabled change from another region', async () => {
    await createBaselineTrail();
    const name = baseline.TRAIL_NAME ?? '';
    await east.send(new UpdateTrailCommand({ Name: name, EnableLogFileValidation: false, IsMultiRegionTrail: false }));
    await east.send(new StopLoggingCommand({ Name: name }));

    const result = await handleEvent(trailProtection, loadEvent('config-compliance-change-account-cloudtrail-enabled'), deps());
    const { trail, logging } = await trailState('us-east-1', name);

    expect(result.outcome).toBe('remediated');
    expect(logging).toBe(true);
    expect(trail).toEqual(expect.objectContaining({ IsMultiRegionTrail: true, LogFileValidationEnabled: true }));
  });

  it('enables log file validation on the trail a Config rule names', async () => {
    await createBaselineTrail();
    await createTrail('us-east-1', 'management-events', baseline.TRAIL_S3_BUCKET ?? '', { validation: false });

    const result = await handleEvent(trailProtection, loadEvent('config-compliance-change-cloudtrail-trail'), deps());

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-east-1', 'management-events')).trail?.LogFileValidationEnabled).toBe(true);
  });

  it('changes nothing and says what it would do in report mode', async () => {
    await createBaselineTrail();
    await east.send(new StopLoggingCommand({ Name: baseline.TRAIL_NAME }));

    const result = await handleEvent(trailProtection, loadEvent('config-compliance-change-account-cloudtrail-enabled'), deps({ REMEDIATION_MODE: 'report' }));

    expect(result.outcome).toBe('reported');
    expect((await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).logging).toBe(false);
  });

  it('ignores a GuardDuty sample finding', async () => {
    const result = await handleEvent(trailProtection, loadEvent('guardduty-iam-toripcaller-sample-finding'), deps());

    expect(result.outcome).toBe('ignored');
  });
});
