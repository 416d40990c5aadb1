/**
 * A sweep run fanned out over a queue (shared/sweep/dispatch.ts, worker.ts): what one run's row holds, what one
 * target's message says, and the rules on them: when a run is complete, which targets never answered, when an
 * unfinished run counts as lost. Pure.
 */
import { z } from 'zod';
import type { SweepTarget } from './security-groups';

/** An unfinished run older than this is reported with its missing targets as failed ("no answer"). Under the hourly
 * schedule, so the next dispatch finds it; over the retries of a target's message (5 receives x 6 minutes of visibility). */
export const STALE_RUN_MINUTES = 50;

/** One target's message on the sweep queue: which run, which function, where. */
export interface SweepMessage {
  runId: string;
  fn: string;
  account: string;
  region: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const RUN_ID = /^[A-Za-z0-9._-]{1,100}$/;

const MessageSchema = z.strictObject({
  runId: z.string().regex(RUN_ID),
  fn: z.string().regex(/^[a-z-]{1,64}$/),
  account: z.string().regex(/^\d{12}$/),
  region: z.string().regex(REGION),
});

/** Parses a message body; undefined and why when it is not one of ours. */
export function parseSweepMessage(body: string): { message: SweepMessage } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: 'the message body is not JSON' };
  }
  const parsed = MessageSchema.safeParse(json);
  if (!parsed.success) return { problem: `the message is not a sweep target: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}` };
  return { message: parsed.data };
}

/** A run id from the schedule event's id: a retried delivery of the same event dispatches the same run again. */
export function runIdOf(eventId: string): string | undefined {
  return RUN_ID.test(eventId) ? eventId : undefined;
}

/** The state of one run, as its row holds it. */
export interface RunState {
  runId: string;
  fn: string;
  startedAt: string;
  targets: SweepTarget[];
  /** The targets that have stored their result (`account/region`). */
  done: string[];
  /** What the choice of targets left out (shared/sweep/targets.ts), for the summary. */
  notes: string[];
  writesLeft: number;
  /** Set when every target's message was sent: a later call for the same run (a retried delivery, the gate's preview) sends none again. */
  dispatchedAt?: string;
  /** Set by whoever claims the run's summary (the last worker, or the stale-run check). */
  summarizedAt?: string;
  /** Set once the claimed summary is published (or recorded, for an all-clear): a claim without it can be taken over. */
  deliveredAt?: string;
}

/** A summary claimed this long ago and not delivered was claimed by an invocation that is over (Lambda's longest
 * timeout): the stale-run check takes it over and publishes it. */
export const SUMMARY_LEASE_MINUTES = 15;

/** A target's id inside a run: `account/region`. */
export const targetId = (target: SweepTarget): string => `${target.account}/${target.region}`;

/** True when every target of the run has stored its result. */
export function isComplete(run: RunState): boolean {
  const done = new Set(run.done);
  return run.targets.every((t) => done.has(targetId(t)));
}

/** The targets that have not answered (yet). */
export function missingTargets(run: RunState): SweepTarget[] {
  const done = new Set(run.done);
  return run.targets.filter((t) => !done.has(targetId(t)));
}

/** True when the run's summary is still unpublished and it started more than `minutes` ago. */
export function isStale(run: Pick<RunState, 'startedAt' | 'summarizedAt'>, now: Date, minutes = STALE_RUN_MINUTES): boolean {
  if (run.summarizedAt !== undefined) return false;
  const started = Date.parse(run.startedAt);
  return Number.isNaN(started) || now.getTime() - started > minutes * 60_000;
}

/** The entry of a run in the function's list of open runs: `<startedAt>|<runId>`, so its age is read without the run. */
export const openEntry = (run: Pick<RunState, 'startedAt' | 'runId'>): string => `${run.startedAt}|${run.runId}`;

/** The open runs of the list that are stale, oldest first. */
export function staleEntries(entries: readonly string[], now: Date, minutes = STALE_RUN_MINUTES): { entry: string; runId: string }[] {
  return [...entries]
    .sort()
    .map((entry) => ({ entry, startedAt: entry.slice(0, entry.indexOf('|')), runId: entry.slice(entry.indexOf('|') + 1) }))
    .filter((e) => e.runId !== '' && isStale({ startedAt: e.startedAt }, now, minutes))
    .map(({ entry, runId }) => ({ entry, runId }));
}

/** The reserve-all-or-nothing rule of a run's write budget: all `writes` from `left`, or none. */
export function reserveAll(left: number, writes: number): { granted: boolean; left: number } {
  return writes <= left ? { granted: true, left: left - writes } : { granted: false, left };
}
