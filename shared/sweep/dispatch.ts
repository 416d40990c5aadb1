/**
 * The scheduled sweep of a function over every configured account x region (shared/sweep/targets.ts). One target:
 * the function's own run, as ever. More, with the function's sweep queue (SWEEP_QUEUE_URL) and the history table:
 * this invocation is the DISPATCHER: it reports any run of the function that never completed (shared/sweep/finish.ts),
 * records the new run (its targets and its write budget, SWEEP_WRITE_CAP) and sends one message per target; each
 * target is then swept in its own invocation (shared/sweep/worker.ts) and the last one publishes the run's summary.
 * Without a queue (scripts, local runs) the targets are swept here, a few at a time, within one budget in memory.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleTrigger } from '../events/trigger';
import { errorMessage } from '../errors';
import { logger } from '../logger';
import type { RemediationResult } from '../remediations/result';
import type { Deps, Remediation } from '../remediations/types';
import { memoryBudget, TARGET_CONCURRENCY } from './fan-out';
import { reportStaleRuns, runBase } from './finish';
import { mapBounded } from './pool';
import { sendTargets } from './queue';
import { runIdOf } from './run';
import { RunStore } from './run-store';
import { sweeperTargets, type TargetSweeper } from './sweeper';
import { resolveTargets, type SweepTargets } from './targets';
import { runNotes, withUnresolved } from './unresolved';

/** Runs the scheduled sweep of `remediation`: its own run for one target, else the fan-out. */
export async function runSweep(remediation: Remediation, trigger: ScheduleTrigger, deps: Deps): Promise<RemediationResult> {
  const sweeper = remediation.sweeper;
  const { targets, notes } = await targetsOfSweep(remediation, deps);
  if (!sweeper || (targets.length <= 1 && notes.length === 0)) return remediation.run(trigger, deps);
  const base = runBase(remediation, sweeper, trigger, targets.length);
  const now = new Date(Date.now()); // Date.now: the clock tests move
  const { queueUrl } = deps.config.sweep;
  const table = deps.config.historyTableName;
  if (queueUrl && table && targets.length > 1) return dispatch(remediation, sweeper, trigger, deps, { queueUrl, table, now, targets, notes });
  const budget = memoryBudget(deps.config.sweep.writeCap);
  return withUnresolved(sweeper.summary(base, await mapBounded(targets, TARGET_CONCURRENCY, (target) => sweeper.sweep(remediation, target, deps, { now, budget })), notes), notes);
}

async function dispatch(remediation: Remediation, sweeper: TargetSweeper, trigger: ScheduleTrigger, deps: Deps, where: { queueUrl: string; table: string; now: Date } & SweepTargets): Promise<RemediationResult> {
  const { config } = deps;
  const { targets, notes } = where;
  const base = runBase(remediation, sweeper, trigger, targets.length);
  const store = new RunStore({ clients: deps.clients, table: where.table, region: config.region }, remediation.id);
  // A lost run is reported before the next one starts; its failure is this dispatch's failure (retried, then paged).
  let staleError: string | undefined;
  try {
    await reportStaleRuns(remediation, sweeper, store, deps, where.now);
  } catch (error) {
    staleError = `the runs that never completed could not be checked or reported: ${errorMessage(error)}`;
    logger.error('Stale sweep runs not reported', { error: error as Error });
  }
  const runId = runIdOf(trigger.eventId) ?? randomUUID();
  const run = await store.create({ runId, startedAt: where.now.toISOString(), targets, notes, writesLeft: config.sweep.writeCap });
  if (run.dispatchedAt || run.summarizedAt) {
    // The same run again (a retried delivery, or the gate's report-mode preview before the run): nothing is sent twice.
    return { ...base, headline: `Sweep run ${runId} already dispatched`, outcome: 'ignored', verified: false, actions: [], kept: [], reason: `Its ${run.targets.length} target(s) were sent at ${run.dispatchedAt ?? run.startedAt}${run.summarizedAt ? `; its summary was published at ${run.summarizedAt}` : ''}.` };
  }
  // A dispatch that failed half-way is retried whole: a target sent twice is swept twice (repairs are idempotent).
  await sendTargets(deps.clients.sqs(config.region), where.queueUrl, run.targets.map((t) => ({ runId, fn: remediation.id, account: t.account, region: t.region })));
  await store.markDispatched(runId, where.now);
  logger.info('Sweep dispatched', { runId, targets: targets.length });
  const reason = `${targets.length} account/region target(s) sent to the sweep queue, run ${runId}: each is swept in its own invocation, and the last to finish publishes the run's one summary (a run unfinished after the stale-run limit is reported with its missing targets as failed).`;
  if (staleError) return { ...base, headline: `Sweep dispatched, but runs that never completed are NOT reported`, outcome: 'failed', verified: false, actions: [], kept: [], reason, error: staleError };
  return { ...base, headline: `Sweep dispatched: ${targets.length} account/region target(s)`, outcome: 'ignored', verified: false, actions: [], kept: [], reason };
}

/**
 * The targets of the function's runs (its sweeper's geography over the configured accounts x regions). With ORG_OUS /
 * ORG_EXCLUDED_OUS, Organizations is asked (resolveTargets); what it could not resolve is in the notes, marked
 * (shared/sweep/unresolved.ts), and makes the run's summary at least `reported`.
 */
export async function targetsOfSweep(remediation: Remediation, deps: Pick<Deps, 'config' | 'orgUnits'>): Promise<SweepTargets> {
  const all = await resolveTargets(deps.config, deps);
  const notes = runNotes(all.notes, all.unresolved);
  return { targets: remediation.sweeper ? sweeperTargets(remediation.sweeper, all.targets, deps.config) : all.targets, notes };
}
