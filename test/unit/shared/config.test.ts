/** loadConfig: defaults, and one ConfigError naming the variable for each invalid setting. */
import { ConfigError } from '../../../shared/errors';
import { loadConfig } from '../../../shared/config';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const minimal = (env: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({ ALERT_TOPIC_ARN: TOPIC, ...env });

/** The error loadConfig throws for `env`, or undefined when it does not throw. */
function configErrorOf(env: Record<string, string | undefined>): unknown {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('loadConfig defaults', () => {
  it('enforces by default', () => {
    // Prepare
    const env = minimal();

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.mode).toBe('enforce');
  });

  it('authorizes tcp 80 and 443 by default', () => {
    // Prepare
    const env = minimal();

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.authorizedPorts.tcp).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ]);
  });

  it('authorizes no udp port by default', () => {
    // Prepare
    const env = minimal();

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.authorizedPorts.udp).toEqual([]);
  });

  it('honours no exemption tag by default (anyone allowed ec2:CreateTags could set one)', () => {
    // Prepare
    const env = minimal();

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.exemptTagKey).toBeUndefined();
  });

  it('reads a 24-hour grace period after an undo by default, and UNDO_GRACE_HOURS when set', () => {
    // Prepare
    const defaults = minimal();
    const set = minimal({ UNDO_GRACE_HOURS: '72' });

    // Act
    const [byDefault, configured] = [loadConfig(defaults), loadConfig(set)];

    // Assess
    expect([byDefault.undoGraceHours, configured.undoGraceHours]).toEqual([24, 72]);
  });

  it('refuses a grace period of 0 hours or longer than the history is kept', () => {
    // Prepare
    const zero = minimal({ UNDO_GRACE_HOURS: '0' });
    const long = minimal({ UNDO_GRACE_HOURS: '5000' });

    // Act / Assess
    expect(() => loadConfig(zero)).toThrow(/UNDO_GRACE_HOURS must be a number of hours from 1 to 2160/);
    expect(() => loadConfig(long)).toThrow(/UNDO_GRACE_HOURS/);
  });

  it('exempts exactly the five stack roles of this account and region from the loop guard', () => {
    // Prepare
    const env = minimal({ SELF_ROLE_PREFIX: 'chain-guard-prod-', AWS_REGION: 'eu-west-1', ACCOUNT_ID: '444455556666' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.selfRoleArns).toEqual([
      'arn:aws:iam::444455556666:role/chain-guard-prod-eu-west-1-revoke-open-ingress',
      'arn:aws:iam::444455556666:role/chain-guard-prod-eu-west-1-reenable-trail',
      'arn:aws:iam::444455556666:role/chain-guard-prod-eu-west-1-restore-alarms',
      'arn:aws:iam::444455556666:role/chain-guard-prod-eu-west-1-protect-notifications',
      'arn:aws:iam::444455556666:role/chain-guard-prod-eu-west-1-protect-backstops',
    ]);
  });

  it('takes the stack account from the alerts topic when ACCOUNT_ID is not set', () => {
    expect(loadConfig(minimal()).stack.account).toBe('111122223333');
  });

  it('rejects an ACCOUNT_ID that is not 12 digits', () => {
    expect(() => loadConfig(minimal({ ACCOUNT_ID: '1234' }))).toThrow(/ACCOUNT_ID must be a 12-digit AWS account id/);
  });

  it('keeps the alert topic ARN it was given', () => {
    // Prepare
    const env = minimal();

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.alertTopicArn).toBe(TOPIC);
  });

  it('falls back to enforce when REMEDIATION_MODE is an empty string', () => {
    // Prepare
    const env = minimal({ REMEDIATION_MODE: '' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.mode).toBe('enforce');
  });

  it('reads report mode from REMEDIATION_MODE', () => {
    // Prepare
    const env = minimal({ REMEDIATION_MODE: 'report' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.mode).toBe('report');
  });

  it('treats an empty AUTHORIZED_TCP_PORTS as no authorized tcp port at all', () => {
    // Prepare
    const env = minimal({ AUTHORIZED_TCP_PORTS: '' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.authorizedPorts.tcp).toEqual([]);
  });

  it('parses ports and ranges from AUTHORIZED_UDP_PORTS', () => {
    // Prepare
    const env = minimal({ AUTHORIZED_UDP_PORTS: '53, 8000-8080' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.authorizedPorts.udp).toEqual([
      { from: 53, to: 53 },
      { from: 8000, to: 8080 },
    ]);
  });
});

describe('loadConfig errors', () => {
  it.each([
    { name: 'ALERT_TOPIC_ARN is missing', env: { ALERT_TOPIC_ARN: undefined }, variable: 'ALERT_TOPIC_ARN' },
    { name: 'ALERT_TOPIC_ARN is not an SNS topic ARN', env: { ALERT_TOPIC_ARN: 'arn:aws:sqs:us-east-1:111122223333:security-alerts' }, variable: 'ALERT_TOPIC_ARN' },
    { name: 'REMEDIATION_MODE is not a known mode', env: { REMEDIATION_MODE: 'bogus' }, variable: 'REMEDIATION_MODE' },
    { name: 'AUTHORIZED_TCP_PORTS holds something that is not a port', env: { AUTHORIZED_TCP_PORTS: '22,abc' }, variable: 'AUTHORIZED_TCP_PORTS' },
    { name: 'AUTHORIZED_TCP_PORTS holds a port above 65535', env: { AUTHORIZED_TCP_PORTS: '70000' }, variable: 'AUTHORIZED_TCP_PORTS' },
    { name: 'AUTHORIZED_TCP_PORTS holds a reversed range', env: { AUTHORIZED_TCP_PORTS: '90-80' }, variable: 'AUTHORIZED_TCP_PORTS' },
    { name: 'AUTHORIZED_UDP_PORTS holds something that is not a port', env: { AUTHORIZED_UDP_PORTS: 'dns' }, variable: 'AUTHORIZED_UDP_PORTS' },
  ])('throws a ConfigError naming $variable when $name', ({ env, variable }) => {
    // Prepare
    const input = minimal(env);

    // Act
    const error = configErrorOf(input);

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('quotes the offending item of a port list in the message', () => {
    // Prepare
    const env = minimal({ AUTHORIZED_TCP_PORTS: '22,abc' });

    // Act
    const error = configErrorOf(env);

    // Assess
    expect((error as Error).message).toContain('"abc"');
  });
});

describe('loadConfig with several bad variables', () => {
  it('names every bad variable in one error, the port lists included', () => {
    // Prepare
    const env = { AUTHORIZED_TCP_PORTS: 'abc', AUTHORIZED_UDP_PORTS: '70000' };

    // Act
    const act = (): unknown => loadConfig(env);

    // Assess
    expect(act).toThrow(/ALERT_TOPIC_ARN.*AUTHORIZED_TCP_PORTS.*AUTHORIZED_UDP_PORTS/);
  });
});

describe('loadConfig notification channel', () => {
  it('keeps the alert e-mail and the listed subscribers as the baseline subscribers', () => {
    const config = loadConfig(minimal({ ALERT_EMAIL: 'ops@example.com', ALERT_SUBSCRIBERS: '[{"protocol":"https","endpoint":"https://hooks.example.com/p"}]' }));

    expect(config.topic.subscribers).toEqual([{ protocol: 'email', endpoint: 'ops@example.com' }, { protocol: 'https', endpoint: 'https://hooks.example.com/p' }]);
  });

  it('names the repair role exempt from the topic Deny after the loop-guard prefix and region', () => {
    const config = loadConfig(minimal({ SELF_ROLE_PREFIX: 'chain-guard-prod-', AWS_REGION: 'eu-west-1' }));

    expect(config.topic.repairRoleArn).toBe('arn:aws:iam::111122223333:role/chain-guard-prod-eu-west-1-protect-notifications');
  });

  it('rejects ALERT_SUBSCRIBERS with an unknown protocol', () => {
    const error = configErrorOf(minimal({ ALERT_SUBSCRIBERS: '[{"protocol":"pigeon","endpoint":"x"}]' }));

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('ALERT_SUBSCRIBERS must be a JSON list');
  });

  it('rejects a TOPIC_ADMIN_ARNS entry that is not a principal ARN', () => {
    expect((configErrorOf(minimal({ TOPIC_ADMIN_ARNS: 'deployer' })) as Error).message).toContain('TOPIC_ADMIN_ARNS entry "deployer"');
  });

  it.each([
    ['a role name prefix anyone may create', 'arn:aws:iam::111122223333:role/Admin*'],
    ['any principal of the account', 'arn:aws:iam::111122223333:*'],
    ['any account', 'arn:aws:iam::*:role/deployer'],
    ['a federated user any IAM user can claim', 'arn:aws:sts::111122223333:federated-user/deployer'],
    ['a wildcard path under a role', 'arn:aws:iam::111122223333:role/*/deployer'],
  ])('rejects a TOPIC_ADMIN_ARNS entry that names %s', (_what, arn) => {
    expect((configErrorOf(minimal({ TOPIC_ADMIN_ARNS: arn })) as Error).message).toContain(`TOPIC_ADMIN_ARNS entry "${arn}" is not the exact ARN`);
  });

  it.each([
    'arn:aws:iam::111122223333:role/deployer',
    'arn:aws:iam::111122223333:role/platform/deployer',
    'arn:aws:iam::111122223333:user/breakglass',
    'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*',
    'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
  ])('accepts the exact admin ARN %s', (arn) => {
    expect(loadConfig(minimal({ TOPIC_ADMIN_ARNS: arn })).topic.adminArns).toEqual([arn]);
  });

  it('keeps raw message delivery as configured for a queue subscriber', () => {
    const config = loadConfig(minimal({ ALERT_SUBSCRIBERS: '[{"protocol":"sqs","endpoint":"arn:aws:sqs:us-east-1:111122223333:ops","rawMessageDelivery":true}]' }));

    expect(config.topic.subscribers).toEqual([{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:ops', rawMessageDelivery: true }]);
  });

  it('rejects raw message delivery for an e-mail subscriber, which has no such setting', () => {
    const error = configErrorOf(minimal({ ALERT_SUBSCRIBERS: '[{"protocol":"email","endpoint":"ops@example.com","rawMessageDelivery":false}]' }));

    expect((error as Error).message).toContain('rawMessageDelivery applies to sqs, http, https and firehose subscribers only');
  });

  it('rejects the AWS managed key alias/aws/sns as the topic key, which CloudWatch alarms cannot publish with', () => {
    for (const key of ['alias/aws/sns', 'arn:aws:kms:us-east-1:111122223333:alias/aws/sns']) {
      expect((configErrorOf(minimal({ ALERT_TOPIC_KMS_KEY_ID: key })) as Error).message).toContain('ALERT_TOPIC_KMS_KEY_ID must not be the AWS managed key alias/aws/sns');
    }
  });

  it('rejects a fallback topic that is not an SNS ARN', () => {
    expect((configErrorOf(minimal({ ALERT_FALLBACK_TOPIC_ARN: 'ops@example.com' })) as Error).message).toContain('ALERT_FALLBACK_TOPIC_ARN must be an SNS topic ARN');
  });
});

describe('loadConfig NOTIFY_NON_BASELINE', () => {
  it('logs non-baseline changes without paging by default', () => {
    expect(loadConfig(minimal()).notifyNonBaseline).toBe(false);
  });

  it('pages about non-baseline changes with NOTIFY_NON_BASELINE=true', () => {
    expect(loadConfig({ ...minimal(), NOTIFY_NON_BASELINE: 'true' }).notifyNonBaseline).toBe(true);
  });

  it('rejects a NOTIFY_NON_BASELINE that is not true or false, naming it', () => {
    expect(() => loadConfig({ ...minimal(), NOTIFY_NON_BASELINE: 'yes' })).toThrow(/NOTIFY_NON_BASELINE must be "true" or "false"/);
  });
});
