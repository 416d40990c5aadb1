/**
 * An organization on the emulator: the central account 111122223333 (moto's default), member accounts seeded as their
 * own administrator would (moto's `x-moto-account-id` header), the member role, and the central function's role whose
 * session assumes it (as the deployed Lambda function would: moto runs no Lambda, so the test assumes that role first).
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createMemberAccess, type MemberAccess } from '../../shared/aws/member-clients';
import { functionRoleName, type FunctionName } from '../../shared/baseline/roles';

export const CENTRAL = '111122223333';
export const EXTERNAL_ID = 'chain-guard-test-3b9f2e7c1a';
export const MEMBER_ROLE = 'chain-guard-test-member';
export const ORG_ENV = { ORG_MODE: 'on', ORG_EXTERNAL_ID: EXTERNAL_ID, ACCOUNT_ID: CENTRAL };

type Middlewares = { middlewareStack: { add(mw: (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) => (args: { request: { headers: Record<string, string> } }) => Promise<unknown>, options: { step: 'build' }): void } };

/** The client, acting in `account` (moto's account switch), as that account's own administrator. */
export function inAccount<C>(client: C, account: string): C {
  (client as unknown as Middlewares).middlewareStack.add((next) => async (args) => {
    args.request.headers['x-moto-account-id'] = account;
    return next(args);
  }, { step: 'build' });
  return client;
}

/** The central function's role ARN (as serverless.yml names it, test prefix). */
export function centralRoleArn(fn: FunctionName, region = 'us-east-1'): string {
  return `arn:aws:iam::${CENTRAL}:role/${functionRoleName({ rolePrefix: 'chain-guard-test-', region }, fn)}`;
}

/** Creates a role in `account` trusting `principal` (with `externalId` when given). */
export async function createTrustedRole(account: string, name: string, principal: string, externalId?: string, path = '/'): Promise<string> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}) }],
  };
  const iam = inAccount(new IAMClient({ region: 'us-east-1' }), account);
  const out = await iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  return out.Role?.Arn ?? '';
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
  return createMemberAccess({ partition: 'aws', region: 'us-east-1', roleName: MEMBER_ROLE, externalId: EXTERNAL_ID, sts });
}
