/**
 * The WORKER of a fanned-out sweep (shared/sweep/dispatch.ts): the same function, invoked by its sweep queue (SQS
 * event source, one message at a time), sweeps its one target with that account's deps, reserving its writes from
 * the run's budget in the history table; stores its result under the run; counts itself done; and the worker that
 * completes the run publishes its one summary (shared/sweep/finish.ts). A message that is not a target of a run of
 * this function, from this function's queue, about a configured account x region, is refused: nothing is read or
 * written, and the error (retried, then the queue's dead-letter queue) says why.
 */
import { InvalidEventError } from '../errors';
import { heldBackOf } from '../history/gate';
import { logger } from '../logger';
import { gateOf } from '../pipeline';
import { queueArnOf } from '../config-sweep';
import type { Deps, Remediation } from '../remediations/types';
import { deliverRunResult, finishRun, runBase, runTrigger } from './finish';
import { eventKey } from '../notify/ledger';
import { priorNotice } from '../notify/notices';
import { isComplete, parseSweepMessage, targetId } from './run';
import { MAX_RESULT_BYTES, RunStore } from './run-store';
import type { SweepTarget } from './security-groups';
import type { TargetOutcome } from './sweeper';
import { targetsOfSweep } from './dispatch';

/** One record of an SQS event, as Lambda's event source mapping delivers it (the fields used here). */
export interface SqsRecord {
  messageId: string;
  body: string;
  eventSource: string;
  eventSourceARN: string;
}

/** An SQS event (the sweep queue's event source mapping). */
export interface SqsEvent {
  Records: SqsRecord[];
}

/** True for an event delivered by an SQS event source mapping (every record from `aws:sqs`). */
export function isSqsEvent(event: unknown): event is SqsEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => (r as { eventSource?: unknown } | null)?.eventSource === 'aws:sqs');
}

/** Handles every record (the mapping's batch size is 1); throws on the first that fails, so SQS delivers it again. */
export async function handleSweepEvent(remediation: Remediation, event: SqsEvent, deps: Deps): Promise<void> {
  for (const record of event.Records) await handleSweepRecord(remediation, record, deps);
}

/** Sweeps the record's target for its run; the last target of the run publishes the run's summary. */
export async function handleSweepRecord(remediation: Remediation, record: SqsRecord, deps: Deps): Promise<void> {
  const { config } = deps;
  const sweeper = remediation.sweeper;
  const { queueUrl } = config.sweep;
  const table = config.historyTableName;
  if (!sweeper || !queueUrl || !table) throw new InvalidEventError(`${remediation.id} has no sweep queue (SWEEP_QUEUE_URL) or history table: the SQS message ${record.messageId} is not handled`);
  const queueArn = queueArnOf(queueUrl, config.stack.partition, config.region);
  if (record.eventSourceARN !== queueArn) throw new InvalidEventError(`SQS message ${record.messageId} comes from ${record.eventSourceARN}, not from ${remediation.id}'s sweep queue ${queueArn}: not handled`);
  const parsed = parseSweepMessage(record.body);
  if ('problem' in parsed) throw new InvalidEventError(`SQS message ${record.messageId}: ${parsed.problem}`);
  const { message } = parsed;
  const target: SweepTarget = { account: message.account, region: message.region };
  const same = (t: SweepTarget): boolean => t.account === target.account && t.region === target.region;
  if (message.fn !== remediation.id) throw new InvalidEventError(`SQS message ${record.messageId} is for ${message.fn}, not ${remediation.id}: not handled`);
  if (!(await targetsOfSweep(remediation, deps)).targets.some(same)) throw new InvalidEventError(`SQS message ${record.messageId} names ${targetId(target)}, which is not a configured sweep target (ORG_ACCOUNTS, SWEEP_REGIONS): not handled`);
  const store = new RunStore({ clients: deps.clients, table, region: config.region }, remediation.id);
  const run = await store.get(message.runId);
  if (!run?.targets.some(same)) throw new InvalidEventError(`SQS message ${record.messageId}: run ${message.runId} of ${remediation.id} ${run ? `has no target ${targetId(target)}` : 'does not exist'}: not handled`);
  logger.appendKeys({ runId: run.runId, target: targetId(target) });

  // The run's mode, as the dispatching event had it: the function's switch (and, in accountDeps, the account's mode).
  const now = new Date(Date.now()); // Date.now: the clock tests move
  const gate = gateOf(config, remediation.id, config.stack.account);
  let outcome: TargetOutcome;
  if (gate.state === 'disabled') outcome = sweeper.lost(target, `${remediation.id} is switched off (${gate.source}): nothing was checked or changed`);
  else {
    const gated: Deps = gate.state === config.mode ? deps : { ...deps, config: { ...config, mode: gate.state } };
    const heldBack = remediation.gatesPerResource ? await heldBackOf(remediation, gated) : undefined;
    outcome = await sweeper.sweep(remediation, target, { ...gated, ...(heldBack ? { heldBack } : {}) }, { now, budget: store.budget(run.runId) });
  }
  const size = Buffer.byteLength(JSON.stringify(outcome), 'utf8'); // DynamoDB counts bytes: names in a member account may be multi-byte
  if (size > MAX_RESULT_BYTES) {
    logger.error('Sweep result too large to store: logged whole here', { bytes: size, outcome });
    outcome = sweeper.lost(target, `its result (${size} bytes) is too large for the run's table: read it in ${remediation.id}'s logs (runId ${run.runId}, target ${targetId(target)})`);
  }
  const state = await store.recordTarget(run.runId, target, outcome, now);
  // The summary claimed before this target counted itself done (before or during its sweep) reported it "no answer":
  // this late answer is told on its own (state, not run: a claim made while this target was swept counts too).
  const lateKey = eventKey(remediation.id, { eventName: 'Scheduled Event', eventId: `${run.runId}-${target.account}-${target.region}` });
  if (state.summarizedAt !== undefined && !run.done.includes(targetId(target))) {
    const trigger = runTrigger(run.runId, run.startedAt, config);
    const late = sweeper.summary(runBase(remediation, sweeper, trigger, 1), [outcome], [`Late answer of run ${run.runId}, whose summary (${state.summarizedAt}) reported this target as not answering.`]);
    await deliverRunResult(lateKey, late, trigger, deps);
    return;
  }
  if (state.summarizedAt !== undefined) {
    // A redelivery after the run's summary: a late answer of this target recorded but never published is resent now.
    const prior = await priorNotice(lateKey, deps);
    if (prior?.resendError !== undefined) throw prior.resendError;
  }
  if (isComplete(state)) await finishRun(remediation, sweeper, store, state, deps, 'no answer', now);
}
