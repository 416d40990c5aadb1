/**
 * What a healthy trail looks like, as data, and the pure planning against it. Strengthen only: never turn anything
 * off, never narrow, never overwrite a setting already stronger than the baseline. Delivery is not a strength: the
 * baseline trail's bucket and prefix, log group and role, and KMS key are put back to the baseline's whenever they
 * differ (see trail-delivery.ts for what is reported instead).
 */
import type { AdvancedEventSelector, EventSelector, Trail } from '@aws-sdk/client-cloudtrail';

/** The baseline trail, from configuration (TRAIL_* variables). */
export interface TrailBaseline {
  name: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  isMultiRegionTrail: boolean;
  includeGlobalServiceEvents: boolean;
  enableLogFileValidation: boolean;
}

/** A trail's current settings, as GetTrail returns them. */
export interface TrailSettings {
  name: string;
  arn: string;
  homeRegion: string;
  s3BucketName?: string;
  s3KeyPrefix?: string;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  isMultiRegionTrail: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidationEnabled: boolean;
  isOrganizationTrail: boolean;
}

/** A trail's settings from GetTrail or DescribeTrails (empty strings read as unset). */
export function trailSettingsOf(trail: Trail, region: string): TrailSettings {
  return {
    name: trail.Name ?? '',
    arn: trail.TrailARN ?? '',
    homeRegion: trail.HomeRegion ?? region,
    s3BucketName: trail.S3BucketName,
    s3KeyPrefix: trail.S3KeyPrefix || undefined,
    kmsKeyId: trail.KmsKeyId || undefined,
    cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn || undefined,
    cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn || undefined,
    isMultiRegionTrail: trail.IsMultiRegionTrail === true,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: trail.LogFileValidationEnabled === true,
    isOrganizationTrail: trail.IsOrganizationTrail === true,
  };
}

/** Settings this backend restores. */
export const TRAIL_SETTINGS = ['multiRegion', 'globalServiceEvents', 'logFileValidation', 'kms', 'cloudWatchLogs', 's3'] as const;
export type TrailSetting = (typeof TRAIL_SETTINGS)[number];

/** One setting change, before -> after. */
export interface SettingChange {
  setting: TrailSetting;
  before: unknown;
  after: unknown;
}

/** UpdateTrail parameters plus what they change; `manual` lists what cannot be restored automatically. */
export interface TrailUpdatePlan {
  update: Record<string, unknown>;
  changes: SettingChange[];
  manual: string[];
}

/**
 * Plans an UpdateTrail that restores `wanted` settings. For the baseline trail, targets come from the baseline;
 * for another trail only booleans can be restored (its previous key, log group or bucket is unknown).
 */
export function planTrailUpdate(current: TrailSettings, wanted: ReadonlySet<TrailSetting>, baseline: TrailBaseline | undefined, isBaselineTrail: boolean): TrailUpdatePlan {
  const plan: TrailUpdatePlan = { update: {}, changes: [], manual: [] };
  const target = isBaselineTrail ? baseline : undefined;
  const bool = (setting: TrailSetting, key: string, now: boolean, want: boolean) => {
    if (wanted.has(setting) && want && !now) {
      plan.update[key] = true;
      plan.changes.push({ setting, before: false, after: true });
    }
  };
  bool('multiRegion', 'IsMultiRegionTrail', current.isMultiRegionTrail, target ? target.isMultiRegionTrail : true);
  bool('globalServiceEvents', 'IncludeGlobalServiceEvents', current.includeGlobalServiceEvents, target ? target.includeGlobalServiceEvents : true);
  bool('logFileValidation', 'EnableLogFileValidation', current.logFileValidationEnabled, target ? target.enableLogFileValidation : true);
  if (plan.update.IsMultiRegionTrail && !current.includeGlobalServiceEvents) {
    // AWS rejects a multi-region trail that excludes global service events.
    plan.update.IncludeGlobalServiceEvents = true;
    if (!plan.changes.some((c) => c.setting === 'globalServiceEvents')) plan.changes.push({ setting: 'globalServiceEvents', before: false, after: true });
  }
  if (wanted.has('kms') && target?.kmsKeyId && current.kmsKeyId !== target.kmsKeyId) {
    // Another key is a redirect, not a stronger setting: whoever holds that key reads (or loses) the logs.
    plan.update.KmsKeyId = target.kmsKeyId;
    plan.changes.push({ setting: 'kms', before: current.kmsKeyId ?? null, after: target.kmsKeyId });
  } else if (wanted.has('kms') && !target && !current.kmsKeyId) {
    plan.manual.push(`KMS encryption of ${current.name} was removed; its previous key is unknown: re-enable it with "aws cloudtrail update-trail --name ${current.arn} --kms-key-id <key>"`);
  }
  if (wanted.has('cloudWatchLogs')) {
    const differs = current.cloudWatchLogsLogGroupArn !== target?.cloudWatchLogsLogGroupArn || current.cloudWatchLogsRoleArn !== target?.cloudWatchLogsRoleArn;
    if (target?.cloudWatchLogsLogGroupArn && target.cloudWatchLogsRoleArn && differs) {
      plan.update.CloudWatchLogsLogGroupArn = target.cloudWatchLogsLogGroupArn;
      plan.update.CloudWatchLogsRoleArn = target.cloudWatchLogsRoleArn;
      plan.changes.push({ setting: 'cloudWatchLogs', before: logsDelivery(current.cloudWatchLogsLogGroupArn, current.cloudWatchLogsRoleArn), after: logsDelivery(target.cloudWatchLogsLogGroupArn, target.cloudWatchLogsRoleArn) });
    } else if (!target && !current.cloudWatchLogsLogGroupArn) plan.manual.push(`CloudWatch Logs delivery of ${current.name} was removed; its previous log group is unknown: restore it by hand`);
  }
  if (wanted.has('s3') && target && (current.s3BucketName !== target.s3BucketName || (current.s3KeyPrefix ?? '') !== (target.s3KeyPrefix ?? ''))) {
    plan.update.S3BucketName = target.s3BucketName;
    if (target.s3KeyPrefix !== undefined || current.s3KeyPrefix) plan.update.S3KeyPrefix = target.s3KeyPrefix ?? '';
    plan.changes.push({ setting: 's3', before: `s3://${current.s3BucketName ?? ''}/${current.s3KeyPrefix ?? ''}`, after: `s3://${target.s3BucketName}/${target.s3KeyPrefix ?? ''}` });
  }
  return plan;
}

/** A log group and its role as people read them (the role alone may be what was changed); null when there is none. */
function logsDelivery(group: string | undefined, role: string | undefined): string | null {
  return group ? `${group} (role ${role ?? 'none'})` : null;
}

/** Current event selectors of a trail. */
export interface Selectors {
  basic: EventSelector[];
  advanced: AdvancedEventSelector[];
}

const ALL_MANAGEMENT_BASIC: EventSelector = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };
/** The console's name: Prowler counts an advanced management selector only under this name (see checkers.md). */
export const MANAGEMENT_SELECTOR_NAME = 'Management events selector';
const ALL_MANAGEMENT_ADVANCED: AdvancedEventSelector = { Name: MANAGEMENT_SELECTOR_NAME, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };

const isManagementSelector = (s: AdvancedEventSelector): boolean => (s.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management'));

/** True when the selectors record every management event, read and write, from every source. */
export function recordsAllManagementEvents(selectors: Selectors): boolean {
  if (selectors.advanced.length > 0) {
    return selectors.advanced.some((s) => isManagementSelector(s) && (s.FieldSelectors ?? []).every((f) => f.Field === 'eventCategory'));
  }
  // No selector at all is CloudTrail's default: all management events.
  if (selectors.basic.length === 0) return true;
  return selectors.basic.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All' && (s.ExcludeManagementEventSources ?? []).length === 0);
}

/**
 * The selectors to put so all management events are recorded again; undefined if none needed. Shaped for the checkers
 * (checkers.md): Steampipe reads only a basic selector with ReadWriteType All, Prowler an advanced one only under the
 * console's name. So basic selectors get the basic "all management events" selector appended (the others kept as they
 * are); advanced selectors that are all management selectors (narrowed: read-only, sources excluded) are replaced by
 * that basic selector; advanced selectors that also select data or other events keep those, and their narrowed
 * management selectors are replaced by one advanced management selector under the console's name (basic and advanced
 * selectors cannot be mixed on a trail, and data selectors are never rewritten).
 */
export function planSelectors(selectors: Selectors): Selectors | undefined {
  if (recordsAllManagementEvents(selectors)) return undefined;
  if (selectors.advanced.length > 0) {
    const others = selectors.advanced.filter((s) => !isManagementSelector(s));
    return others.length === 0 ? { basic: [ALL_MANAGEMENT_BASIC], advanced: [] } : { basic: [], advanced: [...others, ALL_MANAGEMENT_ADVANCED] };
  }
  return { basic: [...selectors.basic, ALL_MANAGEMENT_BASIC], advanced: [] };
}

/** Parses a trail ARN (`arn:aws:cloudtrail:us-east-1:111122223333:trail/name`). */
export function parseTrailArn(ref: string): { region: string; account: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(ref);
  return match ? { region: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '' } : undefined;
}

/** The log group name in a CloudWatch Logs log-group ARN (`arn:aws:logs:...:log-group:NAME:*`), or undefined. */
export function logGroupNameOfArn(arn: string | undefined): string | undefined {
  return /:log-group:([^:]+)(?::\*)?$/.exec(arn ?? '')?.[1];
}

/** The trail name of a name-or-ARN reference. */
export function trailName(ref: string): string {
  return parseTrailArn(ref)?.name ?? ref;
}
