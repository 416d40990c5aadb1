/** Per-account settings: `${AccountId}` / `${Region}` checked at config load and resolved per account and region. */
import { loadConfig } from '../../../shared/config';
import { ConfigError } from '../../../shared/errors';
import { resolveTokens, tokenProblems } from '../../../shared/config-tokens';

const CENTRAL = '111122223333';
const env = (extra: Record<string, string>): Record<string, string> => ({
  ALERT_TOPIC_ARN: `arn:aws:sns:eu-west-1:${CENTRAL}:security-alerts`,
  AWS_REGION: 'eu-west-1',
  TRAIL_NAME: 'org-baseline',
  TRAIL_S3_BUCKET: 'audit-logs-${AccountId}',
  ...extra,
});

/** The message loadConfig throws for `e` (a ConfigError), or undefined when it does not throw. */
function configErrorOf(e: Record<string, string>): string | undefined {
  try {
    loadConfig(e);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('tokenProblems', () => {
  it('accepts ${AccountId} and ${Region} in the ARN and bucket settings', () => {
    // Prepare
    const e = { TRAIL_CLOUDWATCH_LOG_GROUP_ARN: 'arn:aws:logs:${Region}:${AccountId}:log-group:/org/trail:*', CONFIG_DELIVERY_BUCKET: 'config-${AccountId}-${Region}' };

    // Act
    const problems = tokenProblems(e);

    // Assess
    expect(problems).toEqual([]);
  });

  it('names the variable and the unknown token, and lists the known ones', () => {
    // Act
    const problems = tokenProblems({ TRAIL_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::${AWS::AccountId}:role/trail-to-logs' });

    // Assess
    expect(problems).toEqual(['TRAIL_CLOUDWATCH_ROLE_ARN uses unknown token ${AWS::AccountId} (known: ${AccountId}, ${Region})']);
  });

  it('rejects a token left open', () => {
    // Act
    const problems = tokenProblems({ CONFIG_RECORDER_ROLE_ARN: 'arn:aws:iam::${AccountId:role/config' });

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^CONFIG_RECORDER_ROLE_ARN has an unclosed token/)]);
  });

  it('rejects a token in the log group name of the trail log group ARN, which the rules match by name', () => {
    // Act
    const problems = tokenProblems({ TRAIL_CLOUDWATCH_LOG_GROUP_ARN: 'arn:aws:logs:${Region}:${AccountId}:log-group:/trail/${AccountId}:*' });

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^TRAIL_CLOUDWATCH_LOG_GROUP_ARN names its log group with a token/)]);
  });

  it.each(['ALARM_LOG_GROUP_NAME', 'TRAIL_NAME', 'CONFIG_RECORDER_NAME'])('rejects a token in the name %s, the same in every account', (name) => {
    // Act
    const problems = tokenProblems({ [name]: 'trail-${AccountId}' });

    // Assess
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name} is a name, the same in every account`))]);
  });
});

describe('resolveTokens', () => {
  it('puts the account and region in place of every token', () => {
    // Act
    const arn = resolveTokens('arn:aws:logs:${Region}:${AccountId}:log-group:/org/trail:*', '444455556666', 'ap-south-1');

    // Assess
    expect(arn).toBe('arn:aws:logs:ap-south-1:444455556666:log-group:/org/trail:*');
  });
});

describe('loadConfig with tokens', () => {
  it('validates and holds the baselines resolved for the stack own account and region', () => {
    // Act
    const config = loadConfig(env({ TRAIL_CLOUDWATCH_LOG_GROUP_ARN: 'arn:aws:logs:${Region}:${AccountId}:log-group:/org/trail:*', TRAIL_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/trail-to-logs' }));

    // Assess
    expect(config.trail).toMatchObject({ s3BucketName: `audit-logs-${CENTRAL}`, cloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${CENTRAL}:log-group:/org/trail:*`, cloudWatchLogsRoleArn: `arn:aws:iam::${CENTRAL}:role/trail-to-logs` });
    expect(config.alarms?.logGroupName).toBe('/org/trail');
  });

  it('keeps the settings as written, for each account the runs act in', () => {
    // Act
    const config = loadConfig(env({ CONFIG_RECORDER_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/config-recorder', CONFIG_DELIVERY_BUCKET: 'config-central' }));

    // Assess
    expect(config.perAccount?.trail?.s3BucketName).toBe('audit-logs-${AccountId}');
    expect(config.perAccount?.backstops.recorder).toMatchObject({ roleArn: 'arn:aws:iam::${AccountId}:role/config-recorder', deliveryBucket: 'config-central' });
  });

  it('has no per-account baselines when no setting carries a token', () => {
    // Act
    const config = loadConfig(env({ TRAIL_S3_BUCKET: 'audit-logs' }));

    // Assess
    expect(config.perAccount).toBeUndefined();
  });

  it('refuses an unknown token with a ConfigError naming the variable', () => {
    // Act
    const message = configErrorOf(env({ TRAIL_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::${Account}:role/trail-to-logs', TRAIL_CLOUDWATCH_LOG_GROUP_ARN: 'arn:aws:logs:${Region}:${AccountId}:log-group:/org/trail:*' }));

    // Assess
    expect(message).toMatch(/TRAIL_CLOUDWATCH_ROLE_ARN uses unknown token \$\{Account\}/);
  });

  it('still checks the resolved value: a token where the ARN needs no account is refused as a bad ARN', () => {
    // Act
    const message = configErrorOf(env({ TRAIL_KMS_KEY_ID: 'arn:aws:kms:${Region}:${AccountId}:alias/${AccountId}' }));

    // Assess
    expect(message).toMatch(/TRAIL_KMS_KEY_ID must be a KMS key ARN/);
  });
});
