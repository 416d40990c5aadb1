/**
 * Organization mode on the emulator: a central account (111122223333) and two member accounts in two regions. An
 * event is acted on in its own account and region through the member role, never with the central credentials.
 */
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import type { Deps } from '../../../shared/remediations/types';
import { createGroup, ingressSummary, ruleId, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, MEMBER_ROLE, ORG_ENV, centralMemberAccess, createTrustedRole, deployMemberRole, inAccount } from '../../support/org';

const MEMBER_A = '444455556666';
const MEMBER_B = '777788889999';
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `org-alerts-${n}`, `org-ops-${n}`);
});

async function orgDeps(env: Record<string, string> = {}): Promise<Deps> {
  return { config: testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ...env }), clients: createClients(), members: await centralMemberAccess('revoke-open-ingress') };
}

/** A world-open SSH group in `account`/`region`, and the real AuthorizeSecurityGroupIngress event that opened it. */
async function openedIn(account: string, region: string, name = 'web'): Promise<{ ec2: EC2Client; groupId: string; event: Record<string, unknown> }> {
  const ec2 = inAccount(new EC2Client({ region }), account);
  const groupId = await createGroup(ec2, name, [tcp(22, '0.0.0.0/0')]);
  const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr, [CENTRAL]: account, 'us-east-1': region });
  return { ec2, groupId, event };
}

/** The same event, as if the call had been made by `roleArn`'s session. */
function calledBy(event: Record<string, unknown>, roleArn: string): Record<string, unknown> {
  const [, , , , account = '', resource = ''] = roleArn.split(':');
  const name = resource.split('/').pop() ?? '';
  const detail = event.detail as Record<string, unknown>;
  detail.userIdentity = { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/${name}/chain-guard-test-revoke-open-ingress`, accountId: account, sessionContext: { sessionIssuer: { type: 'Role', userName: name, arn: roleArn, accountId: account } } };
  return event;
}

describe('an event in a member account', () => {
  it('revokes the rule in member A us-east-1 through the member role', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, event, await orgDeps());

    expect(result).toMatchObject({ outcome: 'remediated', verified: true, resource: { account: MEMBER_A, region: 'us-east-1' } });
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });

  it('revokes the rule in member B eu-west-1, in that region', async () => {
    await deployMemberRole(MEMBER_B, 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn(MEMBER_B, 'eu-west-1');

    const result = await handleEvent(openIngress, event, await orgDeps());

    expect(result).toMatchObject({ outcome: 'remediated', resource: { account: MEMBER_B, region: 'eu-west-1' } });
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });

  it('tells ops in the central topic, naming the member account and region in the subject', async () => {
    await deployMemberRole(MEMBER_B, 'revoke-open-ingress');
    const { event } = await openedIn(MEMBER_B, 'eu-west-1');

    await handleEvent(openIngress, event, await orgDeps());

    const notices = await inbox.drain();
    expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\].*\(777788889999 eu-west-1\)$/)]);
  });

  it('only reports in an account listed in ORG_REPORT_ACCOUNTS, changing nothing', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_REPORT_ACCOUNTS: MEMBER_A }));

    expect(result.outcome).toBe('reported');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('only reports in the central account itself when ORG_REPORT_ACCOUNTS names it, changing nothing', async () => {
    // Prepare
    const { ec2, groupId, event } = await openedIn(CENTRAL, 'us-east-1');

    // Act
    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_REPORT_ACCOUNTS: CENTRAL }));

    // Assess
    expect(result).toMatchObject({ outcome: 'reported', resource: { account: CENTRAL } });
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });
});

describe('a member account chain-guard cannot act in', () => {
  it('skips with ACTION NEEDED naming the account, the role and the deploy step when the role is not deployed', async () => {
    const { event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, event, await orgDeps());

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toContain(`arn:aws:iam::${MEMBER_A}:role/${MEMBER_ROLE}`);
    expect(result.actionNeeded).toMatch(/AccessDenied.*Deploy the member StackSet.*account 444455556666/);
  });

  it('writes nowhere when the role is not deployed: the member group stays open, and so does a central group of the same name', async () => {
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');
    const central = new EC2Client({ region: 'us-east-1' });
    const centralGroup = await createGroup(central, 'web', [tcp(22, '0.0.0.0/0')]);

    await handleEvent(openIngress, event, await orgDeps());

    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
    expect(await ingressSummary(central, centralGroup)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('skips when the member role asks for another external id', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress', 'another-external-id-0000');
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, event, await orgDeps());

    expect(result.outcome).toBe('skipped');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('skips an account outside ORG_ACCOUNTS, saying the policy, without assuming anything', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, event, await orgDeps({ ORG_ACCOUNTS: MEMBER_B }));

    expect(result.outcome).toBe('skipped');
    expect(result.reason).toBe('Organization policy: account 444455556666 is not in ORG_ACCOUNTS. Nothing was checked or changed there.');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });
});

describe('the loop guard in a member account', () => {
  it('ignores the call made by the member role itself', async () => {
    const memberRole = await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, calledBy(event, memberRole), await orgDeps());

    expect(result.outcome).toBe('ignored');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('does not ignore a call by a role of the member role name under a path, in an account without the member role', async () => {
    // IAM role names are unique per account whatever the path: the look-alike can only exist where the StackSet has
    // not deployed the member role. Its call is not the backend's: ops hear of it (no role to repair with).
    const lookAlike = await createTrustedRole(MEMBER_A, MEMBER_ROLE, `arn:aws:iam::${MEMBER_A}:root`, undefined, '/attacker/');
    const { event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, calledBy(event, lookAlike), await orgDeps());

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toMatch(/Deploy the member StackSet/);
  });

  it('does not exempt a role named like the member role with a suffix', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const lookAlike = await createTrustedRole(MEMBER_A, `${MEMBER_ROLE}-admin`, `arn:aws:iam::${MEMBER_A}:root`);
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, calledBy(event, lookAlike), await orgDeps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });

  it('does not exempt the member role of another account', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const { ec2, groupId, event } = await openedIn(MEMBER_A, 'us-east-1');

    const result = await handleEvent(openIngress, calledBy(event, `arn:aws:iam::${MEMBER_B}:role/${MEMBER_ROLE}`), await orgDeps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });
});

describe('a GuardDuty finding of a member received by the delegated administrator (the central account)', () => {
  it('revokes the probed rule in the member account where the instance runs', async () => {
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const ec2 = inAccount(new EC2Client({ region: 'us-east-1' }), MEMBER_A);
    const groupId = await createGroup(ec2, 'bastion', [tcp(22, '0.0.0.0/0')]);
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SecurityGroupIds: [groupId] }));
    const event = withIds(loadEvent('guardduty-ssh-bruteforce'), { 'sg-0225c1ef2723cd87d': groupId, 'i-081de1d7604b11e4a': run.Instances?.[0]?.InstanceId ?? '' });
    (event as { account: string }).account = CENTRAL;
    (event.detail as { accountId: string }).accountId = MEMBER_A;

    const result = await handleEvent(openIngress, event, await orgDeps());

    expect(result).toMatchObject({ outcome: 'remediated', resource: { account: MEMBER_A } });
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });
});
