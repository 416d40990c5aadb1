/**
 * Member accounts in the emulator (organization mode): the emulator (scripts/emulator/moto_server.py) acts in the
 * account named by moto's `x-moto-account-id` header, as that account's own administrator would, and makes AssumeRole
 * check the role's trust policy.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';

type Args = { request: { headers: Record<string, string> } };
type Middlewares = { middlewareStack: { add(mw: (next: (args: Args) => Promise<unknown>) => (args: Args) => Promise<unknown>, options: { step: 'build' }): void } };

/** The client, acting in `account` (moto's account switch). */
export function inAccount<C>(client: C, account: string): C {
  (client as unknown as Middlewares).middlewareStack.add((next) => async (args) => {
    args.request.headers['x-moto-account-id'] = account;
    return next(args);
  }, { step: 'build' });
  return client;
}

/** Creates a role in `account` trusting `principal` (with `externalId` when given); returns its ARN. */
export async function createTrustedRole(account: string, name: string, principal: string, externalId?: string, path = '/'): Promise<string> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}) }],
  };
  const iam = inAccount(new IAMClient({ region: 'us-east-1' }), account);
  const out = await iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  return out.Role?.Arn ?? '';
}
