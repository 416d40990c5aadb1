/** loadConfig for the trail baseline: the KMS key must be named so that GetTrail's answer can be compared with it. */
import { loadConfig } from '../../../shared/config';
import { ConfigError } from '../../../shared/errors';

const env = (extra: Record<string, string>): Record<string, string> => ({
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:security-alerts',
  TRAIL_NAME: 'chain-guard-baseline',
  TRAIL_S3_BUCKET: 'chain-guard-audit-logs',
  ...extra,
});

/** The error loadConfig throws for `e`, or undefined when it does not throw. */
function configErrorOf(e: Record<string, string>): unknown {
  try {
    loadConfig(e);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('loadConfig TRAIL_KMS_KEY_ID', () => {
  it('keeps a KMS key ARN', () => {
    // Prepare
    const key = 'arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e';

    // Act
    const config = loadConfig(env({ TRAIL_KMS_KEY_ID: key }));

    // Assess
    expect(config.trail?.kmsKeyId).toBe(key);
  });

  it.each([
    ['an alias', 'alias/cloudtrail'],
    ['an alias ARN', 'arn:aws:kms:us-east-1:111122223333:alias/cloudtrail'],
    ['a bare key ID', '0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e'],
  ])('rejects %s, which cannot be compared with the key ARN GetTrail reports', (_label, key) => {
    // Prepare
    const e = env({ TRAIL_KMS_KEY_ID: key });

    // Act
    const error = configErrorOf(e);

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('TRAIL_KMS_KEY_ID must be a KMS key ARN');
  });
});
