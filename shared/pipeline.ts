/**
 * The one path every handler takes: parse -> loop guard / account / switch checks -> grace periods and exemptions ->
 * remediation (plan, apply, verify)
 * -> notification, recorded before it is published -> throw if failed (so Lambda retries, then the dead-letter queue).
 */
import type { ClientOptions, Clients } from './aws/clients';
import { createMemberAccess, type MemberAccess } from './aws/member-clients';
import { createOrgUnits, type OrgUnits } from './aws/org-units';
import { getConfig, type Config } from './config';
import { hasOuPolicy } from './config-org';
import { switchFor, type Gate } from './config-switches';
import { RemediationFailedError, errorMessage } from './errors';
import { undeclaredTrigger } from './events/accepted';
import { followUp } from './followup';
import { ignoreReason, parseEvent, type Trigger } from './events/trigger';
import { logger } from './logger';
import { recordOutcome } from './metrics';
import { gatedRun } from './history/gate';
import { shortIdOf } from './history/keys';
import { halfArmedWarning, notifyOnce, priorNotice, recordQuietly } from './notify/notices';
import { eventKey } from './notify/ledger';
import { memberRoleArns, place, withAccountMode } from './org';
import { isNotified, type RemediationResult } from './remediations/result';
import { unrun } from './remediations/summary';
import { runSweep } from './sweep/dispatch';
import type { Deps, Remediation } from './remediations/types';

/** Builds clients with the given options: a function's own client classes (clientFactory), or createClients. */
export type ClientBuilder = (options?: ClientOptions) => Clients;

let config: Config | undefined;
const clientSets = new Map<ClientBuilder, { clients: Clients; members?: MemberAccess; orgUnits?: OrgUnits }>();

/**
 * The deployed functions' dependencies, built on first use from the environment (never at import time). The clients,
 * a member account's (organization mode) and the Organizations client of the OU policy come from `buildClients`: a function's own client classes, or
 * createClients for scripts; built once per builder.
 */
export function defaultDeps(buildClients: ClientBuilder): Deps {
  config ??= getConfig();
  let set = clientSets.get(buildClients);
  if (!set) {
    const { org, stack } = config;
    const members = org.enabled ? createMemberAccess({ partition: stack.partition, region: stack.region, roleName: org.memberRoleName, externalId: org.externalId, buildClients }) : undefined;
    const clients = buildClients();
    // ORG_OUS / ORG_EXCLUDED_OUS: ancestries cached in this warm container (shared/aws/org-units.ts); else no Organizations call.
    const orgUnits = hasOuPolicy(org) ? createOrgUnits({ organizations: () => clients.organizations(stack.region) }) : undefined;
    set = { clients, ...(members ? { members } : {}), ...(orgUnits ? { orgUnits } : {}) };
    clientSets.set(buildClients, set);
  }
  return { config, clients: set.clients, ...(set.members ? { members: set.members } : {}), ...(set.orgUnits ? { orgUnits: set.orgUnits } : {}) };
}

/** Forgets the cached dependencies (the local CLI changes the environment between runs). */
export function resetDefaultDeps(): void {
  config = undefined;
  clientSets.clear();
}

/** How function `fn` runs for an event about `account`: its switch, the account's mode (organization mode), or the mode. */
export function gateOf(config: Config, fn: string, account: string): Gate {
  return withAccountMode(switchFor(config.switches, config.mode, fn, account), config, fn, account);
}

/** Handles one raw EventBridge event with one remediation. Throws InvalidEventError for bad input (nothing changed). */
export async function handleEvent(remediation: Remediation, raw: unknown, deps: Deps): Promise<RemediationResult> {
  const trigger = parseEvent(raw);
  logger.appendKeys({ eventId: trigger.eventId, eventName: trigger.eventName, remediation: remediation.id });
  const undeclared = undeclaredTrigger(remediation, trigger);
  if (undeclared) {
    // Only a direct invocation gets here (the rules route nothing else): nothing is read, written or published.
    logger.warn('Event not declared by this function: dropped', { reason: undeclared, source: trigger.kind });
    return ignored(remediation, trigger, undeclared);
  }
  const key = eventKey(remediation.id, trigger);
  // A notice recorded by an earlier attempt but never published is published now, from the record.
  const prior = await priorNotice(key, deps);
  if (prior?.resendError !== undefined && prior.record.result.outcome !== 'failed') throw prior.resendError; // retried, then dead-lettered
  // The record only decides about notices: the remediation always runs (it is idempotent, and an event id is no
  // proof that the resource is still as that event left it).
  // The switch, checked once here: off (nothing read or changed), or the mode this function runs in (per function, or
  // per member account); then a grace period or an exemption may hold its writes back (shared/history/gate.ts).
  const gate = gateOf(deps.config, remediation.id, trigger.account);
  const switched = gate.state === 'disabled' || gate.state === deps.config.mode ? deps : { ...deps, config: { ...deps.config, mode: gate.state } };
  const run = await gatedRun(remediation, trigger, switched, (d) => runRemediation(remediation, trigger, d, gate));
  const result: RemediationResult = deps.config.historyTableName ? { ...run, historyId: shortIdOf(key) } : run;
  recordOutcome(result, trigger);
  logger.info('Remediation finished', { outcome: result.outcome, resource: result.resource.id, reason: result.reason, actions: result.actions.length });
  // A sweep that found nothing is told only with SWEEP_NOTIFY_COMPLIANT=true (an all-clear each run).
  const notified = isNotified(result, trigger, deps.config);
  if (gate.state === 'disabled' && trigger.kind === 'schedule') {
    // A switched-off function's sweep: the daily WARNING below says so, not a notice every hour.
    logger.warn('Sweep of a switched-off function: not run', { source: gate.source });
    await recordQuietly(key, result, deps);
  } else if (notified && nonBaselineOnly(result) && !deps.config.notifyNonBaseline) {
    // Noise: someone else's alarm or log group. Logged for the record; NOTIFY_NON_BASELINE=true pages about it too.
    logger.info('Non-baseline change: logged, not notified', { outcome: result.outcome, resource: result.resource.id, headline: result.headline, kept: result.kept });
    await recordQuietly(key, result, deps);
  } else if (notified) {
    // Once per event: a failure pages once, not once per Lambda retry, and a duplicate delivery repeats no notice.
    // A write done now is new, and always told.
    if (prior?.record.status === 'sent' && result.outcome !== 'remediated') logger.warn('Notice already sent for this event: not sending again', { outcome: result.outcome });
    // No topic took the notice: it stays recorded as pending, and the retry sends it.
    else await afterResult(result, () => notifyOnce(key, result, deps));
  } else {
    await recordQuietly(key, result, deps); // every result is in the history, a duplicate's never over the first's
  }
  if (trigger.kind === 'schedule') await afterResult(result, () => halfArmedWarning(remediation, trigger, deps));
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

async function runRemediation(remediation: Remediation, trigger: Trigger, deps: Deps, gate: Gate): Promise<RemediationResult> {
  // The loop guard: the stack's roles, and in a member account the member role (organization mode), by exact ARN.
  const ignore = ignoreReason(trigger, [...deps.config.selfRoleArns, ...memberRoleArns(trigger, deps.config)]);
  if (ignore) {
    logger.info('Event ignored', { reason: ignore });
    return ignored(remediation, trigger, ignore);
  }
  if (gate.state === 'disabled') {
    logger.warn('Remediation switched off: event not acted on', { source: gate.source });
    return {
      ...unrun(remediation, trigger, `${remediation.id} is switched off: ${trigger.eventName} not acted on`, `Switched off by ${gate.source}: nothing was read or changed.`),
      resource: { type: 'AWS::Lambda::Function', id: remediation.id, account: trigger.account, region: trigger.region },
      outcome: 'skipped',
      verified: false,
      actionNeeded: `${remediation.title} is switched off (${gate.source}). Check what ${trigger.eventName} changed yourself, or switch the function back on (param switches).`,
    };
  }
  try {
    // Own account: own clients. A member (organization mode): its member role. Otherwise skipped, and why.
    // An AssumeRole that fails for another reason than AccessDenied (throttling) is a failure: notified, retried.
    const placed = await place(remediation, trigger, deps);
    if ('refused' in placed) return placed.refused;
    // `deps` carries this run's mode: the gate's (switch, per-account mode), or report for a grace/exemption preview.
    const gated = placed.deps.config.mode === deps.config.mode ? placed.deps : { ...placed.deps, config: { ...placed.deps.config, mode: deps.config.mode } };
    // After a verified fix of a Config event, Config and Security Hub are told (best effort, never a failure), in the
    // account the fix was made in.
    // A scheduled sweep over many accounts x regions fans out (shared/sweep/dispatch.ts); one target runs as is.
    const result = trigger.kind === 'schedule' ? await runSweep(remediation, trigger, gated) : await remediation.run(trigger, gated);
    return await followUp(trigger, result, gated);
  } catch (error) {
    // A remediation reports AWS failures as results; anything reaching here is unexpected, and still a failure.
    logger.error('Remediation crashed', { error: error as Error });
    const message = errorMessage(error);
    return { ...unrun(remediation, trigger, `${remediation.id} crashed on ${trigger.eventName}`, `Unexpected error: ${message}`), outcome: 'failed', verified: false, error: message };
  }
}

/** The result of an event that is not acted on (undeclared, or the backend's own call): nothing read or written. */
function ignored(remediation: Remediation, trigger: Trigger, reason: string): RemediationResult {
  return { ...unrun(remediation, trigger, `Event ignored: ${trigger.eventName}`, reason), outcome: 'ignored', verified: false };
}

/**
 * Runs a notice step after the result is known. When the remediation failed, that is the first failure and the one
 * reported: a notice that could not be published (deliver logs it) must not replace it as the error thrown.
 */
async function afterResult(result: RemediationResult, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (result.outcome !== 'failed') throw error;
  }
}
