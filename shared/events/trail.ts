/** Reads, from each event shape, which trail an event concerns and what about it must be restored. */
import type { TrailSetting } from '../baseline/trail';
import type { DeliveryChange } from '../baseline/trail-delivery';
import type { Trigger } from './trigger';
import { configRuleOf } from './accepted';

/** One trail to bring back: by name or ARN (or the configured baseline trail, or every trail), and what to restore on it. */
export interface TrailTarget {
  /** Trail name or ARN as the event gave it; undefined means the baseline trail (or every trail, see `every`). */
  ref?: string;
  /** The event names no trail: every trail of the account visible from the event's region is examined. */
  every?: boolean;
  /** Settings to restore when they are weaker (the baseline trail always gets all of them). */
  wanted: TrailSetting[];
  /** Restore "record all management events" in the event selectors. */
  selectors: boolean;
  /** Start logging if it is stopped. */
  restart: boolean;
  /** Delivery settings the call set (UpdateTrail): restored on the baseline trail, otherwise reported before -> after. */
  redirects?: DeliveryChange[];
  /** Why this target is examined, for the notification. */
  why: string;
}

/** The targets of a trigger; `ignore` explains an event that needs nothing. */
export interface TrailTargets {
  targets: TrailTarget[];
  ignore?: string;
}

/** CloudTrail API calls that stop, delete or weaken a trail. */
export const TRAIL_API_CALLS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] as const;
/** GuardDuty finding types about a disabled trail. */
export const TRAIL_FINDINGS = ['Stealth:IAMUser/CloudTrailLoggingDisabled'] as const;
/** Config managed rules about trails, and the settings each one checks. */
export const TRAIL_CONFIG_RULES: Readonly<Record<string, TrailSetting[]>> = {
  'cloudtrail-enabled': [],
  'multi-region-cloudtrail-enabled': ['multiRegion', 'globalServiceEvents'],
  'cloud-trail-log-file-validation-enabled': ['logFileValidation'],
  'cloud-trail-encryption-enabled': ['kms'],
  'cloud-trail-cloud-watch-logs-enabled': ['cloudWatchLogs'],
};

/** The Config rule this name stands for (directly or as Security Hub's `securityhub-<rule>-<hash>`), if ours. */
export function trailConfigRule(ruleName: string): string | undefined {
  return configRuleOf(ruleName, Object.keys(TRAIL_CONFIG_RULES));
}

const BASELINE_CHECK: TrailTarget = { wanted: [], selectors: true, restart: true, why: 'the baseline trail must exist, log and be compliant' };

/** Extracts the trail targets from any trigger. */
export function trailTargets(trigger: Trigger): TrailTargets {
  if (trigger.kind === 'cloudtrail') {
    if (!(TRAIL_API_CALLS as readonly string[]).includes(trigger.eventName)) return { targets: [], ignore: `${trigger.eventName} does not weaken a trail` };
    const ref = str(trigger.request.name) ?? str(trigger.request.trailName);
    // Recorded without requestParameters (or with an empty name): which trail is unknown, so every trail is.
    if (!ref) return { targets: [everyTrail(`${trigger.eventName} names no trail (no requestParameters): every trail of the account is checked`), BASELINE_CHECK] };
    switch (trigger.eventName) {
      case 'StopLogging':
        return { targets: [{ ref, wanted: [], selectors: false, restart: true, why: 'logging was stopped' }] };
      case 'DeleteTrail':
        return { targets: [{ ref, wanted: [], selectors: false, restart: true, why: 'the trail was deleted' }, BASELINE_CHECK] };
      case 'UpdateTrail':
        return { targets: [{ ref, wanted: turnedOff(trigger.request), selectors: false, restart: false, redirects: deliveryChanges(trigger.request, trigger.response), why: 'the trail was updated' }] };
      case 'PutEventSelectors':
        return { targets: [{ ref, wanted: [], selectors: true, restart: false, why: 'its event selectors were changed' }] };
      default:
        return { targets: [], ignore: `${trigger.eventName} does not weaken a trail` };
    }
  }
  if (trigger.kind === 'guardduty') {
    const action = (trigger.detail.service.action ?? {}) as { awsApiCallAction?: { affectedResources?: Record<string, unknown>; api?: string } };
    const ref = str(action.awsApiCallAction?.affectedResources?.['AWS::CloudTrail::Trail']);
    const api = action.awsApiCallAction?.api ?? 'a call';
    const named = ref ? { ref, wanted: [], selectors: false, restart: true, why: `GuardDuty saw ${api} on it` } : everyTrail(`GuardDuty saw ${api} but names no trail: every trail of the account is checked`);
    return { targets: [named, BASELINE_CHECK] };
  }
  // The sweep: a lost StopLogging event (or one missed while no trail logged) leaves any trail stopped for ever.
  if (trigger.kind === 'schedule') return { targets: [{ ...BASELINE_CHECK, why: 'scheduled sweep' }, everyTrail('scheduled sweep: every trail of the account is checked for logging')] };
  const rule = trailConfigRule(trigger.ruleName);
  if (!rule) return { targets: [], ignore: `Config rule ${trigger.ruleName} is not about trails` };
  const why = `Config rule ${trigger.ruleName} is NON_COMPLIANT`;
  if (trigger.resourceType === 'AWS::CloudTrail::Trail') {
    return { targets: [{ ref: trigger.resourceId, wanted: TRAIL_CONFIG_RULES[rule] ?? [], selectors: false, restart: rule === 'cloudtrail-enabled', why }, BASELINE_CHECK] };
  }
  return { targets: [{ ...BASELINE_CHECK, why }] };
}

/**
 * The booleans an UpdateTrail request switched off (the console sends false rather than omitting). Where the trail
 * delivers (bucket, log group, key, topic) is not a strength to restore but a redirect: see `deliveryChanges`.
 */
export function turnedOff(request: Record<string, unknown>): TrailSetting[] {
  const off: TrailSetting[] = [];
  if (request.isMultiRegionTrail === false) off.push('multiRegion');
  if (request.includeGlobalServiceEvents === false) off.push('globalServiceEvents');
  if (request.enableLogFileValidation === false) off.push('logFileValidation');
  return off;
}

/**
 * The delivery settings an UpdateTrail request set, whatever their value (another bucket is not "weaker", and "" is
 * a removal). The value after the call comes from responseElements (the trail as AWS left it), else from the request.
 */
export function deliveryChanges(request: Record<string, unknown>, response: Record<string, unknown> | null): DeliveryChange[] {
  const result = response ?? {};
  const sent = (...keys: string[]): boolean => keys.some((key) => typeof request[key] === 'string');
  const value = (key: string): string => text(result[key]) ?? text(request[key]) ?? '';
  const changes: DeliveryChange[] = [];
  if (sent('s3BucketName', 's3KeyPrefix')) {
    // The response lists the trail as AWS left it: no s3KeyPrefix there means none. Without a response, it is unknown.
    const prefix = text(result.s3KeyPrefix) ?? text(request.s3KeyPrefix) ?? (response ? '' : '(prefix not in the event)');
    changes.push({ setting: 's3', after: `s3://${value('s3BucketName') || '(bucket not in the event)'}/${prefix}` });
  }
  if (sent('cloudWatchLogsLogGroupArn', 'cloudWatchLogsRoleArn')) {
    const group = value('cloudWatchLogsLogGroupArn');
    changes.push({ setting: 'cloudWatchLogs', after: group ? `${group} (role ${value('cloudWatchLogsRoleArn') || 'none'})` : '' });
  }
  if (sent('kmsKeyId')) changes.push({ setting: 'kms', after: value('kmsKeyId') });
  if (sent('snsTopicName')) changes.push({ setting: 'sns', after: str(result.snsTopicARN) ?? value('snsTopicName') });
  return changes;
}

function everyTrail(why: string): TrailTarget {
  return { every: true, wanted: [], selectors: false, restart: true, why };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
