/** CloudTrail identities for tests: a session of one of the stack's own roles, as CloudTrail records it. */
import { functionRoleArn, functionRoleName, type FunctionName } from '../../shared/baseline/roles';

/** `userIdentity` of a call made by the stack role of `fn` (prefix chain-guard-test-, as testConfig sets it). */
export function ownRoleIdentity(fn: FunctionName, region = 'us-east-1', account = '111122223333'): Record<string, unknown> {
  const place = { partition: 'aws', account, region, rolePrefix: 'chain-guard-test-' };
  const name = functionRoleName(place, fn);
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/${name}/session`,
    accountId: account,
    sessionContext: { sessionIssuer: { type: 'Role', userName: name, arn: functionRoleArn(place, fn), accountId: account } },
  };
}
