/** Organization mode's settings (shared/config-org.ts): off by default, and every bad value named. */
import { ConfigError } from '../../../shared/errors';
import { loadConfig } from '../../../shared/config';
import { accountMode, accountRefusal } from '../../../shared/config-org';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const EXTERNAL_ID = 'chain-guard-7f3a9c1e5b2d4f60';
const org = (env: Record<string, string> = {}) => loadConfig({ ALERT_TOPIC_ARN: TOPIC, SELF_ROLE_PREFIX: 'chain-guard-prod-', ...env }).org;
const on = (env: Record<string, string> = {}) => org({ ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ...env });

function messageOf(env: Record<string, string>): string {
  try {
    org(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('organization mode configuration', () => {
  it('is off when no ORG_ variable is set, so a single-account stack needs nothing new', () => {
    // Act
    const config = org();

    // Assess
    expect(config.enabled).toBe(false);
  });

  it('is on when the stack names a central bus other than the default one (ORG_EVENT_BUS)', () => {
    // Act
    const config = org({ ORG_EVENT_BUS: 'chain-guard-prod-org', ORG_EXTERNAL_ID: EXTERNAL_ID });
    const single = org({ ORG_EVENT_BUS: 'default' });

    // Assess
    expect([config.enabled, single.enabled]).toEqual([true, false]);
  });

  it('names the member role after the stack (<SELF_ROLE_PREFIX>member) unless ORG_MEMBER_ROLE_NAME is set', () => {
    // Act
    const defaulted = on();
    const named = on({ ORG_MEMBER_ROLE_NAME: 'SecurityRemediation' });

    // Assess
    expect([defaulted.memberRoleName, named.memberRoleName]).toEqual(['chain-guard-prod-member', 'SecurityRemediation']);
  });

  it('refuses ORG_MODE=on without an external id', () => {
    // Act
    const message = messageOf({ ORG_MODE: 'on' });

    // Assess
    expect(message).toMatch(/ORG_EXTERNAL_ID is required in organization mode/);
  });

  it('refuses an external id short enough to guess', () => {
    // Act
    const message = messageOf({ ORG_MODE: 'on', ORG_EXTERNAL_ID: 'abc' });

    // Assess
    expect(message).toMatch(/ORG_EXTERNAL_ID must be 16 to 1224 characters/);
  });

  it('refuses an account list entry that is not a 12-digit id', () => {
    // Act
    const message = messageOf({ ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ORG_ACCOUNTS: '444455556666,prod' });

    // Assess
    expect(message).toMatch(/ORG_ACCOUNTS must list 12-digit account ids: got "prod"/);
  });

  it('refuses an account in both ORG_REPORT_ACCOUNTS and ORG_ENFORCE_ACCOUNTS', () => {
    // Act
    const message = messageOf({ ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ORG_REPORT_ACCOUNTS: '444455556666', ORG_ENFORCE_ACCOUNTS: '444455556666' });

    // Assess
    expect(message).toMatch(/444455556666 is in both/);
  });
});

describe('the stack own account in the per-account lists', () => {
  it('refuses ORG_EXCLUDED_ACCOUNTS naming the stack own account, which would be acted in regardless', () => {
    // Act
    const message = messageOf({ ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ORG_EXCLUDED_ACCOUNTS: '444455556666,111122223333' });

    // Assess
    expect(message).toMatch(/ORG_EXCLUDED_ACCOUNTS names the stack's own account 111122223333/);
  });
});

describe('the per-account policy', () => {
  it('allows every account by default', () => {
    // Act
    const refusal = accountRefusal(on(), '444455556666');

    // Assess
    expect(refusal).toBeUndefined();
  });

  it('refuses an account outside the allow-list', () => {
    // Act
    const refusal = accountRefusal(on({ ORG_ACCOUNTS: '444455556666' }), '777788889999');

    // Assess
    expect(refusal).toBe('account 777788889999 is not in ORG_ACCOUNTS');
  });

  it('refuses an account of the deny-list even when the allow-list names it', () => {
    // Act
    const refusal = accountRefusal(on({ ORG_ACCOUNTS: '444455556666', ORG_EXCLUDED_ACCOUNTS: '444455556666' }), '444455556666');

    // Assess
    expect(refusal).toBe('account 444455556666 is in ORG_EXCLUDED_ACCOUNTS');
  });

  it('reports only in an account of ORG_REPORT_ACCOUNTS while the stack enforces', () => {
    // Act
    const mode = accountMode(on({ ORG_REPORT_ACCOUNTS: '444455556666' }), '444455556666', 'enforce');

    // Assess
    expect(mode).toBe('report');
  });

  it('enforces in an account of ORG_ENFORCE_ACCOUNTS while the stack reports', () => {
    // Act
    const mode = accountMode(on({ ORG_ENFORCE_ACCOUNTS: '444455556666' }), '444455556666', 'report');

    // Assess
    expect(mode).toBe('enforce');
  });
});
