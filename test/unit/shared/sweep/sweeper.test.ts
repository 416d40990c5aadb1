/** Where a function's per-target sweep runs (shared/sweep/sweeper.ts sweeperTargets). Pure. */
import { loadConfig } from '../../../../shared/config';
import { sweeperTargets } from '../../../../shared/sweep/sweeper';
import { targetsOf } from '../../../../shared/sweep/targets';

const config = loadConfig({ ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:security-alerts', AWS_REGION: 'us-east-1', SELF_ROLE_PREFIX: 'chain-guard-prod-', ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-7f3a9c1e5b2d4f60', ORG_ACCOUNTS: '444455556666', SWEEP_REGIONS: 'us-east-1,eu-west-1' });
const all = targetsOf(config).targets;

describe('the targets of a per-target sweep', () => {
  it('are every configured account x region when the function names no region', () => {
    // Act
    const targets = sweeperTargets({}, all, config);

    // Assess
    expect(targets.map((t) => `${t.account} ${t.region}`)).toEqual(['111122223333 us-east-1', '111122223333 eu-west-1', '444455556666 us-east-1', '444455556666 eu-west-1']);
  });

  it('are each account once, in the region the function names', () => {
    // Act
    const targets = sweeperTargets({ regionOf: () => 'eu-west-1' }, all, config);

    // Assess
    expect(targets.map((t) => `${t.account} ${t.region}`)).toEqual(['111122223333 eu-west-1', '444455556666 eu-west-1']);
  });
});
