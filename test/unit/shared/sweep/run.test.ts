/** The rules of a fanned-out sweep run (shared/sweep/run.ts): messages, completion, missing targets, stale runs, the budget. Pure. */
import { isComplete, isStale, missingTargets, openEntry, parseSweepMessage, reserveAll, runIdOf, staleEntries, type RunState } from '../../../../shared/sweep/run';

const A = { account: '111122223333', region: 'us-east-1' };
const B = { account: '444455556666', region: 'eu-west-1' };
const C = { account: '777788889999', region: 'us-east-1' };
const run = (done: string[], extra: Partial<RunState> = {}): RunState => ({ runId: 'r1', fn: 'revoke-open-ingress', startedAt: '2026-12-06T05:00:00.000Z', targets: [A, B, C], done, notes: [], writesLeft: 10, ...extra });

describe('a sweep message', () => {
  it('is read when it names a run, a function, an account and a region', () => {
    // Act
    const parsed = parseSweepMessage(JSON.stringify({ runId: 'r1', fn: 'reenable-trail', ...B }));

    // Assess
    expect(parsed).toEqual({ message: { runId: 'r1', fn: 'reenable-trail', ...B } });
  });

  it('is refused, saying why, when it carries anything else', () => {
    // Act
    const parsed = parseSweepMessage(JSON.stringify({ runId: 'r1', fn: 'reenable-trail', ...B, roleArn: 'arn:aws:iam::444455556666:role/x' }));

    // Assess
    expect(parsed).toEqual({ problem: expect.stringContaining('the message is not a sweep target') });
  });

  it('is refused when its account is not an account id', () => {
    // Act
    const parsed = parseSweepMessage(JSON.stringify({ runId: 'r1', fn: 'reenable-trail', account: '*', region: 'us-east-1' }));

    // Assess
    expect(parsed).toEqual({ problem: expect.stringMatching(/^the message is not a sweep target: account/) });
  });

  it('is refused when its body is not JSON', () => {
    // Act
    const parsed = parseSweepMessage('run r1');

    // Assess
    expect(parsed).toEqual({ problem: 'the message body is not JSON' });
  });
});

describe('a run', () => {
  it('takes its id from the schedule event, so a retried delivery is the same run', () => {
    // Act
    const ids = [runIdOf('6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b'), runIdOf('id with spaces')];

    // Assess
    expect(ids).toEqual(['6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b', undefined]);
  });

  it('is complete when every target has stored its result', () => {
    // Act
    const states = [isComplete(run(['111122223333/us-east-1', '444455556666/eu-west-1'])), isComplete(run(['111122223333/us-east-1', '444455556666/eu-west-1', '777788889999/us-east-1']))];

    // Assess
    expect(states).toEqual([false, true]);
  });

  it('names the targets that have not answered', () => {
    // Act
    const missing = missingTargets(run(['444455556666/eu-west-1']));

    // Assess
    expect(missing).toEqual([A, C]);
  });

  it('is stale once its summary is still unpublished after the limit, and never once published', () => {
    // Prepare
    const now = new Date('2026-12-06T05:51:00.000Z');

    // Act
    const states = [isStale(run([]), now, 50), isStale(run([]), now, 60), isStale(run([], { summarizedAt: '2026-12-06T05:10:00.000Z' }), now, 50)];

    // Assess
    expect(states).toEqual([true, false, false]);
  });

  it('is found stale from its entry in the open list alone, oldest first', () => {
    // Prepare
    const entries = [openEntry({ startedAt: '2026-12-06T05:00:00.000Z', runId: 'new' }), openEntry({ startedAt: '2026-12-06T03:00:00.000Z', runId: 'old' }), openEntry({ startedAt: '2026-12-06T04:00:00.000Z', runId: 'mid' })];

    // Act
    const stale = staleEntries(entries, new Date('2026-12-06T05:30:00.000Z'), 50);

    // Assess
    expect(stale.map((s) => s.runId)).toEqual(['old', 'mid']);
  });
});

describe("a run's write budget", () => {
  it('grants all the writes asked for when that many are left', () => {
    // Act
    const taken = reserveAll(10, 10);

    // Assess
    expect(taken).toEqual({ granted: true, left: 0 });
  });

  it('grants none, and keeps what is left, when fewer are left than asked for', () => {
    // Act
    const taken = reserveAll(4, 5);

    // Assess
    expect(taken).toEqual({ granted: false, left: 4 });
  });
});
