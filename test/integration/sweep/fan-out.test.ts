/**
 * The sweep over every account x region (organization mode) on the emulator: a central account and two member
 * accounts, in two regions each. Seeded drift is fixed in each place through that account's own role, the write cap
 * holds for the whole run, one summary notice is sent, and a member without the role gets ACTION NEEDED and no write.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import type { Deps } from '../../../shared/remediations/types';
import { ingressByName, seedDrift, type SeededGroup } from '../../../scripts/lib/emulator-drift';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';

const MEMBER_A = '444455556666';
const MEMBER_B = '777788889999';
const ACCOUNTS = [CENTRAL, MEMBER_A, MEMBER_B];
const REGIONS = ['us-east-1', 'eu-west-1'];
const TARGETS = ACCOUNTS.flatMap((account) => REGIONS.map((region) => ({ account, region, key: `${account} ${region}` })));
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `fan-alerts-${n}`, `fan-ops-${n}`);
});

const ec2Of = (account: string, region: string): EC2Client => (account === CENTRAL ? new EC2Client({ region }) : inAccount(new EC2Client({ region }), account));

/** Seeds the drift shapes in every account x region; returns them by `account region`. */
async function seedEverywhere(): Promise<Map<string, SeededGroup[]>> {
  const seeded = new Map<string, SeededGroup[]>();
  for (const t of TARGETS) seeded.set(t.key, await seedDrift(ec2Of(t.account, t.region), { filler: 2 }));
  return seeded;
}

async function orgDeps(env: Record<string, string> = {}): Promise<Deps> {
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ORG_ACCOUNTS: `${MEMBER_A},${MEMBER_B}`, SWEEP_REGIONS: REGIONS.join(','), SWEEP_WRITE_CAP: '1000', EXEMPT_TAG_KEY: 'chain-guard:exempt', ...env });
  return { config, clients: createClients(), members: await centralMemberAccess('revoke-open-ingress') };
}

const sweepEvent = () => scheduledEvent(CENTRAL, 'us-east-1', { id: `fan-${n}`, rule: 'chain-guard-test-revoke-open-ingress-sweep' });
const rulesOf = (groups: SeededGroup[]): number => groups.reduce((sum, g) => sum + g.revoke, 0);
const expected = (groups: SeededGroup[]): Record<string, string[]> => Object.fromEntries(groups.map((g) => [g.name, g.after]));

/** How many of the seeded world-open rules are still there, per target. */
async function stillOpen(seeded: Map<string, SeededGroup[]>): Promise<Record<string, boolean>> {
  const open: Record<string, boolean> = {};
  for (const t of TARGETS) {
    const groups = seeded.get(t.key) ?? [];
    open[t.key] = JSON.stringify(await ingressByName(ec2Of(t.account, t.region), groups)) !== JSON.stringify(expected(groups));
  }
  return open;
}

describe('the sweep over 3 accounts x 2 regions', () => {
  it('fixes the seeded drift in every account and region, each through its own account', async () => {
    // Prepare
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    await deployMemberRole(MEMBER_B, 'revoke-open-ingress');
    const seeded = await seedEverywhere();

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), await orgDeps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await stillOpen(seeded)).toEqual(Object.fromEntries(TARGETS.map((t) => [t.key, false])));
  });

  it('sends one summary notice for the run, with the counts of each account and region', async () => {
    // Prepare
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    await deployMemberRole(MEMBER_B, 'revoke-open-ingress');
    await seedEverywhere();

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), await orgDeps());

    // Assess
    const messages = await inbox.drain();
    expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Sweep: 48 group\(s\) fixed across 6 account\/region\(s\) \(111122223333 us-east-1\)$/)]);
    for (const t of TARGETS) expect(result.reason).toMatch(new RegExp(`^${t.key}: \\d+ group\\(s\\): 8 fixed, 0 failed, 0 reported, 1 exempt`, 'm'));
  });

  it('revokes no more rules in the whole run than the write cap, and reports the targets left over', async () => {
    // Prepare
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    await deployMemberRole(MEMBER_B, 'revoke-open-ingress');
    const seeded = await seedEverywhere();
    const perTarget = rulesOf(seeded.get(`${CENTRAL} us-east-1`) ?? []);

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), await orgDeps({ SWEEP_WRITE_CAP: String(perTarget * 2 + 1) }));

    // Assess
    const open = await stillOpen(seeded);
    expect(Object.values(open).filter((o) => !o)).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'reported', actionNeeded: expect.stringContaining("the run's write cap") });
  });

  it('gives ACTION NEEDED for a member without the role and writes nothing there, while fixing the others', async () => {
    // Prepare
    await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
    const seeded = await seedEverywhere();

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), await orgDeps());

    // Assess
    expect(result.actionNeeded).toMatch(new RegExp(`NO ACCESS to ${MEMBER_B} us-east-1: .*AccessDenied`));
    expect(await stillOpen(seeded)).toEqual(Object.fromEntries(TARGETS.map((t) => [t.key, t.account === MEMBER_B])));
  });
});
