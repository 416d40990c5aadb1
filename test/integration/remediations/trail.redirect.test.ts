/** reenable-trail against moto: a trail's delivery redirected (bucket, prefix, log group, KMS key, SNS topic), from variants of the real UpdateTrail. */
import { CloudTrailClient, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { loadEvent } from '../../../scripts/lib/events';
import { motoDeps, resetEmulator } from '../../support/deps';

const east = new CloudTrailClient({ region: 'us-east-1' });
const west = new CloudTrailClient({ region: 'us-west-2' });
const ATTACKER_KEY = 'arn:aws:kms:us-east-1:999999999999:key/99999999-8888-7777-6666-555555555555';
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `redirect-alerts-${n}`, `redirect-ops-${n}`);
  baseline = await prepareBaseline(`baseline-${n}`, 'us-east-1');
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline, ...env });
const baselineName = (): string => baseline.TRAIL_NAME ?? '';
const createBaselineTrail = () =>
  createTrail('us-east-1', baselineName(), baseline.TRAIL_S3_BUCKET ?? '', {
    prefix: baseline.TRAIL_S3_KEY_PREFIX,
    kmsKeyId: baseline.TRAIL_KMS_KEY_ID,
    logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN,
    roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN,
  });

/** The real console UpdateTrail, made in `region`, with this request and the response AWS gives for it. */
const updateTrailEvent = (region: string, request: Record<string, unknown>, response: Record<string, unknown>): Record<string, unknown> => {
  const event = loadEvent('cloudtrail-updatetrail');
  return { ...event, region, detail: { ...(event.detail as object), awsRegion: region, requestParameters: request, responseElements: response } };
};

describe('UpdateTrail redirecting the baseline trail', () => {
  it('puts the baseline bucket and prefix back and says before -> after in the notice', async () => {
    const arn = await createBaselineTrail();
    await east.send(new UpdateTrailCommand({ Name: arn, S3BucketName: 'attacker-bucket', S3KeyPrefix: 'loot' }));
    const event = updateTrailEvent('us-east-1', { name: arn, s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot' }, { name: baselineName(), s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot', trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());
    const [message] = await inbox.drain();

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-east-1', arn)).trail).toEqual(expect.objectContaining({ S3BucketName: baseline.TRAIL_S3_BUCKET, S3KeyPrefix: 'cloudtrail' }));
    expect(message?.message).toContain(`  - trail ${arn.split('/').at(-1)}: log bucket: s3://attacker-bucket/loot -> s3://${baseline.TRAIL_S3_BUCKET}/cloudtrail`);
    expect(message?.message).toContain(`aws cloudtrail update-trail --region us-east-1 --name ${arn} --s3-bucket-name attacker-bucket --s3-key-prefix "loot"`);
  });

  it('puts the baseline KMS key back when the trail was switched to another key', async () => {
    const arn = await createBaselineTrail();
    await east.send(new UpdateTrailCommand({ Name: arn, KmsKeyId: ATTACKER_KEY }));
    const event = updateTrailEvent('us-east-1', { name: arn, kmsKeyId: ATTACKER_KEY }, { name: baselineName(), kmsKeyId: ATTACKER_KEY, trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());
    const [message] = await inbox.drain();

    expect(result.outcome).toBe('remediated');
    expect((await trailState('us-east-1', arn)).trail?.KmsKeyId).toBe(baseline.TRAIL_KMS_KEY_ID);
    expect(message?.message).toContain(`  - trail ${arn.split('/').at(-1)}: encryption key: ${ATTACKER_KEY} -> ${baseline.TRAIL_KMS_KEY_ID}`);
    expect(message?.message).toContain(`aws cloudtrail update-trail --region us-east-1 --name ${arn} --kms-key-id "${ATTACKER_KEY}"`);
  });

  it('reports a redirect to another bucket that is already undone when the event is handled', async () => {
    const arn = await createBaselineTrail();
    const event = updateTrailEvent('us-east-1', { name: arn, s3BucketName: 'attacker-bucket' }, { name: baselineName(), s3BucketName: 'attacker-bucket', trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toContain(`S3 delivery was set to s3://attacker-bucket/ by UpdateTrail and is back to the baseline (s3://${baseline.TRAIL_S3_BUCKET}/cloudtrail) by now`);
  });

  it('reports the SNS topic removed from the baseline trail, which the baseline does not set', async () => {
    const arn = await createBaselineTrail();
    const event = updateTrailEvent('us-east-1', { name: arn, snsTopicName: '' }, { name: baselineName(), snsTopicName: '', snsTopicARN: '', trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(result.kept).toEqual([{ target: arn, what: 'SNS topic: previous value not in the event -> none', reason: 'the baseline sets no SNS topic: reported, not changed' }]);
    expect(result.actionNeeded).toContain('--sns-topic-name <previous topic>');
  });
});

describe('UpdateTrail redirecting a trail other than the baseline trail', () => {
  let arn: string;

  beforeEach(async () => {
    await createBaselineTrail();
    const bucket = (await prepareBaseline('test', 'us-west-2')).TRAIL_S3_BUCKET ?? '';
    arn = await createTrail('us-west-2', 'TEST-trail', bucket);
  });

  it('reports the other bucket before -> after with ACTION NEEDED, and leaves the trail as it is', async () => {
    await west.send(new UpdateTrailCommand({ Name: arn, S3BucketName: 'attacker-bucket', S3KeyPrefix: 'loot' }));
    const event = updateTrailEvent('us-west-2', { name: arn, s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot' }, { name: 'TEST-trail', s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot', trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());
    const [message] = await inbox.drain();

    expect([result.outcome, result.headline]).toEqual(['skipped', 'Trail TEST-trail delivery changed: check it']);
    expect(message?.message).toContain(`${arn}: S3 delivery: previous value not in the event -> s3://attacker-bucket/loot -- not the baseline trail: reported, never rewritten`);
    expect(message?.message).toContain('ACTION NEEDED: TEST-trail: S3 delivery set to s3://attacker-bucket/loot by UpdateTrail');
    expect((await trailState('us-west-2', arn)).trail).toEqual(expect.objectContaining({ S3BucketName: 'attacker-bucket', S3KeyPrefix: 'loot' }));
  });

  it('reports another log group and role, and leaves the trail as it is', async () => {
    const group = 'arn:aws:logs:us-west-2:111122223333:log-group:elsewhere:*';
    const role = 'arn:aws:iam::111122223333:role/elsewhere';
    await west.send(new UpdateTrailCommand({ Name: arn, CloudWatchLogsLogGroupArn: group, CloudWatchLogsRoleArn: role }));
    const event = updateTrailEvent('us-west-2', { name: arn, cloudWatchLogsLogGroupArn: group, cloudWatchLogsRoleArn: role }, { name: 'TEST-trail', cloudWatchLogsLogGroupArn: group, cloudWatchLogsRoleArn: role, trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(result.kept).toEqual([expect.objectContaining({ what: `CloudWatch Logs delivery: previous value not in the event -> ${group} (role ${role})` })]);
    expect((await trailState('us-west-2', arn)).trail?.CloudWatchLogsLogGroupArn).toBe(group);
  });

  it('reports another SNS topic', async () => {
    const topic = 'arn:aws:sns:us-west-2:111122223333:attacker-topic';
    const event = updateTrailEvent('us-west-2', { name: arn, snsTopicName: 'attacker-topic' }, { name: 'TEST-trail', snsTopicName: 'attacker-topic', snsTopicARN: topic, trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(result.kept).toEqual([expect.objectContaining({ what: `SNS topic: previous value not in the event -> ${topic}` })]);
  });

  it('reports the redirect in report mode too, changing nothing', async () => {
    const event = updateTrailEvent('us-west-2', { name: arn, kmsKeyId: ATTACKER_KEY }, { name: 'TEST-trail', kmsKeyId: ATTACKER_KEY, trailARN: arn });

    const result = await handleEvent(trailProtection, event, deps({ REMEDIATION_MODE: 'report' }));

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toContain(`TEST-trail: KMS key set to ${ATTACKER_KEY} by UpdateTrail (previous value not in the event)`);
  });
});
