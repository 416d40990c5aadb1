/**
 * The OU policy on the emulator (moto's Organizations): the central account is the management account of an
 * organization root > prod > team, root > sandbox, root > prod > legacy. Where an account sits is asked with the central
 * account's credentials (ListParents up to the root); a member's event is acted on only when the policy allows its OU,
 * and the sweep with ORG_ACCOUNTS=all sweeps the accounts of the ORG_OUS OUs.
 */
import { CloseAccountCommand, CreateAccountCommand, MoveAccountCommand } from '@aws-sdk/client-organizations';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { MemberAccess } from '../../../shared/aws/member-clients';
import { createOrgUnits } from '../../../shared/aws/org-units';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import type { Deps } from '../../../shared/remediations/types';
import { resolveTargets } from '../../../shared/sweep/targets';
import { createGroup, ingressSummary, ruleId, tcp } from '../../../scripts/lib/emulator-ec2';
import { createEmulatorOrg, type EmulatorOrg } from '../../../scripts/lib/emulator-org';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { countingClients, type CallLog } from '../../support/calls';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';

let inbox: Inbox;
let org: EmulatorOrg;
let log: CallLog;
let assumedIn: string[];
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `ou-alerts-${n}`, `ou-ops-${n}`);
  const counting = countingClients();
  log = counting.log;
  org = await createEmulatorOrg(counting.clients.organizations('us-east-1'), { prod: 'root', team: 'prod', legacy: 'prod', sandbox: 'root' }, { web: 'team', old: 'legacy', play: 'sandbox', api: 'prod' });
  for (const account of Object.values(org.accounts)) await deployMemberRole(account, 'revoke-open-ingress');
  log.clear();
  assumedIn = [];
});

/** Deps as the deployed function builds them with these settings; the member access records each account it is asked for. */
async function orgDeps(env: Record<string, string>): Promise<Deps> {
  const clients = countingClientsOf();
  const members = await centralMemberAccess('revoke-open-ingress');
  const recorded: MemberAccess = { roleArn: members.roleArn, clients: (account, session) => (assumedIn.push(account), members.clients(account, session)) };
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ...env });
  return { config, clients, members: recorded, orgUnits: createOrgUnits({ organizations: () => clients.organizations('us-east-1') }) };
}

/** The clients of this test, recording their calls into `log`. */
function countingClientsOf() {
  const counting = countingClients();
  log = counting.log;
  return counting.clients;
}

/** A world-open SSH group in `account`, and the real AuthorizeSecurityGroupIngress event that opened it. */
async function openedIn(account: string): Promise<{ ec2: EC2Client; groupId: string; event: Record<string, unknown> }> {
  const ec2 = inAccount(new EC2Client({ region: 'us-east-1' }), account);
  const groupId = await createGroup(ec2, 'web', [tcp(22, '0.0.0.0/0')]);
  const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr, [CENTRAL]: account });
  return { ec2, groupId, event };
}

describe('an event of a member account under the OU policy', () => {
  it('is acted on in an account of a nested OU under an ORG_OUS OU', async () => {
    // Prepare
    const { ec2, groupId, event } = await openedIn(org.accounts.web ?? '');

    // Act
    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_OUS: org.ous.prod ?? '' }));

    // Assess
    expect(result).toMatchObject({ outcome: 'remediated', resource: { account: org.accounts.web } });
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
    expect(log.of('organizations')).toEqual(['ListParents', 'ListParents', 'ListParents']);
  });

  it('is skipped, without assuming the member role, in an account under an ORG_EXCLUDED_OUS OU nested in an allowed one', async () => {
    // Prepare
    const { ec2, groupId, event } = await openedIn(org.accounts.old ?? '');

    // Act
    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_OUS: org.ous.prod ?? '', ORG_EXCLUDED_OUS: org.ous.legacy ?? '' }));

    // Assess
    expect(result).toMatchObject({ outcome: 'skipped', reason: `Organization policy: account ${org.accounts.old} is under ${org.ous.legacy}, which is in ORG_EXCLUDED_OUS. Nothing was checked or changed there.` });
    expect(result.actionNeeded).toContain('change ORG_OUS / ORG_EXCLUDED_OUS');
    expect(assumedIn).toEqual([]);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('is skipped, without assuming the member role, in an account outside every ORG_OUS OU', async () => {
    // Prepare
    const { ec2, groupId, event } = await openedIn(org.accounts.play ?? '');

    // Act
    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_OUS: org.ous.prod ?? '' }));

    // Assess
    expect(result.outcome).toBe('skipped');
    expect(result.reason).toContain(`is under none of the OUs of ORG_OUS (its path: ${org.ous.sandbox} < ${org.root})`);
    expect(assumedIn).toEqual([]);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('is skipped with ACTION NEEDED, acting nowhere, when the account is not in the organization (fail closed)', async () => {
    // Prepare
    await deployMemberRole('444455556666', 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn('444455556666');

    // Act
    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_EXCLUDED_OUS: org.ous.sandbox ?? '' }));

    // Assess
    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toMatch(/could not tell which OU account 444455556666 is in: organizations:ListParents 444455556666 failed \(AccountNotFoundException.*management account or in a delegated administrator/);
    expect(assumedIn).toEqual([]);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('makes no Organizations call when neither OU list is set', async () => {
    // Prepare
    const { event } = await openedIn(org.accounts.play ?? '');

    // Act
    const result = await handleEvent(openIngress, event, await orgDeps({}));

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(log.of('organizations')).toEqual([]);
  });
});

describe('the sweep with ORG_ACCOUNTS=all and ORG_OUS', () => {
  it('covers the stack account and the active accounts of the OUs at any depth, less the excluded OUs and accounts', async () => {
    // Prepare
    const { accounts, ous } = org;
    const suspended = (await createEmulatorOrgAccount('gone', ous.team ?? '')) ?? '';
    const deps = await orgDeps({ ORG_OUS: `${ous.prod},${ous.team}`, ORG_EXCLUDED_OUS: ous.legacy ?? '', ORG_EXCLUDED_ACCOUNTS: accounts.api ?? '' });

    // Act
    const { targets, notes, unresolved } = await resolveTargets(deps.config, deps);

    // Assess
    expect(targets.map((t) => t.account)).toEqual([CENTRAL, accounts.web]);
    expect(notes).toEqual(expect.arrayContaining([`account ${accounts.api} is in ORG_EXCLUDED_ACCOUNTS: not swept`, `account ${suspended} (under ${ous.team}) is SUSPENDED: not swept`]));
    expect(unresolved).toEqual([]);
  });

  it('revokes the open rule in the allowed nested account and leaves the excluded one alone, in one run', async () => {
    // Prepare
    const web = await openedIn(org.accounts.web ?? '');
    const old = await openedIn(org.accounts.old ?? '');
    const deps = await orgDeps({ ORG_OUS: org.ous.prod ?? '', ORG_EXCLUDED_OUS: org.ous.legacy ?? '', SWEEP_WRITE_CAP: '100' });

    // Act
    const result = await handleEvent(openIngress, scheduledEvent(CENTRAL, 'us-east-1', { id: `ou-sweep-${n}`, rule: 'chain-guard-test-revoke-open-ingress-sweep' }), deps);

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(web.ec2, web.groupId)).toEqual([]);
    expect(await ingressSummary(old.ec2, old.groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
    expect(assumedIn).not.toContain(org.accounts.old);
  });
});

/** One more account in `ou`, then closed (SUSPENDED). */
async function createEmulatorOrgAccount(name: string, ou: string): Promise<string | undefined> {
  const organizations = countingClientsOf().organizations('us-east-1');
  const id = (await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus?.AccountId;
  await organizations.send(new MoveAccountCommand({ AccountId: id, SourceParentId: org.root, DestinationParentId: ou }));
  await organizations.send(new CloseAccountCommand({ AccountId: id }));
  return id;
}
