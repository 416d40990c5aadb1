/** protect-backstops' result: what the recorder and detector checks found, as one RemediationResult for ops. */
import type { Trigger } from '../events/trigger';
import { maxSeverity } from '../notify/severity';
import type { Action, Kept, RemediationResult, ResourceRef, Risk } from './result';
import { summarise } from './summary';

/** What examining one backstop produced. */
export interface BackstopFindings {
  /** The recorder or detector examined (the first acted on becomes the result's resource). */
  resource?: ResourceRef;
  actions: Action[];
  kept: Kept[];
  /** Said in the notice (e.g. the sweep found no recorder and has no baseline to create one). */
  notes: string[];
  /** What went wrong: any error makes the result `failed`. */
  errors: string[];
  /** What a person must do. */
  manual: string[];
  /** How bad what was found is (a suppression rule silencing a backstop: HIGH); else the notice judges by resource. */
  risk?: Risk;
}

/** Empty findings. */
export function noFindings(): BackstopFindings {
  return { actions: [], kept: [], notes: [], errors: [], manual: [] };
}

/**
 * Merges `more` into `all`; the result's resource is the first backstop that failed, else the first acted on, else the
 * first that needs a person, else the first examined. The risk is the higher of the two.
 */
export function addFindings(all: BackstopFindings, more: BackstopFindings): void {
  const failing = all.errors.length === 0 && more.errors.length > 0;
  const quiet = all.errors.length === 0 && all.actions.length === 0;
  if (!all.resource || failing || (quiet && more.actions.length > 0) || (quiet && all.manual.length === 0 && more.manual.length > 0)) all.resource = more.resource ?? all.resource;
  for (const key of ['actions', 'kept', 'notes', 'errors', 'manual'] as const) (all[key] as unknown[]).push(...more[key]);
  if (more.risk && (!all.risk || maxSeverity(all.risk.level, more.risk.level) !== all.risk.level)) all.risk = more.risk;
}

/** The recorder as a result's resource. */
export function recorderResource(name: string, trigger: Trigger, region: string): ResourceRef {
  return { type: 'AWS::Config::ConfigurationRecorder', id: name, name, account: trigger.account, region };
}

/** The detector as a result's resource (its ARN when its id is known). */
export function detectorResource(detectorId: string | undefined, trigger: Trigger, region: string): ResourceRef {
  const id = detectorId ? `arn:aws:guardduty:${region}:${trigger.account}:detector/${detectorId}` : `guardduty-detector-${region}`;
  return { type: 'AWS::GuardDuty::Detector', id, ...(detectorId ? { name: detectorId, arn: id } : {}), account: trigger.account, region };
}

function nameOf(resource: ResourceRef): string {
  if (resource.type === 'AWS::GuardDuty::Detector') return `GuardDuty detector ${resource.name ?? `in ${resource.region}`}`;
  if (resource.type === 'AWS::GuardDuty::Filter') return `GuardDuty suppression rule ${resource.name ?? resource.id}`;
  if (resource.type === 'AWS::GuardDuty::IPSet') return `GuardDuty trusted IP list ${resource.name ?? resource.id}`;
  return `Config recorder ${resource.name ?? resource.id}`;
}

/** What was done to each backstop, as people say it: `Config recorder default restarted`, `GuardDuty detector 12ab re-enabled`. */
function doneToEach(done: Action[]): string[] {
  const apis = new Set(done.map((a) => a.api));
  const parts: string[] = [];
  const recorder = done.find((a) => a.api.includes('Configuration') || a.api === 'PutDeliveryChannel');
  if (recorder) {
    const created = done.some((a) => a.api === 'PutConfigurationRecorder' && a.before === 'deleted');
    const restarted = apis.has('StartConfigurationRecorder');
    const channel = done.find((a) => a.api === 'PutDeliveryChannel');
    const redirected = channel !== undefined && channel.before !== 'deleted';
    const verb = created ? 'recreated and recording' : apis.has('PutConfigurationRecorder') ? `restored${restarted ? ' and restarted' : ''}` : redirected ? 'delivery channel restored' : channel ? 'delivery channel recreated, recording' : 'restarted';
    parts.push(`Config recorder ${recorder.target} ${verb}`);
  }
  for (const a of done.filter((x) => x.api === 'UpdateDetector' || x.api === 'CreateDetector')) {
    const id = a.target.split('/').pop() ?? a.target;
    parts.push(a.api === 'CreateDetector' ? `GuardDuty detector recreated (${id})` : `GuardDuty detector ${id} re-enabled`);
  }
  return parts;
}

/** The result: ignored, failed, reported (report mode), remediated, skipped (a person must act) or already compliant. */
export function resultOf(remediation: string, trigger: Trigger, resource: ResourceRef, all: BackstopFindings, ignore: string | undefined): RemediationResult {
  const base = { remediation, resource, trigger: summarise(trigger), actions: all.actions, kept: all.kept, ...(all.risk ? { risk: all.risk } : {}) };
  const name = nameOf(resource);
  const notes = all.notes.length > 0 ? ` (${all.notes.join('; ')})` : '';
  const actionNeeded = all.manual.length > 0 ? all.manual.join(' | ') : undefined;
  if (ignore) return { ...base, headline: `Event ignored: ${trigger.eventName}`, outcome: 'ignored', verified: false, reason: ignore };
  if (all.errors.length > 0) {
    const error = all.errors.join('; ');
    return { ...base, headline: `${name} NOT restored`, outcome: 'failed', verified: false, error, reason: `The backstop could not be fully restored: ${error}`, actionNeeded };
  }
  const planned = all.actions.filter((a) => a.status === 'planned');
  if (planned.length > 0) return { ...base, headline: `${name} needs repair (report mode)`, outcome: 'reported', verified: false, reason: `Report mode: would call ${planned.map((a) => a.api).join(', ')}${notes}`, actionNeeded };
  const done = all.actions.filter((a) => a.status === 'done');
  if (done.length > 0) {
    const parts = doneToEach(done);
    const headline = parts.length === 1 ? (parts[0] ?? '') : `Backstops restored: ${parts.join(', ')}`;
    return { ...base, headline, outcome: 'remediated', verified: true, reason: `${done.map((a) => a.api).join(', ')}; a re-read confirms it${notes}`, actionNeeded };
  }
  if (actionNeeded && resource.type === 'AWS::GuardDuty::IPSet') return { ...base, headline: `${name} is active: GuardDuty ignores the addresses it lists`, outcome: 'skipped', verified: false, reason: `Trusted IP lists are the customer's own and their file is not read: never changed automatically${notes}`, actionNeeded };
  if (actionNeeded && resource.type === 'AWS::GuardDuty::Filter') return { ...base, headline: `${name} silences GuardDuty findings chain-guard relies on`, outcome: 'skipped', verified: false, reason: `Suppression rules are the customer's own: never deleted or rewritten automatically${notes}`, actionNeeded };
  if (actionNeeded) return { ...base, headline: `${name} needs manual action`, outcome: 'skipped', verified: false, reason: `Nothing could be changed automatically${notes}`, actionNeeded };
  return { ...base, headline: `${name} already on`, outcome: 'already-compliant', verified: true, reason: `Nothing to restore${notes}` };
}
