/**
 * Member accounts in the emulator (organization mode): the emulator (scripts/emulator/moto_server.py) acts in the
 * account named by moto's `x-moto-account-id` header, as that account's own administrator would, and makes AssumeRole
 * check the role's trust policy.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';

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

/** An organization on the emulator, as its management account (the caller's) built it: the root and OUs by name. */
export interface EmulatorOrg {
  root: string;
  ous: Record<string, string>;
  /** Account ids by name. */
  accounts: Record<string, string>;
}

/**
 * Creates the organization (the caller's account is its management account), the OUs of `ous` (name -> parent name,
 * `root` for the root; parents listed before children) and the accounts of `accounts` (name -> OU name), each moved there.
 */
export async function createEmulatorOrg(organizations: OrganizationsClient, ous: Record<string, string>, accounts: Record<string, string>): Promise<EmulatorOrg> {
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ids: Record<string, string> = { root };
  for (const [name, parent] of Object.entries(ous)) {
    const out = await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: ids[parent] ?? '', Name: name }));
    ids[name] = out.OrganizationalUnit?.Id ?? '';
  }
  const made: Record<string, string> = {};
  for (const [name, ou] of Object.entries(accounts)) {
    const status = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const id = status.CreateAccountStatus?.AccountId ?? '';
    await organizations.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: ids[ou] ?? '' }));
    made[name] = id;
  }
  const { root: _root, ...named } = ids;
  return { root, ous: named, accounts: made };
}
