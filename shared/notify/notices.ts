/**
 * At-least-once notices: each notice is recorded in the ledger before it is published and marked sent after
 * (see ledger.ts). Without a history table (local runs) notices are simply published.
 */
import { disabledFunctions, reportOnlyFunctions } from '../config-switches';
import { errorMessage } from '../errors';
import type { ScheduleTrigger } from '../events/trigger';
import { logger } from '../logger';
import type { RemediationResult } from '../remediations/result';
import { unrun } from '../remediations/summary';
import type { Deps, Remediation } from '../remediations/types';
import { deliver } from './deliver';
import { NoticeLedger, type NoticeRecord } from './ledger';
import { buildNotification } from './message';

function ledgerOf(deps: Deps): NoticeLedger | undefined {
  const table = deps.config.historyTableName;
  return table ? new NoticeLedger(deps.clients, table, deps.config.region) : undefined;
}

/**
 * The record of an earlier delivery of this event, if any. A notice recorded but never published (the Publish failed,
 * Lambda retried) is published now, from the record: the resource is compliant by now and would yield no notice.
 * If that publish fails again, the record stays pending and `resendError` says why: the caller decides (a failed
 * repair is still retried; a done one is not redone).
 */
export async function priorNotice(key: string, deps: Deps): Promise<{ record: NoticeRecord; resendError?: unknown } | undefined> {
  const ledger = ledgerOf(deps);
  if (!ledger) return undefined;
  let record: NoticeRecord | undefined;
  try {
    record = await ledger.get(key);
  } catch (error) {
    logger.error('Notice ledger unreadable: handling the event as new', { error: errorMessage(error), key });
    return undefined;
  }
  if (record?.status !== 'pending') return record ? { record } : undefined;
  logger.warn('Publishing the notice recorded by an earlier attempt', { key, subject: record.notification.subject });
  try {
    await deliver(record.notification, record.result.channelDamaged === true, deps);
  } catch (error) {
    return { record, resendError: error };
  }
  await markSent(ledger, key);
  return { record: { ...record, status: 'sent' } };
}

/** Records the result's notice as pending, publishes it, then marks it sent. Throws when no topic took it. */
export async function notifyOnce(key: string, result: RemediationResult, deps: Deps): Promise<void> {
  const ledger = ledgerOf(deps);
  const notification = buildNotification(result);
  if (ledger) {
    try {
      await ledger.recordPending(key, result, notification);
    } catch (error) {
      // The notice still goes out; only a retry after a failed Publish could not resend it.
      logger.error('Notice could not be recorded before publishing', { error: errorMessage(error), key });
    }
  }
  await deliver(notification, result.channelDamaged === true, deps);
  if (ledger) await markSent(ledger, key);
}

/**
 * Records a result that has no notice (already compliant, ignored, or noise), so the history has every result.
 * `overQuiet`: over another row without a notice (NoticeLedger.recordQuiet).
 */
export async function recordQuietly(key: string, result: RemediationResult, deps: Deps, overQuiet = false): Promise<void> {
  const ledger = ledgerOf(deps);
  if (!ledger) return;
  try {
    await ledger.recordQuiet(key, result, new Date(), overQuiet);
  } catch (error) {
    // The history misses this row; the remediation's outcome is unchanged, and logged.
    logger.error('Result could not be recorded in the history', { error: errorMessage(error), key });
  }
}

/**
 * From the scheduled sweep: a WARNING, once a day, when the remediation protects nothing for want of configuration, or
 * when a function of the stack is switched off (REMEDIATION_SWITCHES): a half-armed deploy or a disabled protection is
 * never silent. Every sweeping function names every switched-off function (one without a sweep of its own too).
 * Once a day is kept by the ledger key (remediation + UTC day).
 */
export async function halfArmedWarning(remediation: Remediation, trigger: ScheduleTrigger, deps: Deps): Promise<void> {
  const missing = remediation.unarmed?.(deps.config);
  const off = disabledFunctions(deps.config.switches);
  const reportOnly = reportOnlyFunctions(deps.config.switches, deps.config.mode);
  if (!missing && off.length === 0 && reportOnly.length === 0) return;
  const switchedOff = [
    off.length > 0 ? `Switched off by REMEDIATION_SWITCHES (param switches), nothing read or repaired: ${off.join(', ')}.` : undefined,
    reportOnly.length > 0 ? `Switched to report by REMEDIATION_SWITCHES while the stack enforces, nothing repaired: ${reportOnly.join(', ')}.` : undefined,
  ].filter(Boolean).join(' ') || undefined;
  // The day is the clock's, not the event's: a made-up schedule event with tomorrow's time cannot pre-empt tomorrow's warning.
  const key = `half-armed#${remediation.id}#${new Date(Date.now()).toISOString().slice(0, 10)}`;
  const prior = await priorNotice(key, deps);
  if (prior?.record.status === 'sent') return;
  const headline = missing ? `WARNING: ${remediation.id} is half-armed` : off.length > 0 ? `WARNING: protection switched off: ${off.join(', ')}` : `WARNING: protection switched to report only: ${reportOnly.join(', ')}`;
  const what = [missing ? `${remediation.title}: not protected by this deployment. ${missing}` : undefined, switchedOff].filter(Boolean).join(' ');
  const result: RemediationResult = {
    ...unrun(remediation, trigger, headline, what),
    resource: { type: 'AWS::Lambda::Function', id: remediation.id, account: trigger.account, region: trigger.region },
    outcome: 'skipped',
    verified: false,
    actionNeeded: `${[missing, switchedOff].filter(Boolean).join(' ')} This warning repeats once a day until the configuration is complete.`,
  };
  logger.warn('Half-armed deployment', { remediation: remediation.id, missing, switchedOff: off, reportOnly });
  await notifyOnce(key, result, deps);
}

async function markSent(ledger: NoticeLedger, key: string): Promise<void> {
  try {
    await ledger.markSent(key);
  } catch (error) {
    // At least once: a retry may publish this notice a second time.
    logger.error('Notice sent but not marked sent', { error: errorMessage(error), key });
  }
}
