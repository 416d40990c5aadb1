/** reenable-trail's result: what the examined trails produced, as one RemediationResult for ops. */
import { parseTrailArn, trailName, type SettingChange, type TrailBaseline, type TrailSettings } from '../baseline/trail';
import { describeProblem, type DeliveryHealth } from '../baseline/trail-health';
import type { Trigger } from '../events/trigger';
import { SEVERITIES, type Action, type Kept, type RemediationResult, type ResourceRef, type Risk } from './result';
import { summarise } from './summary';

/** Everything the examination of one or more trails produced. */
export interface TrailFindings {
  actions: Action[];
  kept: Kept[];
  notes: string[];
  errors: string[];
  manual: string[];
  /** A logging baseline trail whose log files do not arrive (IAM or KMS): a failure only a person can fix. */
  broken: string[];
  /** What each examined trail's state exposed or blinded. */
  risks: Risk[];
  resource?: ResourceRef;
}

/** An empty set of findings. */
export function noFindings(): TrailFindings {
  return { actions: [], kept: [], notes: [], errors: [], manual: [], broken: [], risks: [] };
}

/** Adds `more` to `all`; the result's resource is the first trail acted on, else the first examined. */
export function addFindings(all: TrailFindings, more: TrailFindings): void {
  if (!all.resource || (all.actions.length === 0 && more.actions.length > 0)) all.resource = more.resource ?? all.resource;
  for (const key of ['actions', 'kept', 'notes', 'errors', 'manual', 'broken', 'risks'] as const) (all[key] as unknown[]).push(...more[key]);
}

/**
 * What the delivery judgement of a logging trail adds to its findings. On the baseline trail a broken delivery is a
 * failure with ACTION NEEDED (the alarms read its log group); on another trail it is reported, never a failure.
 * A delivery this event just put back (`changes`) is not judged: the status predates the repair.
 */
export function deliveryFindings(out: TrailFindings, health: DeliveryHealth, trail: TrailSettings, isBaseline: boolean, changes: readonly SettingChange[]): void {
  const changed = new Set(changes.map((c) => (c.setting === 'kms' ? 's3' : c.setting)));
  const problems = health.problems.filter((p) => !changed.has(p.channel));
  out.notes.push(...health.notes);
  if (problems.length === 0) return;
  if (!isBaseline) {
    for (const p of problems) out.kept.push({ target: trail.arn, what: `${trail.name}: ${p.what}`, reason: `not the baseline trail: reported, not a failure; ${p.check}` });
    out.notes.push(...problems.map((p) => `${trail.name} (not the baseline trail): ${p.what}`));
    return;
  }
  out.broken.push(...problems.map((p) => `${trail.name}: ${p.what}`));
  out.manual.push(...problems.map((p) => describeProblem(trail.name, p)));
  out.risks.push(
    problems.some((p) => p.channel === 'cloudWatchLogs')
      ? { level: 'CRITICAL', why: 'the baseline trail logs, but nothing reaches its CloudWatch Logs group: the CIS metric filters and alarms are blind' }
      : { level: 'HIGH', why: "the baseline trail logs, but its log files do not reach its bucket: the audit record is lost" },
  );
}

/** The UpdateTrail input that puts one setting back as `trail` had it (npm run undo; "" removes a value). */
export function previousOf(setting: string, trail: TrailSettings): Record<string, string | boolean> | undefined {
  const inputs: Record<string, Record<string, string | boolean>> = {
    multiRegion: { IsMultiRegionTrail: trail.isMultiRegionTrail },
    globalServiceEvents: { IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents },
    logFileValidation: { EnableLogFileValidation: trail.logFileValidationEnabled },
    kms: { KmsKeyId: trail.kmsKeyId ?? '' },
    cloudWatchLogs: { CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn ?? '', CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn ?? '' },
    s3: { S3BucketName: trail.s3BucketName ?? '', S3KeyPrefix: trail.s3KeyPrefix ?? '' },
  };
  return inputs[setting];
}

/** The command that undoes the restoration of one setting: `trail` as it was before (a removed value is ""). */
export function undoOf(setting: string, trail: TrailSettings): string {
  const base = `aws cloudtrail update-trail --region ${trail.homeRegion} --name ${trail.arn}`;
  const flags: Record<string, string> = {
    multiRegion: '--no-is-multi-region-trail',
    globalServiceEvents: '--no-include-global-service-events',
    logFileValidation: '--no-enable-log-file-validation',
    kms: `--kms-key-id "${trail.kmsKeyId ?? ''}"`,
    cloudWatchLogs: `--cloud-watch-logs-log-group-arn "${trail.cloudWatchLogsLogGroupArn ?? ''}" --cloud-watch-logs-role-arn "${trail.cloudWatchLogsRoleArn ?? ''}"`,
    s3: `--s3-bucket-name ${trail.s3BucketName ?? ''} --s3-key-prefix "${trail.s3KeyPrefix ?? ''}"`,
  };
  return `${base} ${flags[setting] ?? ''}`.trim();
}

/** The trail as the result's resource (its ARN, built from the name when the event gave none). */
export function trailResource(ref: string, trigger: Trigger, baseline: TrailBaseline | undefined, region?: string): ResourceRef {
  const arn = parseTrailArn(ref);
  const name = trailName(ref);
  const home = arn?.region ?? region ?? (baseline && name === baseline.name ? baseline.homeRegion : trigger.region);
  return { type: 'AWS::CloudTrail::Trail', id: arn ? ref : `arn:aws:cloudtrail:${home}:${trigger.account}:trail/${name}`, name, account: trigger.account, region: home };
}

/** The result: failed, reported (report mode), remediated, skipped (a person must act) or already compliant. */
export function resultOf(remediation: string, trigger: Trigger, resource: ResourceRef, all: TrailFindings, ignore: string | undefined): RemediationResult {
  const risk = worst(all.risks);
  const base = { remediation, resource, trigger: summarise(trigger), actions: all.actions, kept: all.kept, ...(risk ? { risk } : {}) };
  const others = new Set(all.actions.map((a) => a.target).filter((t) => t !== resource.id)).size;
  const name = `${resource.name ?? resource.id}${others > 0 ? ` and ${others} other trail${others > 1 ? 's' : ''}` : ''}`;
  const notes = all.notes.length > 0 ? ` (${all.notes.join('; ')})` : '';
  const actionNeeded = all.manual.length > 0 ? all.manual.join(' | ') : undefined;
  if (ignore) return { ...base, headline: `Event ignored for trail ${name}`, outcome: 'ignored', verified: false, reason: ignore };
  if (all.errors.length > 0) {
    const error = all.errors.join('; ');
    return { ...base, headline: `Trail ${name} NOT restored`, outcome: 'failed', verified: false, error, reason: `The trail could not be fully restored: ${error}`, actionNeeded };
  }
  if (all.broken.length > 0) {
    const error = all.broken.join('; ');
    const done = all.actions.filter((a) => a.status !== 'failed' && a.status !== 'already-done');
    const also = done.length > 0 ? `; besides, ${whoActed(done)} ${sentence(done)}` : '';
    return { ...base, headline: `Trail ${name} logs, but its delivery is broken`, outcome: 'failed', verified: false, error, reason: `CloudTrail reports the trail logging, but its log files do not arrive (IAM or KMS, not repairable here): ${error}${also}${notes}`, actionNeeded };
  }
  const planned = all.actions.filter((a) => a.status === 'planned');
  if (planned.length > 0) return { ...base, headline: `Trail ${name} needs repair (report mode)`, outcome: 'reported', verified: false, reason: `Report mode: would have ${sentence(planned)}${notes}`, actionNeeded };
  const done = all.actions.filter((a) => a.status === 'done');
  if (done.length > 0) {
    const apis = new Set(done.map((a) => a.api));
    const what = apis.has('CreateTrail') ? 'recreated and logging' : apis.has('StartLogging') ? (apis.size > 1 ? 'restarted and restored' : 'logging restarted') : 'settings restored';
    return { ...base, headline: `Trail ${name} ${what}`, outcome: 'remediated', verified: true, reason: `${sentence(done)}; a re-read confirms it${notes}`, actionNeeded };
  }
  if (actionNeeded && all.kept.length > 0) return { ...base, headline: `Trail ${name} delivery changed: check it`, outcome: 'skipped', verified: false, reason: `Reported, not changed: ${all.kept.map((k) => k.what).join('; ')}${notes}`, actionNeeded };
  if (actionNeeded) return { ...base, headline: `Trail ${name} needs manual action`, outcome: 'skipped', verified: false, reason: `Nothing could be changed automatically${notes}`, actionNeeded };
  return { ...base, headline: `Trail ${name} already logging and compliant`, outcome: 'already-compliant', verified: true, reason: `Nothing to restore${notes}` };
}

const WORDS: Readonly<Record<string, string>> = {
  StartLogging: 'restarted logging',
  CreateTrail: 'recreated the trail',
  PutEventSelectors: 'restored the event selectors',
  multiRegion: 'turned multi-region logging back on',
  globalServiceEvents: 'turned global service events back on',
  logFileValidation: 'turned log file validation back on',
  kms: 'restored the encryption key',
  cloudWatchLogs: 'restored delivery to CloudWatch Logs',
  s3: 'restored the log bucket',
};

/** The changes in plain words: `restarted logging, turned log file validation back on`. */
function sentence(actions: Action[]): string {
  const words = actions.map((a) => WORDS[typeof a.params.setting === 'string' ? a.params.setting : a.api] ?? `${a.api}`);
  return [...new Set(words)].join(', ');
}

/** `would have` in report mode, `the backend` otherwise. */
function whoActed(actions: Action[]): string {
  return actions.some((a) => a.status === 'planned') ? 'report mode would have' : 'the backend';
}

/** The most severe of the trails' risks. */
function worst(risks: Risk[]): Risk | undefined {
  return risks.reduce<Risk | undefined>((top, r) => (!top || SEVERITIES.indexOf(r.level) > SEVERITIES.indexOf(top.level) ? r : top), undefined);
}
