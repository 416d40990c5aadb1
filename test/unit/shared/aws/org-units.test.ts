/**
 * Where accounts are in the organization (shared/aws/org-units.ts). aws-sdk-client-mock here for what moto cannot do:
 * refuse ListParents (AccessDenied, throttling), expire a cache, count calls; the walk itself runs on moto too
 * (test/integration/org/member-ous.test.ts).
 */
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { ANCESTRY_TTL_MS, OrgLookupError, createOrgUnits, ouPolicyPermissions } from '../../../../shared/aws/org-units';

const organizations = mockClient(OrganizationsClient);
const ROOT = 'r-ab12';
const PROD = 'ou-ab12-prod0001';
const TEAM = 'ou-ab12-team0001';
let clock = Date.parse('2026-12-06T05:00:00Z');

/** The organization: root > PROD > TEAM > 444455556666, and root > 777788889999. */
function tree(): void {
  organizations.on(ListParentsCommand, { ChildId: '444455556666' }).resolves({ Parents: [{ Id: TEAM, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: '555566667777' }).resolves({ Parents: [{ Id: TEAM, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: TEAM }).resolves({ Parents: [{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: PROD }).resolves({ Parents: [{ Id: ROOT, Type: 'ROOT' }] });
  organizations.on(ListParentsCommand, { ChildId: '777788889999' }).resolves({ Parents: [{ Id: ROOT, Type: 'ROOT' }] });
}

const units = () => createOrgUnits({ organizations: () => new OrganizationsClient({ region: 'us-east-1' }), now: () => clock });
const denied = () => Object.assign(new Error('You don\'t have permissions to access this resource.'), { name: 'AccessDeniedException' });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });

beforeEach(() => {
  organizations.reset();
  clock = Date.parse('2026-12-06T05:00:00Z');
});

describe('ancestors', () => {
  it('walks ListParents up to the root: the OUs nearest first, then the root', async () => {
    // Prepare
    tree();

    // Act
    const path = await units().ancestors('444455556666');

    // Assess
    expect(path).toEqual([TEAM, PROD, ROOT]);
  });

  it('asks once per account and OU while the answer is fresh, and shares the OUs between accounts', async () => {
    // Prepare
    tree();
    const lookup = units();

    // Act
    await lookup.ancestors('444455556666');
    clock += ANCESTRY_TTL_MS - 1;
    await lookup.ancestors('444455556666');
    await lookup.ancestors('555566667777');

    // Assess
    expect(organizations.commandCalls(ListParentsCommand).map((c) => c.args[0].input.ChildId)).toEqual(['444455556666', TEAM, PROD, '555566667777']);
  });

  it('asks again once the answer is older than ANCESTRY_TTL_MS (10 minutes), so a moved account is placed anew', async () => {
    // Prepare
    tree();
    const lookup = units();
    await lookup.ancestors('777788889999');
    organizations.on(ListParentsCommand, { ChildId: '777788889999' }).resolves({ Parents: [{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }] });

    // Act
    clock += ANCESTRY_TTL_MS;
    const path = await lookup.ancestors('777788889999');

    // Assess
    expect([ANCESTRY_TTL_MS, path]).toEqual([600_000, [PROD, ROOT]]);
  });

  it('fails with a denied OrgLookupError naming the call and the child when AWS refuses ListParents', async () => {
    // Prepare
    organizations.on(ListParentsCommand).rejects(denied());

    // Act
    const error = await units().ancestors('444455556666').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(OrgLookupError);
    expect(error).toMatchObject({ denied: true, code: 'AccessDeniedException', api: 'ListParents', id: '444455556666' });
  });

  it('fails with a denied error when the organization refuses a parent OU further up, not only the account', async () => {
    // Prepare
    tree();
    organizations.on(ListParentsCommand, { ChildId: PROD }).rejects(denied());

    // Act
    const error = await units().ancestors('444455556666').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ denied: true, id: PROD });
  });

  it('fails with an error that is not "denied" when Organizations keeps throttling, so the event is retried', async () => {
    // Prepare
    organizations.on(ListParentsCommand).rejects(throttled());

    // Act
    const error = await units().ancestors('444455556666').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'OrgLookupError', denied: false, code: 'TooManyRequestsException' });
  });

  it('does not keep a failure: the next event asks again and gets the answer', async () => {
    // Prepare
    const lookup = units();
    organizations.on(ListParentsCommand).rejectsOnce(throttled());
    await lookup.ancestors('777788889999').catch(() => undefined);
    tree();

    // Act
    const path = await lookup.ancestors('777788889999');

    // Assess
    expect(path).toEqual([ROOT]);
  });

  it('fails rather than loops when the answer never reaches a root', async () => {
    // Prepare
    organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }] });

    // Act
    const error = await units().ancestors('444455556666').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'OrgLookupError', message: expect.stringContaining('no root within 6 levels above it') });
  });
});

describe('accountsUnder', () => {
  it('lists the accounts under an OU at any depth, every page, with suspended accounts apart (State, which replaces Status, first)', async () => {
    // Prepare
    organizations.on(ListAccountsForParentCommand, { ParentId: PROD }).resolves({ Accounts: [{ Id: '111111111111', State: 'ACTIVE' }], NextToken: 'p2' });
    organizations.on(ListAccountsForParentCommand, { ParentId: PROD, NextToken: 'p2' }).resolves({ Accounts: [{ Id: '222222222222', State: 'SUSPENDED', Status: 'ACTIVE' }] });
    organizations.on(ListOrganizationalUnitsForParentCommand, { ParentId: PROD }).resolves({ OrganizationalUnits: [{ Id: TEAM }] });
    organizations.on(ListAccountsForParentCommand, { ParentId: TEAM }).resolves({ Accounts: [{ Id: '444455556666', Status: 'ACTIVE' }] });
    organizations.on(ListOrganizationalUnitsForParentCommand, { ParentId: TEAM }).resolves({ OrganizationalUnits: [] });

    // Act
    const found = await units().accountsUnder(PROD, []);

    // Assess
    expect(found).toEqual({ active: ['111111111111', '444455556666'], inactive: [{ id: '222222222222', status: 'SUSPENDED' }] });
  });

  it('does not descend into an excluded OU', async () => {
    // Prepare
    organizations.on(ListAccountsForParentCommand, { ParentId: PROD }).resolves({ Accounts: [] });
    organizations.on(ListOrganizationalUnitsForParentCommand, { ParentId: PROD }).resolves({ OrganizationalUnits: [{ Id: TEAM }] });

    // Act
    const found = await units().accountsUnder(PROD, [TEAM]);

    // Assess
    expect(found.active).toEqual([]);
    expect(organizations.commandCalls(ListAccountsForParentCommand).map((c) => c.args[0].input.ParentId)).toEqual([PROD]);
  });

  it('fails with a denied OrgLookupError naming the listing call when AWS refuses it', async () => {
    // Prepare
    organizations.on(ListAccountsForParentCommand).rejects(denied());

    // Act
    const error = await units().accountsUnder(PROD, []).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'OrgLookupError', denied: true, api: 'ListAccountsForParent', id: PROD });
  });
});

describe('ouPolicyPermissions', () => {
  it('is ListParents for a function acting in members, plus the listings for a function with a per-target sweep, nothing for central-only ones', () => {
    // Act
    const of = (r: { memberAccounts?: false; sweeper?: unknown }) => ouPolicyPermissions(r);

    // Assess
    expect([of({}), of({ sweeper: {} }), of({ memberAccounts: false })]).toEqual([
      ['organizations:ListParents'],
      ['organizations:ListParents', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
      [],
    ]);
  });
});
