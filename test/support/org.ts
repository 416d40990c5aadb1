/**
 * An organization on the emulator: the central account 111122223333 (moto's default), member accounts seeded as their
 * own administrator would (moto's `x-moto-account-id` header), the member role, and the central function's role whose
 * session assumes it (as the deployed Lambda function would: moto runs no Lambda, so the test assumes that role first).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createMemberAccess, type MemberAccess } from '../../shared/aws/member-clients';
import { createClients } from '../../shared/aws/clients';
import { functionRoleName, type FunctionName } from '../../shared/baseline/roles';
import { createTrustedRole, inAccount } from '../../scripts/lib/emulator-org';

export { createTrustedRole, inAccount };

export const CENTRAL = '111122223333';
export const EXTERNAL_ID = 'chain-guard-test-3b9f2e7c1a';
export const MEMBER_ROLE = 'chain-guard-test-member';
export const ORG_ENV = { ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ACCOUNT_ID: CENTRAL };

/** The central function's role ARN (as serverless.yml names it, test prefix). */
export function centralRoleArn(fn: FunctionName, region = 'us-east-1'): string {
  return `arn:aws:iam::${CENTRAL}:role/${functionRoleName({ rolePrefix: 'chain-guard-test-', region }, fn)}`;
}

/** The member role as the StackSet deploys it: trusted by the central function's role, with the external id. */
export async function deployMemberRole(account: string, fn: FunctionName, externalId = EXTERNAL_ID): Promise<string> {
  return createTrustedRole(account, MEMBER_ROLE, centralRoleArn(fn), externalId);
}

/** Member access as the deployed function has it: STS called with the central function role's session. */
export async function centralMemberAccess(fn: FunctionName): Promise<MemberAccess> {
  await createTrustedRole(CENTRAL, functionRoleName({ rolePrefix: 'chain-guard-test-', region: 'us-east-1' }, fn), `arn:aws:iam::${CENTRAL}:root`);
  const session = await new STSClient({ region: 'us-east-1' }).send(new AssumeRoleCommand({ RoleArn: centralRoleArn(fn), RoleSessionName: `chain-guard-test-${fn}` }));
  const c = session.Credentials;
  const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' } });
  return createMemberAccess({ partition: 'aws', region: 'us-east-1', buildClients: createClients, roleName: MEMBER_ROLE, externalId: EXTERNAL_ID, sts });
}
