/** The OU policy's settings (ORG_OUS, ORG_EXCLUDED_OUS in shared/config-org.ts) and its pure decision, ouRefusal. */
import { ConfigError } from '../../../shared/errors';
import { loadConfig } from '../../../shared/config';
import { hasOuPolicy, ouRefusal } from '../../../shared/config-org';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const EXTERNAL_ID = 'chain-guard-7f3a9c1e5b2d4f60';
const PROD = 'ou-ab12-prod0001';
const SANDBOX = 'ou-ab12-sandbox1';
const ROOT = 'r-ab12';
const org = (env: Record<string, string> = {}) => loadConfig({ ALERT_TOPIC_ARN: TOPIC, SELF_ROLE_PREFIX: 'chain-guard-prod-', ...env }).org;
const on = (env: Record<string, string> = {}) => org({ ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ...env });

function messageOf(load: () => unknown): string {
  try {
    load();
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('ORG_OUS and ORG_EXCLUDED_OUS', () => {
  it('are empty by default, so no Organizations lookup is made', () => {
    // Act
    const config = on();

    // Assess
    expect({ allowed: config.allowedOus, denied: config.deniedOus, lookup: hasOuPolicy(config) }).toEqual({ allowed: [], denied: [], lookup: false });
  });

  it('read OU ids and the root id as comma lists', () => {
    // Act
    const config = on({ ORG_OUS: `${PROD},${ROOT}`, ORG_EXCLUDED_OUS: SANDBOX });

    // Assess
    expect({ allowed: config.allowedOus, denied: config.deniedOus, lookup: hasOuPolicy(config) }).toEqual({ allowed: [PROD, ROOT], denied: [SANDBOX], lookup: true });
  });

  it('turn the lookup on with the deny-list alone', () => {
    // Act
    const config = on({ ORG_EXCLUDED_OUS: SANDBOX });

    // Assess
    expect(hasOuPolicy(config)).toBe(true);
  });

  it('reject an entry that is not an OU or root id, naming it', () => {
    // Act
    const message = messageOf(() => on({ ORG_OUS: `${PROD},Production` }));

    // Assess
    expect(message).toBe('Invalid configuration: ORG_OUS must list OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx): got "Production"');
  });

  it('reject an account id in ORG_EXCLUDED_OUS (ORG_EXCLUDED_ACCOUNTS takes accounts)', () => {
    // Act
    const message = messageOf(() => on({ ORG_EXCLUDED_OUS: '444455556666' }));

    // Assess
    expect(message).toMatch(/ORG_EXCLUDED_OUS must list OU ids.*got "444455556666"/);
  });

  it('reject a list with spaces, as CloudFormation would split it', () => {
    // Act
    const message = messageOf(() => on({ ORG_OUS: `${PROD}, ${SANDBOX}` }));

    // Assess
    expect(message).toMatch(/ORG_OUS must be a comma-separated list without spaces/);
  });

  it('reject an OU in both lists', () => {
    // Act
    const message = messageOf(() => on({ ORG_OUS: PROD, ORG_EXCLUDED_OUS: PROD }));

    // Assess
    expect(message).toBe(`Invalid configuration: ${PROD} is in both ORG_OUS and ORG_EXCLUDED_OUS`);
  });

  it('are refused in single-account mode, where they would silently filter nothing', () => {
    // Act
    const message = messageOf(() => org({ ORG_OUS: PROD }));

    // Assess
    expect(message).toMatch(/ORG_OUS and ORG_EXCLUDED_OUS filter member accounts, in organization mode only/);
  });
});

describe('ouRefusal', () => {
  it('allows an account under an allowed OU at any depth', () => {
    // Act
    const refusal = ouRefusal(on({ ORG_OUS: PROD }), '444455556666', ['ou-ab12-team0001', PROD, ROOT]);

    // Assess
    expect(refusal).toBeUndefined();
  });

  it('refuses an account under none of the allowed OUs, giving its path', () => {
    // Act
    const refusal = ouRefusal(on({ ORG_OUS: PROD }), '444455556666', [SANDBOX, ROOT]);

    // Assess
    expect(refusal).toBe(`account 444455556666 is under none of the OUs of ORG_OUS (its path: ${SANDBOX} < ${ROOT})`);
  });

  it('refuses an account under an excluded OU even when an allowed OU is above it (the deny-list wins)', () => {
    // Act
    const refusal = ouRefusal(on({ ORG_OUS: PROD, ORG_EXCLUDED_OUS: 'ou-ab12-legacy01' }), '444455556666', ['ou-ab12-legacy01', PROD, ROOT]);

    // Assess
    expect(refusal).toBe('account 444455556666 is under ou-ab12-legacy01, which is in ORG_EXCLUDED_OUS');
  });

  it('allows every account under the root when ORG_OUS names the root', () => {
    // Act
    const refusal = ouRefusal(on({ ORG_OUS: ROOT }), '444455556666', [SANDBOX, ROOT]);

    // Assess
    expect(refusal).toBeUndefined();
  });
});
