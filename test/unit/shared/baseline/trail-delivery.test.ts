/** A trail's delivery (bucket and prefix, log group and role, KMS key, SNS topic): restored on the baseline trail, reported elsewhere. */
import { planTrailUpdate, type TrailBaseline } from '../../../../shared/baseline/trail';
import { redirectsToReport, PREVIOUS_UNKNOWN, type DeliveryChange } from '../../../../shared/baseline/trail-delivery';
import { ALL, BASELINE, KEY, LOG_GROUP, NAME, OTHER_ARN, ROLE, otherTrail as otherTrailOf, trail as baselineTrail } from '../../../support/trail';

const ATTACKER_KEY = 'arn:aws:kms:us-east-1:999999999999:key/99999999-8888-7777-6666-555555555555';
const otherTrail = otherTrailOf({ s3BucketName: 'attacker-bucket' });
const UPDATE = `aws cloudtrail update-trail --region us-west-2 --name ${OTHER_ARN}`;

describe('planTrailUpdate pins the baseline trail delivery', () => {
  it('puts the baseline KMS key back when the trail was switched to another key', () => {
    // Prepare
    const current = baselineTrail({ kmsKeyId: ATTACKER_KEY });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: { KmsKeyId: KEY }, changes: [{ setting: 'kms', before: ATTACKER_KEY, after: KEY }], manual: [] });
  });

  it('puts the baseline role back when only the CloudWatch Logs role was changed', () => {
    // Prepare
    const current = baselineTrail({ cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/attacker' });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.update).toEqual({ CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE });
  });
});

describe('redirectsToReport on a trail other than the baseline trail', () => {
  it('reports another bucket before -> after, saying the previous value is not in the event, with the command to restore it', () => {
    // Prepare
    const changes: DeliveryChange[] = [{ setting: 's3', after: 's3://attacker-bucket/loot' }];

    // Act
    const reports = redirectsToReport(changes, otherTrail, BASELINE, false);

    // Assess
    expect(reports).toEqual([
      {
        setting: 's3',
        what: `S3 delivery: ${PREVIOUS_UNKNOWN} -> s3://attacker-bucket/loot`,
        reason: 'not the baseline trail: reported, never rewritten',
        actionNeeded: `TEST-trail: S3 delivery set to s3://attacker-bucket/loot by UpdateTrail (${PREVIOUS_UNKNOWN}); it is not the baseline trail, so it was left as it is. If that was not intended, restore the previous value: ${UPDATE} --s3-bucket-name <previous bucket> --s3-key-prefix <previous prefix>`,
      },
    ]);
  });

  it('reports every delivery setting the call set, in order, removed ones as none', () => {
    // Prepare
    const changes: DeliveryChange[] = [
      { setting: 'cloudWatchLogs', after: '' },
      { setting: 'kms', after: ATTACKER_KEY },
      { setting: 'sns', after: '' },
    ];

    // Act
    const reports = redirectsToReport(changes, otherTrail, BASELINE, false);

    // Assess
    expect(reports.map((r) => r.what)).toEqual([`CloudWatch Logs delivery: ${PREVIOUS_UNKNOWN} -> none`, `KMS key: ${PREVIOUS_UNKNOWN} -> ${ATTACKER_KEY}`, `SNS topic: ${PREVIOUS_UNKNOWN} -> none`]);
  });

  it('gives the command restoring each setting with the flags of that setting', () => {
    // Prepare
    const changes: DeliveryChange[] = [
      { setting: 'cloudWatchLogs', after: '' },
      { setting: 'kms', after: '' },
      { setting: 'sns', after: '' },
    ];

    // Act
    const reports = redirectsToReport(changes, otherTrail, undefined, false);

    // Assess
    expect(reports.map((r) => r.actionNeeded.split('previous value: ')[1])).toEqual([
      `${UPDATE} --cloud-watch-logs-log-group-arn <previous log group ARN> --cloud-watch-logs-role-arn <previous role ARN>`,
      `${UPDATE} --kms-key-id <previous key ARN>`,
      `${UPDATE} --sns-topic-name <previous topic>`,
    ]);
  });
});

describe('redirectsToReport on the baseline trail', () => {
  it('reports nothing the baseline pins and the plan restores: bucket and prefix, log group and role, KMS key', () => {
    // Prepare
    const changes: DeliveryChange[] = [
      { setting: 's3', after: 's3://attacker-bucket/loot' },
      { setting: 'cloudWatchLogs', after: '' },
      { setting: 'kms', after: ATTACKER_KEY },
    ];

    // Act
    const reports = redirectsToReport(changes, baselineTrail(), BASELINE, true, new Set(['s3', 'cloudWatchLogs', 'kms']));

    // Assess
    expect(reports).toEqual([]);
  });

  it('reports nothing when the call set the baseline values themselves', () => {
    // Prepare
    const changes: DeliveryChange[] = [
      { setting: 's3', after: 's3://chain-guard-audit-logs/cloudtrail' },
      { setting: 'cloudWatchLogs', after: `${LOG_GROUP} (role ${ROLE})` },
      { setting: 'kms', after: KEY },
    ];

    // Act
    const reports = redirectsToReport(changes, baselineTrail(), BASELINE, true);

    // Assess
    expect(reports).toEqual([]);
  });

  it('reports a redirect already undone when we look, since log files went elsewhere in between', () => {
    // Prepare
    const changes: DeliveryChange[] = [{ setting: 's3', after: 's3://attacker-bucket/loot' }];

    // Act
    const reports = redirectsToReport(changes, baselineTrail(), BASELINE, true, new Set());

    // Assess
    expect(reports).toEqual([
      {
        setting: 's3',
        what: 'S3 delivery: set to s3://attacker-bucket/loot by UpdateTrail, back to the baseline s3://chain-guard-audit-logs/cloudtrail by now',
        reason: 'already back to the baseline: nothing to restore',
        actionNeeded: `${NAME}: S3 delivery was set to s3://attacker-bucket/loot by UpdateTrail and is back to the baseline (s3://chain-guard-audit-logs/cloudtrail) by now: what the trail delivered in between went to s3://attacker-bucket/loot. Check who made both calls`,
      },
    ]);
  });

  it('reports a changed SNS topic, which the baseline does not set', () => {
    // Prepare
    const changes: DeliveryChange[] = [{ setting: 'sns', after: 'arn:aws:sns:us-east-1:111122223333:attacker-topic' }];

    // Act
    const reports = redirectsToReport(changes, baselineTrail(), BASELINE, true);

    // Assess
    expect(reports).toEqual([
      expect.objectContaining({
        what: `SNS topic: ${PREVIOUS_UNKNOWN} -> arn:aws:sns:us-east-1:111122223333:attacker-topic`,
        reason: 'the baseline sets no SNS topic: reported, not changed',
      }),
    ]);
  });

  it('reports another KMS key when the baseline names none', () => {
    // Prepare
    const noKeyBaseline: TrailBaseline = { ...BASELINE, kmsKeyId: undefined };

    // Act
    const reports = redirectsToReport([{ setting: 'kms', after: ATTACKER_KEY }], baselineTrail(), noKeyBaseline, true);

    // Assess
    expect(reports).toEqual([expect.objectContaining({ setting: 'kms', reason: 'the baseline sets no KMS key: reported, not changed' })]);
  });

  it('reports a removed log group when the baseline names none', () => {
    // Prepare
    const noLogsBaseline: TrailBaseline = { ...BASELINE, cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined };

    // Act
    const reports = redirectsToReport([{ setting: 'cloudWatchLogs', after: '' }], baselineTrail(), noLogsBaseline, true);

    // Assess
    expect(reports).toEqual([expect.objectContaining({ setting: 'cloudWatchLogs', reason: 'the baseline sets no CloudWatch Logs delivery: reported, not changed' })]);
  });
});
