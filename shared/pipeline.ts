/**
 * The one path every handler takes: parse -> loop guard / skip checks -> remediation (plan, apply, verify)
 * -> notification -> throw if failed (so EventBridge/Lambda retries, then the dead-letter queue keeps the event).
 */
import { createClients } from './aws/clients';
import { getConfig } from './config';
import { RemediationFailedError, errorMessage } from './errors';
import { foreignAccount, ignoreReason, parseEvent, type Trigger } from './events/trigger';
import { logger } from './logger';
import { recordOutcome } from './metrics';
import { buildNotification } from './notify/message';
import { publish } from './notify/publish';
import { NOTIFIED_OUTCOMES, type RemediationResult } from './remediations/result';
import { summarise } from './remediations/summary';
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
  const result = await runRemediation(remediation, trigger, deps);
  recordOutcome(result);
  logger.info('Remediation finished', { outcome: result.outcome, resource: result.resource.id, reason: result.reason, actions: result.actions.length });
  if (NOTIFIED_OUTCOMES.has(result.outcome)) await notify(result, deps);
  if (result.outcome === 'failed') {
    throw new RemediationFailedError(`${remediation.id} failed on ${result.resource.id}: ${result.error}`, result, {
      context: { resource: result.resource.id, account: result.resource.account, region: result.resource.region },
    });
  }
  return result;
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

/** The common part of a result for an event the remediation did not (or could not) handle itself. */
function unrun(remediation: Remediation, trigger: Trigger, headline: string, reason: string) {
  return {
    remediation: remediation.id,
    headline,
    resource: { type: 'unknown', id: trigger.eventId, account: trigger.account, region: trigger.region },
    actions: [],
    kept: [],
    reason,
    trigger: summarise(trigger),
  };
}

/**
 * Publishes to the alerts topic. When the channel itself was damaged, or the alerts topic cannot take the message,
 * it also goes to the fallback topic (ALERT_FALLBACK_TOPIC_ARN) and, in full, to the logs at ERROR level.
 * Throws only when no topic took it, so the event is retried and ends in the dead-letter queue: never lost silently.
 */
async function notify(result: RemediationResult, deps: Deps): Promise<void> {
  const notification = buildNotification(result);
  const fallback = deps.config.fallbackTopicArn;
  if (result.channelDamaged) logger.error('Alerts channel damaged', { subject: notification.subject, body: notification.body });
  let delivered = 0;
  let firstError: unknown;
  const send = async (topicArn: string, which: string): Promise<void> => {
    try {
      const messageId = await publish(deps.clients, topicArn, notification, deps.config.region);
      delivered += 1;
      logger.info('Notification sent', { messageId, topic: which, subject: notification.subject });
    } catch (error) {
      firstError ??= error;
      logger.error('Notification could not be sent', { error: error as Error, topic: which, subject: notification.subject, body: notification.body });
    }
  };
  await send(deps.config.alertTopicArn, 'alerts');
  if (fallback && (result.channelDamaged || delivered === 0)) await send(fallback, 'fallback');
  if (delivered === 0) throw firstError;
}
