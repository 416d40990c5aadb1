/** baselineFor and the pipeline's placement: each account and region gets its own trail and recorder settings. */
import { baselineFor } from '../../../../shared/baseline/per-account';
import { accountDeps } from '../../../../shared/org';
import { createClients } from '../../../../shared/aws/clients';
import { testConfig } from '../../../support/deps';

const CENTRAL = '111122223333';
const MEMBER = '444455556666';
const TOKENS = {
  ACCOUNT_ID: CENTRAL,
  TRAIL_NAME: 'org-baseline',
  TRAIL_S3_BUCKET: 'audit-logs-central',
  TRAIL_CLOUDWATCH_LOG_GROUP_ARN: 'arn:aws:logs:${Region}:${AccountId}:log-group:/org/trail:*',
  TRAIL_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/trail-to-logs',
  CONFIG_RECORDER_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/config-recorder',
  CONFIG_DELIVERY_BUCKET: 'config-${Region}',
};

describe('baselineFor', () => {
  it('resolves the trail settings for the member account and the trail home region', () => {
    // Prepare
    const config = testConfig(TOKENS);

    // Act
    const { trail } = baselineFor(config, MEMBER, 'eu-west-1');

    // Assess
    expect(trail).toMatchObject({ name: 'org-baseline', s3BucketName: 'audit-logs-central', cloudWatchLogsLogGroupArn: `arn:aws:logs:${config.trail?.homeRegion}:${MEMBER}:log-group:/org/trail:*`, cloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER}:role/trail-to-logs` });
  });

  it('resolves the recorder role and delivery bucket for the member account and region', () => {
    // Prepare
    const config = testConfig(TOKENS);

    // Act
    const { backstops } = baselineFor(config, MEMBER, 'eu-west-1');

    // Assess
    expect(backstops.recorder).toMatchObject({ roleArn: `arn:aws:iam::${MEMBER}:role/config-recorder`, deliveryBucket: 'config-eu-west-1' });
  });

  it('returns the same configuration when no setting carries a token', () => {
    // Prepare
    const config = testConfig({ TRAIL_NAME: 'org-baseline', TRAIL_S3_BUCKET: 'audit-logs' });

    // Act
    const placed = baselineFor(config, MEMBER, 'eu-west-1');

    // Assess
    expect(placed).toBe(config);
  });
});

describe('accountDeps', () => {
  it('gives the stack own account in another region that region in its recorder baseline, and the trail its home region', async () => {
    // Prepare
    const deps = { config: testConfig(TOKENS), clients: createClients() };

    // Act
    const placed = await accountDeps(CENTRAL, { id: 'reenable-trail' }, deps, 'ap-south-1');

    // Assess
    expect([placed.config.backstops.recorder?.deliveryBucket, placed.config.trail?.cloudWatchLogsLogGroupArn]).toEqual(['config-ap-south-1', `arn:aws:logs:${deps.config.trail?.homeRegion}:${CENTRAL}:log-group:/org/trail:*`]);
  });
});
