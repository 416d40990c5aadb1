/**
 * The end of a fanned-out run: its one summary, published once by whoever claims it (the worker that completes the
 * run, or the stale-run check for a run that never completed, its missing targets reported as failed), through the
 * pipeline's notice path (recorded before it is published, so a retry resends it: at least once).
 */
import { withUnresolved } from './unresolved';
import type { Config } from '../config';
import type { ScheduleTrigger } from '../events/trigger';
import { logger } from '../logger';
import { recordOutcome } from '../metrics';
import { eventKey } from '../notify/ledger';
import { notifyOnce, priorNotice, recordQuietly } from '../notify/notices';
import { isNotified, type RemediationResult } from '../remediations/result';
import { summarise } from '../remediations/summary';
import type { Deps, Remediation } from '../remediations/types';
import { STALE_RUN_MINUTES, staleEntries, targetId, type RunState } from './run';
import type { RunStore } from './run-store';
import type { RunBase, TargetOutcome, TargetSweeper } from './sweeper';

/** The scheduled trigger a run stands for: the dispatching event's id is the run id (so one history row per run). */
export function runTrigger(runId: string, startedAt: string, config: Config): ScheduleTrigger {
  return { kind: 'schedule', eventId: runId, account: config.stack.account, accounts: [config.stack.account], region: config.region, time: startedAt, eventName: 'Scheduled Event', actor: { type: 'Schedule' } };
}

/** Who and what a run's summary is about. */
export function runBase(remediation: Remediation, sweeper: TargetSweeper, trigger: ScheduleTrigger, targets: number): RunBase {
  return {
    remediation: remediation.id,
    resource: { type: sweeper.resourceType, id: `all ${sweeper.scope} in ${targets} account/region(s)`, account: trigger.account, region: trigger.region },
    trigger: summarise(trigger),
  };
}

/** Records the run's result and tells people as an event's result is told (shared/pipeline.ts). */
export async function deliverRunResult(key: string, result: RemediationResult, trigger: ScheduleTrigger, deps: Deps): Promise<void> {
  recordOutcome(result, trigger);
  logger.info('Sweep run finished', { outcome: result.outcome, resource: result.resource.id, headline: result.headline });
  if (isNotified(result, trigger, deps.config)) await notifyOnce(key, result, deps);
  else await recordQuietly(key, result, deps, true); // over the dispatch's row: the history holds the run's result
}

/**
 * Publishes the run's summary if this caller claims it (or takes over a claim whose holder died before delivering it);
 * targets without a result count as failed, saying `why`. A caller that cannot claim it resends the summary if it is
 * recorded but unpublished (a failed Publish).
 */
export async function finishRun(remediation: Remediation, sweeper: TargetSweeper, store: RunStore, run: RunState, deps: Deps, why: string, now = new Date()): Promise<boolean> {
  const trigger = runTrigger(run.runId, run.startedAt, deps.config);
  const key = eventKey(remediation.id, trigger);
  if (!(await store.claimSummary(run.runId, now))) {
    const prior = await priorNotice(key, deps);
    if (prior?.resendError !== undefined) throw prior.resendError;
    if (prior) {
      // Recorded and now published (by its claimer, or resent here): delivered, the claim is not to be taken over.
      await store.markDelivered(run.runId, now);
      await store.close(run);
    }
    return false;
  }
  const results = await store.results(run);
  const outcomes = run.targets.map((t) => (results.get(targetId(t)) as TargetOutcome | undefined) ?? sweeper.lost(t, why));
  const result = withUnresolved(sweeper.summary(runBase(remediation, sweeper, trigger, run.targets.length), outcomes, run.notes), run.notes);
  await deliverRunResult(key, result, trigger, deps);
  await store.markDelivered(run.runId, now);
  await store.close(run);
  return true;
}

/**
 * Publishes the summary of every open run of the function older than STALE_RUN_MINUTES: a target whose message never
 * produced a result (dead-lettered, or its worker crashed every time) is reported failed ("no answer"), never silent.
 * Returns the run ids reported.
 */
export async function reportStaleRuns(remediation: Remediation, sweeper: TargetSweeper, store: RunStore, deps: Deps, now: Date): Promise<string[]> {
  const reported: string[] = [];
  for (const { runId, entry } of staleEntries(await store.openRuns(), now)) {
    const run = await store.get(runId);
    if (!run) {
      await store.close({ startedAt: entry.slice(0, entry.indexOf('|')), runId });
      continue;
    }
    const why = `no answer: this target's sweep never reported within ${STALE_RUN_MINUTES} minutes of the run's start (${run.startedAt}); its message may be in the sweep dead-letter queue. Nothing is known of this account and region for this run.`;
    logger.error('Sweep run never completed: reporting its missing targets as failed', { runId, missing: run.targets.length - run.done.length });
    if (await finishRun(remediation, sweeper, store, run, deps, why, now)) reported.push(runId);
    // Claimed by another caller and not delivered yet: kept open, so a claimer that dies is taken over by a later check.
    else if (run.deliveredAt !== undefined) await store.close(run);
  }
  return reported;
}
