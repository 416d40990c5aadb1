/**
 * The sweep fanned out over its queue (organization mode) on the emulator: a central account and two members, in two
 * regions each. The schedule event makes the function a dispatcher (one message per target on its queue); each
 * message, handed to the same function as the SQS event source mapping would (moto runs none), is one worker. Seeded
 * drift is fixed in the right account and region, the write cap holds across workers, exactly one summary is
 * published, and a target that never answers is reported by the next dispatch.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import type { Deps } from '../../../shared/remediations/types';
import { STALE_RUN_MINUTES } from '../../../shared/sweep/run';
import { RunStore } from '../../../shared/sweep/run-store';
import { securityGroupSweeper } from '../../../shared/sweep/fan-out';
import type { SweepTarget } from '../../../shared/sweep/security-groups';
import { handleSweepEvent } from '../../../shared/sweep/worker';
import { ingressByName, seedDrift, type SeededGroup } from '../../../scripts/lib/emulator-drift';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { historyPlace, rows } from '../../support/history';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';
import { createSweepQueue, sqsEventOf, takeAll, type SweepQueue } from '../../support/sweep-queue';

const MEMBER_A = '444455556666';
const MEMBER_B = '777788889999';
const ACCOUNTS = [CENTRAL, MEMBER_A, MEMBER_B];
const REGIONS = ['us-east-1', 'eu-west-1'];
const TARGETS = ACCOUNTS.flatMap((account) => REGIONS.map((region) => ({ account, region, key: `${account} ${region}` })));
let inbox: Inbox;
let queue: SweepQueue;
let table: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `queue-alerts-${n}`, `queue-ops-${n}`);
  queue = await createSweepQueue();
  table = (await historyPlace()).table;
  await deployMemberRole(MEMBER_A, 'revoke-open-ingress');
  await deployMemberRole(MEMBER_B, 'revoke-open-ingress');
});

afterEach(() => jest.restoreAllMocks());

const ec2Of = (account: string, region: string): EC2Client => (account === CENTRAL ? new EC2Client({ region }) : inAccount(new EC2Client({ region }), account));

async function seedEverywhere(): Promise<Map<string, SeededGroup[]>> {
  const seeded = new Map<string, SeededGroup[]>();
  for (const t of TARGETS) seeded.set(t.key, await seedDrift(ec2Of(t.account, t.region), { filler: 2 }));
  return seeded;
}

async function orgDeps(env: Record<string, string> = {}): Promise<Deps> {
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, ORG_ACCOUNTS: `${MEMBER_A},${MEMBER_B}`, SWEEP_REGIONS: REGIONS.join(','), SWEEP_WRITE_CAP: '1000', EXEMPT_TAG_KEY: 'chain-guard:exempt', HISTORY_TABLE_NAME: table, SWEEP_QUEUE_URL: queue.url, ...env });
  return { config, clients: createClients(), members: await centralMemberAccess('revoke-open-ingress') };
}

const sweepEvent = (id = `queue-${n}`) => scheduledEvent(CENTRAL, 'us-east-1', { id, rule: 'chain-guard-test-revoke-open-ingress-sweep' });
const expected = (groups: SeededGroup[]): Record<string, string[]> => Object.fromEntries(groups.map((g) => [g.name, g.after]));
const rulesOf = (groups: SeededGroup[]): number => groups.reduce((sum, g) => sum + g.revoke, 0);

async function stillOpen(seeded: Map<string, SeededGroup[]>): Promise<Record<string, boolean>> {
  const open: Record<string, boolean> = {};
  for (const t of TARGETS) {
    const groups = seeded.get(t.key) ?? [];
    open[t.key] = JSON.stringify(await ingressByName(ec2Of(t.account, t.region), groups)) !== JSON.stringify(expected(groups));
  }
  return open;
}

/** Hands each message of the queue to the function, one invocation each, as the event source mapping would. */
async function work(deps: Deps, skip = 0): Promise<number> {
  const messages = (await takeAll(queue)).slice(skip);
  for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
  return messages.length;
}

describe('the sweep fanned out over its queue, 3 accounts x 2 regions', () => {
  it('dispatches one message per target and sends no notice itself', async () => {
    // Prepare
    await seedEverywhere();

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), await orgDeps());

    // Assess
    const messages = await takeAll(queue);
    expect(result).toMatchObject({ outcome: 'ignored', headline: 'Sweep dispatched: 6 account/region target(s)' });
    expect(messages.map((m) => JSON.parse(m.Body ?? '') as Record<string, string>).map((b) => `${b.account} ${b.region}`).sort()).toEqual(TARGETS.map((t) => t.key).sort());
    expect(await inbox.drain()).toEqual([]);
  });

  it('sends no target twice when the same schedule event is delivered again', async () => {
    // Prepare
    const deps = await orgDeps();
    await handleEvent(openIngress, sweepEvent('run-twice'), deps);

    // Act
    const again = await handleEvent(openIngress, sweepEvent('run-twice'), deps);

    // Assess
    expect(again).toMatchObject({ outcome: 'ignored', headline: 'Sweep run run-twice already dispatched' });
    expect(await takeAll(queue)).toHaveLength(6);
  });

  it('fixes the seeded drift in every account and region, each target in its own worker', async () => {
    // Prepare
    const deps = await orgDeps();
    const seeded = await seedEverywhere();
    await handleEvent(openIngress, sweepEvent(), deps);

    // Act
    const handled = await work(deps);

    // Assess
    expect(handled).toBe(6);
    expect(await stillOpen(seeded)).toEqual(Object.fromEntries(TARGETS.map((t) => [t.key, false])));
  });

  it('publishes exactly one summary for the run, from the last worker, with the counts of each target', async () => {
    // Prepare
    const deps = await orgDeps();
    await seedEverywhere();
    await handleEvent(openIngress, sweepEvent(), deps);

    // Act
    await work(deps);

    // Assess
    const messages = await inbox.drain();
    expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Sweep: 48 group\(s\) fixed across 6 account\/region\(s\) \(111122223333 us-east-1\)$/)]);
    for (const t of TARGETS) expect(messages[0]?.message).toMatch(new RegExp(`${t.key}: \\d+ group\\(s\\): 8 fixed, 0 failed, 0 reported, 1 exempt`));
  });

  it('publishes no second summary when a worker message is delivered again', async () => {
    // Prepare
    const deps = await orgDeps();
    await seedEverywhere();
    await handleEvent(openIngress, sweepEvent(), deps);
    const messages = await takeAll(queue);
    for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
    await inbox.drain();

    // Act
    await handleSweepEvent(openIngress, sqsEventOf(queue, messages[0] ?? {}), deps);

    // Assess
    expect(await inbox.drain()).toEqual([]);
  });

  it('revokes no more rules across all workers than the run write cap, and reports the targets left over', async () => {
    // Prepare
    const seeded = await seedEverywhere();
    const perTarget = rulesOf(seeded.get(`${CENTRAL} us-east-1`) ?? []);
    const deps = await orgDeps({ SWEEP_WRITE_CAP: String(perTarget * 2 + 1) });
    await handleEvent(openIngress, sweepEvent(), deps);

    // Act
    await work(deps);

    // Assess
    const open = await stillOpen(seeded);
    const messages = await inbox.drain();
    expect(Object.values(open).filter((o) => !o)).toHaveLength(2);
    expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REPORTED\] Sweep: write cap hit, \d+ open.* in 4 account\/region\(s\)/)]);
    expect(messages[0]?.message).toContain("the run's write cap");
  });

  it('reports a run with a target that never answered when the next sweep is dispatched, that target as failed', async () => {
    // Prepare
    const deps = await orgDeps();
    await seedEverywhere();
    await handleEvent(openIngress, sweepEvent('run-lost'), deps);
    await work(deps, 1); // the first target's message is lost (dead-lettered)
    const later = Date.now() + (STALE_RUN_MINUTES + 10) * 60_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);

    // Act
    await expect(handleEvent(openIngress, sweepEvent('run-next'), deps)).resolves.toMatchObject({ outcome: 'ignored' });

    // Assess
    const messages = await inbox.drain();
    expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[FAILED\] Sweep: world-open ingress NOT fixed or NOT checked in 1 place\(s\)/)]);
    expect(messages[0]?.message).toMatch(/: FAILED, no answer: this target's sweep never reported/);
  });

  it('publishes the summary at the next dispatch when the worker that claimed it failed before publishing it', async () => {
    // Prepare
    const deps = await orgDeps({ SWEEP_NOTIFY_COMPLIANT: 'true' });
    await handleEvent(openIngress, sweepEvent('run-claimed'), deps);
    const messages = await takeAll(queue);
    const last = messages.pop() ?? {};
    for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
    // The worker that completes the run claims its summary, then cannot read the results (DynamoDB throttled it).
    jest.spyOn(RunStore.prototype, 'results').mockRejectedValueOnce(new Error('ProvisionedThroughputExceededException'));
    await expect(handleSweepEvent(openIngress, sqsEventOf(queue, last), deps)).rejects.toThrow('ProvisionedThroughputExceededException');
    await handleSweepEvent(openIngress, sqsEventOf(queue, last), deps); // SQS delivers it again: the claim is not its own
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + (STALE_RUN_MINUTES + 10) * 60_000);

    // Act
    await handleEvent(openIngress, sweepEvent('run-after-claimed'), deps);

    // Assess
    const notices = await inbox.drain();
    expect(notices.map((m) => m.subject)).toEqual(['[ALREADY-COMPLIANT] Sweep: nothing open across 6 account/region(s) (111122223333 us-east-1)']);
  });

  it('tells the answer of a target whose run was reported stale while that target was being swept', async () => {
    // Prepare
    const deps = await orgDeps({ SWEEP_NOTIFY_COMPLIANT: 'true' });
    await handleEvent(openIngress, sweepEvent('run-overtaken'), deps);
    const messages = await takeAll(queue);
    const last = messages.pop() ?? {};
    for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + (STALE_RUN_MINUTES + 10) * 60_000);
    // While the last target is swept, the next dispatch reports the run, that target as "no answer".
    const record = RunStore.prototype.recordTarget;
    jest.spyOn(RunStore.prototype, 'recordTarget').mockImplementationOnce(async function (this: RunStore, ...args) {
      await handleEvent(openIngress, sweepEvent('run-overtaking'), deps);
      return record.apply(this, args);
    });

    // Act
    await handleSweepEvent(openIngress, sqsEventOf(queue, last), deps);

    // Assess
    const subjects = (await inbox.drain()).map((m) => m.subject);
    expect(subjects).toEqual([expect.stringMatching(/^\[FAILED\] Sweep: world-open ingress NOT fixed or NOT checked in 1 place/), expect.stringMatching(/^\[ALREADY-COMPLIANT\] Sweep: nothing open across 1 account\/region/)]);
  });

  it('stores a failure, not the result, when a target\'s result is too large for the table in bytes (not in characters)', async () => {
    // Prepare: a result of 250,000 two-byte characters (500 KB, under the 350,000 limit in characters) (names in a member account are the member's to choose)
    const deps = await orgDeps();
    await handleEvent(openIngress, sweepEvent('run-wide'), deps);
    const [message] = await takeAll(queue);
    const wide = { ...openIngress, sweeper: { ...securityGroupSweeper, sweep: async (_r: unknown, target: SweepTarget) => ({ target, error: 'é'.repeat(250_000) }) } };

    // Act
    const handled = handleSweepEvent(wide, sqsEventOf(queue, message ?? {}), deps);

    // Assess
    await expect(handled).resolves.toBeUndefined();
    const store = new RunStore({ clients: deps.clients, table, region: 'us-east-1' }, openIngress.id);
    const run = await store.get('run-wide');
    expect([...(await store.results(run ?? ({} as never))).values()]).toEqual([expect.objectContaining({ error: expect.stringMatching(/^its result \(\d+ bytes\) is too large for the run's table/) })]);
  });

  it('records an all-clear run\'s summary in the history over the dispatch\'s row of the same schedule event', async () => {
    // Prepare
    const deps = await orgDeps();
    await handleEvent(openIngress, sweepEvent('run-quiet'), deps);

    // Act
    await work(deps);

    // Assess
    const row = (await rows({ clients: deps.clients, table, region: 'us-east-1' })).find((r) => r.key === 'notice#revoke-open-ingress#Scheduled Event#run-quiet');
    expect(row).toMatchObject({ outcome: 'already-compliant', notice: 'none', resource: 'all security groups in 6 account/region(s)' });
  });

  it('reports a lost target of a run whose first dispatch failed before listing the run as open', async () => {
    // Prepare: the first delivery records the run, then DynamoDB throttles the open-runs update; EventBridge retries.
    const deps = await orgDeps();
    const send = DynamoDBClient.prototype.send.bind(new DynamoDBClient({ region: 'us-east-1' })) as (command: unknown) => Promise<unknown>;
    const openListUpdate = (command: unknown): boolean => command instanceof UpdateItemCommand && command.input.UpdateExpression?.startsWith('ADD runs') === true;
    jest.spyOn(DynamoDBClient.prototype, 'send').mockImplementation(((command: unknown) =>
      openListUpdate(command) ? Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) : send(command)) as never);
    await expect(handleEvent(openIngress, sweepEvent('run-unlisted'), deps)).rejects.toThrow();
    jest.restoreAllMocks();
    await handleEvent(openIngress, sweepEvent('run-unlisted'), deps);
    await work(deps, 1); // the first target's message is lost
    await inbox.drain();
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + (STALE_RUN_MINUTES + 10) * 60_000);

    // Act
    await handleEvent(openIngress, sweepEvent('run-after-unlisted'), deps);

    // Assess
    expect((await inbox.drain()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[FAILED\] Sweep: world-open ingress NOT fixed or NOT checked in 1 place/)]);
  });

  it('publishes no second summary at the next dispatch when a redelivered worker resent the one whose publish failed', async () => {
    // Prepare: the completing worker's Publish fails (SNS refuses); SQS delivers its message again, which resends it.
    const deps = await orgDeps({ SWEEP_NOTIFY_COMPLIANT: 'true' });
    await handleEvent(openIngress, sweepEvent('run-resent'), deps);
    const messages = await takeAll(queue);
    const last = messages.pop() ?? {};
    for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
    jest.spyOn(SNSClient.prototype, 'send').mockImplementation((() => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'Throttled' }))) as never);
    await expect(handleSweepEvent(openIngress, sqsEventOf(queue, last), deps)).rejects.toThrow();
    jest.restoreAllMocks();
    await handleSweepEvent(openIngress, sqsEventOf(queue, last), deps);
    expect(await inbox.drain()).toHaveLength(1);
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + (STALE_RUN_MINUTES + 10) * 60_000);

    // Act
    await handleEvent(openIngress, sweepEvent('run-after-resent'), deps);

    // Assess
    expect(await inbox.drain()).toEqual([]);
  });

  it('leaves a summary claimed minutes ago to its claimer, and takes it over at a later dispatch if it was never published', async () => {
    // Prepare: the last worker, 55 minutes into the run, claims the summary and fails before publishing it.
    const deps = await orgDeps({ SWEEP_NOTIFY_COMPLIANT: 'true' });
    const start = Date.now();
    const at = (minutes: number) => jest.spyOn(Date, 'now').mockReturnValue(start + minutes * 60_000);
    await handleEvent(openIngress, sweepEvent('run-leased'), deps);
    const messages = await takeAll(queue);
    const last = messages.pop() ?? {};
    for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
    at(55);
    jest.spyOn(RunStore.prototype, 'results').mockRejectedValueOnce(new Error('ProvisionedThroughputExceededException'));
    await expect(handleSweepEvent(openIngress, sqsEventOf(queue, last), deps)).rejects.toThrow();
    at(60);
    await handleEvent(openIngress, sweepEvent('run-leased-next'), deps);
    expect(await inbox.drain()).toEqual([]);
    at(120);

    // Act
    await handleEvent(openIngress, sweepEvent('run-leased-after'), deps);

    // Assess: the leased run's summary, and the run dispatched at minute 60 (whose messages no test worker took)
    expect((await inbox.drain()).map((m) => m.subject).sort()).toEqual([
      '[ALREADY-COMPLIANT] Sweep: nothing open across 6 account/region(s) (111122223333 us-east-1)',
      '[FAILED] Sweep: world-open ingress NOT fixed or NOT checked in 6 place(s) (111122223333 us-east-1)',
    ]);
  });

  it('publishes a late answer whose first publish failed when SQS delivers its message again', async () => {
    // Prepare: a run reported stale with one target "no answer"; that target's late answer cannot be published at first.
    const deps = await orgDeps({ SWEEP_NOTIFY_COMPLIANT: 'true' });
    await handleEvent(openIngress, sweepEvent('run-late'), deps);
    const messages = await takeAll(queue);
    const late = messages.shift() ?? {};
    for (const message of messages) await handleSweepEvent(openIngress, sqsEventOf(queue, message), deps);
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + (STALE_RUN_MINUTES + 10) * 60_000);
    await handleEvent(openIngress, sweepEvent('run-late-next'), deps);
    await inbox.drain();
    const publishes = jest.spyOn(SNSClient.prototype, 'send').mockImplementation((() => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'Throttled' }))) as never);
    await expect(handleSweepEvent(openIngress, sqsEventOf(queue, late), deps)).rejects.toThrow();
    publishes.mockRestore();

    // Act
    await handleSweepEvent(openIngress, sqsEventOf(queue, late), deps);

    // Assess
    expect((await inbox.drain()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[ALREADY-COMPLIANT\] Sweep: nothing open across 1 account\/region/)]);
  });

  it('refuses a message for a target that is not configured, and changes nothing', async () => {
    // Prepare
    const deps = await orgDeps();
    const seeded = await seedEverywhere();
    await handleEvent(openIngress, sweepEvent(), deps);
    const [message] = await takeAll(queue);
    const forged = { ...message, Body: JSON.stringify({ ...(JSON.parse(message?.Body ?? '{}') as object), account: '999988887777' }) };

    // Act
    const run = handleSweepEvent(openIngress, sqsEventOf(queue, forged), deps);

    // Assess
    await expect(run).rejects.toThrow(/999988887777\/.* is not a configured sweep target/);
    expect(Object.values(await stillOpen(seeded)).every((o) => o)).toBe(true);
  });
});
