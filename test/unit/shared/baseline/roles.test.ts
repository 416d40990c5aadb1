/** The loop guard's list of exempt roles is derived in one place and matches the stack: serverless.yml patterns, roles, code. */
import { FUNCTION_NAMES, stackRoleArns } from '../../../../shared/baseline/roles';
import { REMEDIATIONS } from '../../../../shared/remediations/registry';
import { resolveIntrinsics } from '../../../../scripts/lib/cloudformation';
import { declaredFunctions, loadServerless } from '../../../../scripts/lib/serverless-config';
import { testConfig } from '../../../support/deps';

const STACK = { account: '111122223333', region: 'eu-west-1', partition: 'aws', refs: {}, conditions: {} };
const doc = loadServerless({ stage: 'prod', region: 'eu-west-1' }) as {
  functions: Record<string, unknown>;
  resources: { Resources: Record<string, { Type: string; Properties: { RoleName?: string } }> };
};

/** The role ARNs the stack creates: every AWS::IAM::Role of serverless.yml, by its RoleName, in this account. */
const deployedRoleArns = Object.values(doc.resources.Resources)
  .filter((r) => r.Type === 'AWS::IAM::Role')
  .map((r) => `arn:aws:iam::111122223333:role/${String(resolveIntrinsics(r.Properties.RoleName, STACK))}`)
  .sort();

/** The values of `anything-but` under sessionIssuer.arn in a pattern, or undefined when the pattern has no loop guard. */
function exemptedArns(pattern: Record<string, unknown>): string[] | undefined {
  const or = (pattern.detail as { $or?: { userIdentity: { sessionContext: { sessionIssuer: { arn: Record<string, unknown>[] } } } }[] } | undefined)?.$or;
  const matchers = or?.flatMap((branch) => branch.userIdentity.sessionContext.sessionIssuer.arn) ?? [];
  const butList = matchers.find((m) => 'anything-but' in m)?.['anything-but'];
  return butList === undefined ? undefined : (butList as string[]).slice().sort();
}

describe('stack roles', () => {
  it('names one role per remediation, in the registry order', () => {
    expect([...FUNCTION_NAMES]).toEqual(REMEDIATIONS.map((r) => r.id));
  });

  it('derives in code exactly the role ARNs serverless.yml creates', () => {
    const code = stackRoleArns({ partition: 'aws', account: '111122223333', region: 'eu-west-1', rolePrefix: 'chain-guard-prod-' });

    expect(code.slice().sort()).toEqual(deployedRoleArns);
  });

  it('gives the config the same role ARNs as serverless.yml creates', () => {
    const config = testConfig({ SELF_ROLE_PREFIX: 'chain-guard-prod-', AWS_REGION: 'eu-west-1' });

    expect(config.selfRoleArns.slice().sort()).toEqual(deployedRoleArns);
  });

  it.each(declaredFunctions(doc, '111122223333', 'eu-west-1').flatMap((fn) => fn.patterns.filter((p) => JSON.stringify(p['detail-type']) === '["AWS API Call via CloudTrail"]').map((p, i) => [`${fn.name} #${i + 1}`, p] as const)))(
    'exempts exactly the stack role ARNs, and nothing by name, in the CloudTrail pattern of %s',
    (_name, pattern) => {
      expect(exemptedArns(pattern as Record<string, unknown>)).toEqual(deployedRoleArns);
      expect(JSON.stringify(pattern)).not.toContain('userName');
      expect(JSON.stringify(pattern)).not.toContain('prefix":"chain-guard');
    },
  );
});
