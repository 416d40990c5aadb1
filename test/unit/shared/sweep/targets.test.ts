/** Which account x region pairs a sweep run covers (shared/sweep/targets.ts) SWEEP_REGIONS' and SWEEP_QUEUE_URL's validation. Pure. */
import { loadConfig } from '../../../../shared/config';
import { queueArnOf } from '../../../../shared/config-sweep';
import { targetsOf } from '../../../../shared/sweep/targets';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const ORG = { ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-7f3a9c1e5b2d4f60' };
const config = (env: Record<string, string> = {}) => loadConfig({ ALERT_TOPIC_ARN: TOPIC, AWS_REGION: 'eu-west-1', SELF_ROLE_PREFIX: 'chain-guard-prod-', ...env });

describe('the targets of a sweep run', () => {
  it('is the stack account in the stack region in single-account mode', () => {
    // Act
    const { targets, notes } = targetsOf(config());

    // Assess
    expect({ targets, notes }).toEqual({ targets: [{ account: '111122223333', region: 'eu-west-1' }], notes: [] });
  });

  it('covers every region of SWEEP_REGIONS in single-account mode', () => {
    // Act
    const { targets } = targetsOf(config({ SWEEP_REGIONS: 'us-east-1, eu-west-1,us-east-1' }));

    // Assess
    expect(targets).toEqual([{ account: '111122223333', region: 'us-east-1' }, { account: '111122223333', region: 'eu-west-1' }]);
  });

  it('covers the stack account and the ORG_ACCOUNTS allow-list in each region, less the excluded accounts', () => {
    // Act
    const { targets, notes } = targetsOf(config({ ...ORG, ORG_ACCOUNTS: '444455556666,777788889999', ORG_EXCLUDED_ACCOUNTS: '777788889999', SWEEP_REGIONS: 'us-east-1,eu-west-1' }));

    // Assess
    expect(targets.map((t) => `${t.account} ${t.region}`)).toEqual(['111122223333 us-east-1', '111122223333 eu-west-1', '444455556666 us-east-1', '444455556666 eu-west-1']);
    expect(notes).toEqual(['account 777788889999 is in ORG_EXCLUDED_ACCOUNTS: not swept']);
  });

  it('sweeps only the stack account, and says why, when ORG_ACCOUNTS is "all"', () => {
    // Act
    const { targets, notes } = targetsOf(config({ ...ORG }));

    // Assess
    expect(targets).toEqual([{ account: '111122223333', region: 'eu-west-1' }]);
    expect(notes).toEqual([expect.stringContaining('List the member accounts in ORG_ACCOUNTS')]);
  });

  it('rejects SWEEP_REGIONS that does not list region names', () => {
    // Act
    const load = () => config({ SWEEP_REGIONS: 'us-east-1,Europe' });

    // Assess
    expect(load).toThrow(/SWEEP_REGIONS must list region names/);
  });

  it('rejects a SWEEP_QUEUE_URL that is not a queue URL', () => {
    // Act
    const load = () => config({ SWEEP_QUEUE_URL: 'arn:aws:sqs:eu-west-1:111122223333:chain-guard-prod-revoke-open-ingress-sweep' });

    // Assess
    expect(load).toThrow(/SWEEP_QUEUE_URL must be an SQS queue URL/);
  });

  it('takes the queue ARN from SWEEP_QUEUE_URL, which the worker checks each record against', () => {
    // Act
    const arn = queueArnOf(config({ SWEEP_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/chain-guard-prod-revoke-open-ingress-sweep' }).sweep.queueUrl ?? '', 'aws', 'us-east-1');

    // Assess
    expect(arn).toBe('arn:aws:sqs:eu-west-1:111122223333:chain-guard-prod-revoke-open-ingress-sweep');
  });
});
