/** The trail baseline: "strengthen only" update planning on the baseline trail (its delivery pinned to the baseline). */
import { planTrailUpdate, type TrailBaseline } from '../../../../shared/baseline/trail';
import { ALL, BASELINE, KEY, LOG_GROUP, OTHER_LOG_GROUP, ROLE, trail } from '../../../support/trail';

describe('planTrailUpdate on the baseline trail', () => {
  it('turns on multi-region, global service events and log file validation when all three are off', () => {
    // Prepare
    const current = trail({ isMultiRegionTrail: false, includeGlobalServiceEvents: false, logFileValidationEnabled: false });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.update).toEqual({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true });
  });

  it('records each boolean it turns on as a change from false to true', () => {
    // Prepare
    const current = trail({ isMultiRegionTrail: false, includeGlobalServiceEvents: false, logFileValidationEnabled: false });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.changes).toEqual([
      { setting: 'multiRegion', before: false, after: true },
      { setting: 'globalServiceEvents', before: false, after: true },
      { setting: 'logFileValidation', before: false, after: true },
    ]);
  });

  it('turns on only log file validation when it is the only weaker setting', () => {
    // Prepare
    const current = trail({ logFileValidationEnabled: false });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: { EnableLogFileValidation: true }, changes: [{ setting: 'logFileValidation', before: false, after: true }], manual: [] });
  });

  it('keeps a multi-region trail multi-region when the baseline asks for a single-region trail', () => {
    // Prepare
    const singleRegionBaseline: TrailBaseline = { ...BASELINE, isMultiRegionTrail: false };

    // Act
    const plan = planTrailUpdate(trail({ isMultiRegionTrail: true }), ALL, singleRegionBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('keeps log file validation on when the baseline has it off', () => {
    // Prepare
    const noValidationBaseline: TrailBaseline = { ...BASELINE, enableLogFileValidation: false };

    // Act
    const plan = planTrailUpdate(trail({ logFileValidationEnabled: true }), ALL, noValidationBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('keeps global service events on when the baseline has them off', () => {
    // Prepare
    const noGlobalBaseline: TrailBaseline = { ...BASELINE, includeGlobalServiceEvents: false };

    // Act
    const plan = planTrailUpdate(trail({ includeGlobalServiceEvents: true }), ALL, noGlobalBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('does not turn on a boolean the baseline has off and the trail has off', () => {
    // Prepare
    const noValidationBaseline: TrailBaseline = { ...BASELINE, enableLogFileValidation: false };

    // Act
    const plan = planTrailUpdate(trail({ logFileValidationEnabled: false }), ALL, noValidationBaseline, true);

    // Assess
    expect(plan.update).toEqual({});
  });

  it('sets the baseline KMS key when the trail has none', () => {
    // Prepare
    const current = trail({ kmsKeyId: undefined });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: { KmsKeyId: KEY }, changes: [{ setting: 'kms', before: null, after: KEY }], manual: [] });
  });

  it('leaves an unencrypted trail alone without asking a person when the baseline names no key', () => {
    // Prepare
    const noKeyBaseline: TrailBaseline = { ...BASELINE, kmsKeyId: undefined };

    // Act
    const plan = planTrailUpdate(trail({ kmsKeyId: undefined }), ALL, noKeyBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('restores the baseline log group and role when CloudWatch Logs delivery was removed', () => {
    // Prepare
    const current = trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({
      update: { CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE },
      changes: [{ setting: 'cloudWatchLogs', before: null, after: `${LOG_GROUP} (role ${ROLE})` }],
      manual: [],
    });
  });

  it('replaces a different log group by the baseline log group and role', () => {
    // Prepare
    const current = trail({ cloudWatchLogsLogGroupArn: OTHER_LOG_GROUP, cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/other' });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({
      update: { CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE },
      changes: [{ setting: 'cloudWatchLogs', before: `${OTHER_LOG_GROUP} (role arn:aws:iam::111122223333:role/other)`, after: `${LOG_GROUP} (role ${ROLE})` }],
      manual: [],
    });
  });

  it('leaves CloudWatch Logs alone when the baseline configures none', () => {
    // Prepare
    const noLogsBaseline: TrailBaseline = { ...BASELINE, cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined };

    // Act
    const plan = planTrailUpdate(trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined }), ALL, noLogsBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('restores the baseline bucket and prefix when the trail delivers elsewhere', () => {
    // Prepare
    const current = trail({ s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot' });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({
      update: { S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: 'cloudtrail' },
      changes: [{ setting: 's3', before: 's3://attacker-bucket/loot', after: 's3://chain-guard-audit-logs/cloudtrail' }],
      manual: [],
    });
  });

  it('restores the baseline prefix when only the prefix was changed', () => {
    // Prepare
    const current = trail({ s3KeyPrefix: undefined });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.update).toEqual({ S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: 'cloudtrail' });
  });

  it('clears a prefix the baseline does not have', () => {
    // Prepare
    const noPrefixBaseline: TrailBaseline = { ...BASELINE, s3KeyPrefix: undefined };

    // Act
    const plan = planTrailUpdate(trail({ s3KeyPrefix: 'elsewhere' }), ALL, noPrefixBaseline, true);

    // Assess
    expect(plan.update).toEqual({ S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: '' });
  });

  it('sends no prefix when neither the baseline nor the trail has one', () => {
    // Prepare
    const noPrefixBaseline: TrailBaseline = { ...BASELINE, s3KeyPrefix: undefined };

    // Act
    const plan = planTrailUpdate(trail({ s3BucketName: 'attacker-bucket', s3KeyPrefix: undefined }), ALL, noPrefixBaseline, true);

    // Assess
    expect(plan.update).toEqual({ S3BucketName: 'chain-guard-audit-logs' });
  });

  it('plans nothing for a trail that already matches the baseline', () => {
    // Prepare
    const current = trail();

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });
});
