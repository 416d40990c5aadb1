/** The trail baseline: update planning on a trail other than the baseline trail, and when enabling multi-region. */
import { planTrailUpdate, type TrailBaseline } from '../../../../shared/baseline/trail';
import { ALL, BASELINE, NAME, OTHER_ARN, OTHER_KEY, OTHER_LOG_GROUP, ROLE, otherTrail, trail, wanted } from '../../../support/trail';

describe('planTrailUpdate on another trail', () => {
  it('restores only the wanted boolean', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('logFileValidation'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: { EnableLogFileValidation: true }, changes: [{ setting: 'logFileValidation', before: false, after: true }], manual: [] });
  });

  it('turns a wanted boolean on even when the baseline has it off', () => {
    // Prepare
    const noValidationBaseline: TrailBaseline = { ...BASELINE, enableLogFileValidation: false };

    // Act
    const plan = planTrailUpdate(otherTrail(), wanted('logFileValidation'), noValidationBaseline, false);

    // Assess
    expect(plan.update).toEqual({ EnableLogFileValidation: true });
  });

  it('asks a person for the key, naming the trail ARN, instead of taking the baseline key when KMS encryption was removed', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('kms'), BASELINE, false);

    // Assess
    expect(plan).toEqual({
      update: {},
      changes: [],
      manual: [`KMS encryption of TEST-trail was removed; its previous key is unknown: re-enable it with "aws cloudtrail update-trail --name ${OTHER_ARN} --kms-key-id <key>"`],
    });
  });

  it('asks nothing about KMS when the trail is still encrypted', () => {
    // Prepare
    const current = otherTrail({ kmsKeyId: OTHER_KEY });

    // Act
    const plan = planTrailUpdate(current, wanted('kms'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('asks a person to restore CloudWatch Logs delivery instead of taking the baseline log group when it was removed', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('cloudWatchLogs'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: ['CloudWatch Logs delivery of TEST-trail was removed; its previous log group is unknown: restore it by hand'] });
  });

  it('asks nothing about CloudWatch Logs when the trail still delivers to a log group', () => {
    // Prepare
    const current = otherTrail({ cloudWatchLogsLogGroupArn: OTHER_LOG_GROUP, cloudWatchLogsRoleArn: ROLE });

    // Act
    const plan = planTrailUpdate(current, wanted('cloudWatchLogs'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('leaves the bucket alone even when s3 is wanted', () => {
    // Prepare
    const current = otherTrail({ s3BucketName: 'attacker-bucket' });

    // Act
    const plan = planTrailUpdate(current, wanted('s3'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('treats the baseline trail as another trail when no baseline is configured', () => {
    // Prepare
    const current = trail({ kmsKeyId: undefined });

    // Act
    const plan = planTrailUpdate(current, wanted('kms'), undefined, true);

    // Assess
    expect(plan.manual).toEqual([expect.stringContaining(`KMS encryption of ${NAME} was removed`)]);
  });

  it('plans nothing when nothing is wanted', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted(), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });
});

describe('planTrailUpdate enabling multi-region', () => {
  it('also enables global service events on another trail when only multi-region is wanted', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('multiRegion'), BASELINE, false);

    // Assess
    expect(plan).toEqual({
      update: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true },
      changes: [
        { setting: 'multiRegion', before: false, after: true },
        { setting: 'globalServiceEvents', before: false, after: true },
      ],
      manual: [],
    });
  });

  it('also enables global service events on the baseline trail when the baseline has them off', () => {
    // Prepare
    const noGlobalBaseline: TrailBaseline = { ...BASELINE, includeGlobalServiceEvents: false };

    // Act
    const plan = planTrailUpdate(trail({ isMultiRegionTrail: false, includeGlobalServiceEvents: false }), ALL, noGlobalBaseline, true);

    // Assess
    expect(plan.update).toEqual({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true });
  });

  it('records the global service events change only once when both are wanted', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('multiRegion', 'globalServiceEvents'), BASELINE, false);

    // Assess
    expect(plan.changes.filter((c) => c.setting === 'globalServiceEvents')).toHaveLength(1);
  });
});
