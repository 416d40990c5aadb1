/**
 * The targets of a sweep run under the OU policy (shared/sweep/targets.ts resolveTargets). aws-sdk-client-mock for the
 * refusals moto cannot make; the listing of a real tree runs on moto (test/integration/org/member-ous.test.ts).
 */
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createOrgUnits } from '../../../../shared/aws/org-units';
import { loadConfig } from '../../../../shared/config';
import { resolveTargets, targetsOf } from '../../../../shared/sweep/targets';

const organizations = mockClient(OrganizationsClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const ORG = { ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-7f3a9c1e5b2d4f60' };
const PROD = 'ou-ab12-prod0001';
const SANDBOX = 'ou-ab12-sandbox1';
const config = (env: Record<string, string> = {}) => loadConfig({ ALERT_TOPIC_ARN: TOPIC, AWS_REGION: 'eu-west-1', SELF_ROLE_PREFIX: 'chain-guard-prod-', ...ORG, ...env });
const deps = () => ({ orgUnits: createOrgUnits({ organizations: () => new OrganizationsClient({ region: 'eu-west-1' }) }) });
const accountsOf = (targets: { account: string }[]) => [...new Set(targets.map((t) => t.account))];

beforeEach(() => {
  organizations.reset();
  organizations.on(ListParentsCommand, { ChildId: PROD }).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
  organizations.on(ListAccountsForParentCommand, { ParentId: PROD }).resolves({ Accounts: [{ Id: '444455556666', Status: 'ACTIVE' }, { Id: '777788889999', Status: 'ACTIVE' }] });
  organizations.on(ListOrganizationalUnitsForParentCommand, { ParentId: PROD }).resolves({ OrganizationalUnits: [] });
});

it('is exactly targetsOf, with no Organizations call, when no OU list is set', async () => {
  // Act
  const resolved = await resolveTargets(config({ ORG_ACCOUNTS: '444455556666' }), {});

  // Assess
  expect(resolved).toEqual(targetsOf(config({ ORG_ACCOUNTS: '444455556666' })));
  expect(organizations.calls()).toEqual([]);
});

it('sweeps the stack account and the accounts of the ORG_OUS OUs when ORG_ACCOUNTS is "all", less the excluded accounts', async () => {
  // Act
  const { targets, notes, unresolved } = await resolveTargets(config({ ORG_OUS: PROD, ORG_EXCLUDED_ACCOUNTS: '777788889999' }), deps());

  // Assess
  expect(accountsOf(targets)).toEqual(['111122223333', '444455556666']);
  expect(notes).toEqual(['account 777788889999 is in ORG_EXCLUDED_ACCOUNTS: not swept']);
  expect(unresolved).toEqual([]);
});

it('sweeps none of the accounts of an allowed OU that sits under an excluded OU', async () => {
  // Prepare
  organizations.on(ListParentsCommand, { ChildId: PROD }).resolves({ Parents: [{ Id: SANDBOX, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: SANDBOX }).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });

  // Act
  const { targets, notes } = await resolveTargets(config({ ORG_OUS: PROD, ORG_EXCLUDED_OUS: SANDBOX }), deps());

  // Assess
  expect(accountsOf(targets)).toEqual(['111122223333']);
  expect(notes).toEqual([`${PROD} is under ${SANDBOX}, which is in ORG_EXCLUDED_OUS: its accounts are not swept`]);
});

it('keeps from an ORG_ACCOUNTS allow-list only the accounts the OU policy allows, saying why for the others', async () => {
  // Prepare
  organizations.on(ListParentsCommand, { ChildId: '444455556666' }).resolves({ Parents: [{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: '777788889999' }).resolves({ Parents: [{ Id: SANDBOX, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: SANDBOX }).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });

  // Act
  const { targets, notes } = await resolveTargets(config({ ORG_ACCOUNTS: '444455556666,777788889999', ORG_EXCLUDED_OUS: SANDBOX }), deps());

  // Assess
  expect(accountsOf(targets)).toEqual(['111122223333', '444455556666']);
  expect(notes).toEqual([`account 777788889999 is under ${SANDBOX}, which is in ORG_EXCLUDED_OUS: not swept`]);
});

it('sweeps the rest, and lists as unresolved, an OU whose accounts Organizations refuses to list', async () => {
  // Prepare
  organizations.on(ListAccountsForParentCommand, { ParentId: PROD }).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

  // Act
  const { targets, unresolved } = await resolveTargets(config({ ORG_OUS: PROD, SWEEP_REGIONS: 'us-east-1,eu-west-1' }), deps());

  // Assess
  expect(targets).toEqual([{ account: '111122223333', region: 'us-east-1' }, { account: '111122223333', region: 'eu-west-1' }]);
  expect(unresolved).toEqual([expect.stringMatching(/^the accounts of ou-ab12-prod0001 \(ORG_OUS\) could not be listed: organizations:ListAccountsForParent ou-ab12-prod0001 failed: AccessDeniedException.*management account or a delegated administrator/)]);
});

it('lists an account of ORG_ACCOUNTS as unresolved, not swept, when its OU cannot be looked up', async () => {
  // Prepare
  organizations.on(ListParentsCommand, { ChildId: '444455556666' }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));

  // Act
  const { targets, unresolved } = await resolveTargets(config({ ORG_ACCOUNTS: '444455556666', ORG_OUS: PROD }), deps());

  // Assess
  expect(accountsOf(targets)).toEqual(['111122223333']);
  expect(unresolved).toEqual([expect.stringContaining('account 444455556666 (ORG_ACCOUNTS): its OU could not be looked up: organizations:ListParents 444455556666 failed: TooManyRequestsException')]);
});
