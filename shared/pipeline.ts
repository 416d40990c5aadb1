/**
 * The one path every handler takes: parse -> loop guard / account / skip checks -> remediation (plan, apply, verify)
 * -> notification, recorded before it is published -> throw if failed (so Lambda retries, then the dead-letter queue).
 */
import { createClients } from './aws/clients';
import { getConfig } from './config';
import { RemediationFailedError, errorMessage } from './errors';
import { foreignAccount, ignoreReason, parseEvent, type Trigger } from './events/trigger';
import { logger } from './logger';
import { recordOutcome } from './metrics';
import { halfArmedWarning, notifyOnce, priorNotice } from './notify/notices';
import { eventKey } from './notify/ledger';
import { NOTIFIED_OUTCOMES, type RemediationResult } from './remediations/result';
import { unrun } from './remediations/summary';
import type { Deps, Remediation } from './remediations/types';

let runtime: Deps | undefined;

/** The deployed functions' dependencies, built on first use from the environment (never at import time). */
export function defaultDeps(): Deps {
  runtime ??= { config: getConfig(), clients: createClients() };
  return runtime;
}

/** Forgets the cached dependencies (the local CLI changes the environment between runs). */
export function resetDefaultDeps(): void {
  runtime = undefined;
}

/** Handles one raw EventBridge event with one remediation. Throws InvalidEventError for bad input (nothing changed). */
export async function handleEvent(remediation: Remediation, raw: unknown, deps: Deps): Promise<RemediationResult> {
  const trigger = parseEvent(raw);
  logger.appendKeys({ eventId: trigger.eventId, eventName: trigger.eventName, remediation: remediation.id });
  const key = eventKey(remediation.id, trigger);
  // A retry or a duplicate delivery of an event already handled: its notice is (re)sent from the record, nothing redone.
  const prior = await priorNotice(key, deps);
  if (prior && prior.record.result.outcome !== 'failed') {
    if (prior.resendError !== undefined) throw prior.resendError; // still no topic takes it: retried, then dead-lettered
    logger.info('Event already handled', { outcome: prior.record.result.outcome, notice: 'sent' });
    return { ...unrun(remediation, trigger, `Duplicate delivery of ${trigger.eventName}`, `Event ${trigger.eventId} was already handled (${prior.record.result.outcome}: ${prior.record.result.headline}); its notice was sent.`), outcome: 'ignored', verified: false };
  }
  const result = await runRemediation(remediation, trigger, deps);
  recordOutcome(result);
  logger.info('Remediation finished', { outcome: result.outcome, resource: result.resource.id, reason: result.reason, actions: result.actions.length });
  if (NOTIFIED_OUTCOMES.has(result.outcome) && nonBaselineOnly(result) && !deps.config.notifyNonBaseline) {
    // Noise: someone else's alarm or log group. Logged for the record; NOTIFY_NON_BASELINE=true pages about it too.
    logger.info('Non-baseline change: logged, not notified', { outcome: result.outcome, resource: result.resource.id, headline: result.headline, kept: result.kept });
  } else if (NOTIFIED_OUTCOMES.has(result.outcome)) {
    // A failure pages once per event, not once per Lambda retry.
    if (result.outcome === 'failed' && prior?.record.status === 'sent') logger.warn('Failure already notified for this event: not paging again', { error: result.error });
    else await notifyOnce(key, result, deps).catch((error: unknown) => {
      // No topic took the notice: it stays recorded as pending, and the retry sends it. Report the first failure.
      if (result.outcome !== 'failed') throw error;
    });
  }
  if (trigger.kind === 'schedule') await halfArmedWarning(remediation, trigger, deps);
  if (result.outcome === 'failed') {
    throw new RemediationFailedError(`${remediation.id} failed on ${result.resource.id}: ${result.error}`, result, {
      context: { resource: result.resource.id, account: result.resource.account, region: result.resource.region },
    });
  }
  return result;
}

/** A result about resources outside the baseline only, that changed nothing and needs no one (never a failure). */
function nonBaselineOnly(result: RemediationResult): boolean {
  return result.baseline === false && result.outcome !== 'failed' && !result.actionNeeded && result.actions.every((a) => a.status === 'already-done');
}

async function runRemediation(remediation: Remediation, trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const ignore = ignoreReason(trigger, deps.config.selfRoleArns);
  if (ignore) {
    logger.info('Event ignored', { reason: ignore });
    return { ...unrun(remediation, trigger, `Event ignored: ${trigger.eventName}`, ignore), outcome: 'ignored', verified: false };
  }
  const own = deps.config.stack.account;
  const foreign = foreignAccount(trigger, own);
  if (foreign) {
    // Never act on another account's resources with this account's credentials: the same name or id here is another thing.
    logger.warn('Event about another account', { account: foreign, own });
    return {
      ...unrun(remediation, trigger, `${trigger.eventName} in account ${foreign}: not acted on`, `The event concerns account ${foreign}, not this stack's account ${own}: nothing was changed.`),
      resource: { type: 'AWS::Account', id: foreign, account: foreign, region: trigger.region },
      outcome: 'skipped',
      verified: false,
      actionNeeded: `${trigger.eventName} concerns account ${foreign} (${trigger.region}), where chain-guard holds no role. Nothing was checked or changed there. Check and repair it in account ${foreign} yourself, or deploy chain-guard in that account.`,
    };
  }
  try {
    return await remediation.run(trigger, deps);
  } catch (error) {
    // A remediation reports AWS failures as results; anything reaching here is unexpected, and still a failure.
    logger.error('Remediation crashed', { error: error as Error });
    const message = errorMessage(error);
    return { ...unrun(remediation, trigger, `${remediation.id} crashed on ${trigger.eventName}`, `Unexpected error: ${message}`), outcome: 'failed', verified: false, error: message };
  }
}
