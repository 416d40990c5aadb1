/** A write naming a role or log group of another account than the one acted in is not made, and says what to set. */
import { foreignArnAction, foreignArns, withoutForeignDelivery } from '../../../../shared/baseline/foreign-arns';
import { planTrailUpdate, TRAIL_SETTINGS } from '../../../../shared/baseline/trail';
import { BASELINE, LOG_GROUP, ROLE, trail } from '../../../support/trail';

const CENTRAL = '111122223333';
const MEMBER = '444455556666';

describe('foreignArns', () => {
  it('finds the central role and log group in a write made in a member account', () => {
    // Act
    const found = foreignArns({ CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE, S3BucketName: 'audit' }, MEMBER);

    // Assess
    expect(found.map((f) => [f.variable, f.owner])).toEqual([['TRAIL_CLOUDWATCH_LOG_GROUP_ARN', CENTRAL], ['TRAIL_CLOUDWATCH_ROLE_ARN', CENTRAL]]);
  });

  it('finds nothing when the ARNs name the account acted in', () => {
    // Act
    const found = foreignArns({ CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE, roleARN: `arn:aws:iam::${CENTRAL}:role/config` }, CENTRAL);

    // Assess
    expect(found).toEqual([]);
  });
});

describe('foreignArnAction', () => {
  it('names the setting, its account, and the same setting written with ${AccountId}', () => {
    // Prepare
    const found = foreignArns({ roleARN: `arn:aws:iam::${CENTRAL}:role/config-recorder` }, MEMBER);

    // Act
    const text = foreignArnAction('Restoring the AWS Config recorder default in eu-west-1', MEMBER, found);

    // Assess
    expect(text).toContain(`CONFIG_RECORDER_ROLE_ARN (param configRecorderRoleArn) is arn:aws:iam::${CENTRAL}:role/config-recorder, of account ${CENTRAL}`);
    expect(text).toContain('configRecorderRoleArn=arn:aws:iam::${AccountId}:role/config-recorder');
    expect(text).toContain('nothing was written');
  });
});

describe('withoutForeignDelivery', () => {
  it('drops the CloudWatch Logs restore naming the central account, keeps the other settings, and asks for a per-account setting', () => {
    // Prepare
    const plan = planTrailUpdate(trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined, logFileValidationEnabled: false }), new Set(TRAIL_SETTINGS), BASELINE, true);

    // Act
    const kept = withoutForeignDelivery(plan, MEMBER, 'org-baseline');

    // Assess
    expect(kept.update).toEqual({ EnableLogFileValidation: true });
    expect(kept.changes.map((c) => c.setting)).toEqual(['logFileValidation']);
    expect(kept.manual).toEqual([expect.stringMatching(/^Restoring the CloudWatch Logs delivery of org-baseline in account 444455556666 was not done/)]);
  });

  it('leaves a plan naming the account acted in as it is', () => {
    // Prepare
    const plan = planTrailUpdate(trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined }), new Set(TRAIL_SETTINGS), BASELINE, true);

    // Act
    const kept = withoutForeignDelivery(plan, CENTRAL, 'org-baseline');

    // Assess
    expect(kept).toBe(plan);
  });
});
