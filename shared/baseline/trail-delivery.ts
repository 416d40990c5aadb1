/**
 * Where a trail delivers: its S3 bucket and prefix, CloudWatch Logs group and role, KMS key and SNS topic.
 * Redirecting any of them is never "compliant": on the baseline trail the baseline's values are put back
 * (planTrailUpdate); anything else (another trail, or a setting the baseline does not pin) is reported, before -> after,
 * and left as it is. An UpdateTrail event only holds the new values: the previous one is not guessed.
 */
import type { TrailBaseline, TrailSettings } from './trail';

/** The delivery settings of a trail. */
export const DELIVERY_SETTINGS = ['s3', 'cloudWatchLogs', 'kms', 'sns'] as const;
export type DeliverySetting = (typeof DELIVERY_SETTINGS)[number];

/** A delivery setting an UpdateTrail call set, as its event shows it. */
export interface DeliveryChange {
  setting: DeliverySetting;
  /** The value after the call, as people read it; '' when the call removed it. */
  after: string;
}

/** A redirect reported to a person: what changed (before -> after), why it was left, and how to undo it. */
export interface DeliveryRedirect {
  setting: DeliverySetting;
  what: string;
  reason: string;
  actionNeeded: string;
}

/** Said instead of a previous value: UpdateTrail records only the new one. */
export const PREVIOUS_UNKNOWN = 'previous value not in the event';

const LABEL: Readonly<Record<DeliverySetting, string>> = { s3: 'S3 delivery', cloudWatchLogs: 'CloudWatch Logs delivery', kms: 'KMS key', sns: 'SNS topic' };
const FLAGS: Readonly<Record<DeliverySetting, string>> = {
  s3: '--s3-bucket-name <previous bucket> --s3-key-prefix <previous prefix>',
  cloudWatchLogs: '--cloud-watch-logs-log-group-arn <previous log group ARN> --cloud-watch-logs-role-arn <previous role ARN>',
  kms: '--kms-key-id <previous key ARN>',
  sns: '--sns-topic-name <previous topic>',
};
const UNSET: Readonly<Record<DeliverySetting, string>> = { s3: 'no S3 delivery', cloudWatchLogs: 'no CloudWatch Logs delivery', kms: 'no KMS key', sns: 'no SNS topic' };

/** True when the baseline pins this setting of the baseline trail, so planTrailUpdate puts its value back. */
export function baselinePins(setting: DeliverySetting, baseline: TrailBaseline): boolean {
  if (setting === 's3') return true;
  if (setting === 'cloudWatchLogs') return Boolean(baseline.cloudWatchLogsLogGroupArn && baseline.cloudWatchLogsRoleArn);
  if (setting === 'kms') return Boolean(baseline.kmsKeyId);
  return false;
}

/** The baseline's value of a pinned setting, written as DeliveryChange.after is. */
function baselineValue(setting: DeliverySetting, baseline: TrailBaseline): string {
  if (setting === 's3') return `s3://${baseline.s3BucketName}/${baseline.s3KeyPrefix ?? ''}`;
  if (setting === 'cloudWatchLogs') return `${baseline.cloudWatchLogsLogGroupArn ?? ''} (role ${baseline.cloudWatchLogsRoleArn ?? 'none'})`;
  return setting === 'kms' ? (baseline.kmsKeyId ?? '') : '';
}

/**
 * The redirects to report: every one on another trail; on the baseline trail, those the baseline does not pin, and
 * those it pins that are back to the baseline already (`restored`: the settings the plan puts back, shown as actions):
 * a redirect undone before we looked still sent log files elsewhere in between.
 */
export function redirectsToReport(changes: readonly DeliveryChange[], trail: TrailSettings, baseline: TrailBaseline | undefined, isBaselineTrail: boolean, restored: ReadonlySet<string> = new Set()): DeliveryRedirect[] {
  const onBaseline = isBaselineTrail && baseline !== undefined;
  const reports: DeliveryRedirect[] = [];
  for (const change of changes) {
    const after = change.after === '' ? 'none' : change.after;
    const label = LABEL[change.setting];
    if (onBaseline && baselinePins(change.setting, baseline)) {
      const base = baselineValue(change.setting, baseline);
      if (change.after === base || restored.has(change.setting)) continue;
      reports.push({
        setting: change.setting,
        what: `${label}: set to ${after} by UpdateTrail, back to the baseline ${base} by now`,
        reason: 'already back to the baseline: nothing to restore',
        actionNeeded: `${trail.name}: ${label} was set to ${after} by UpdateTrail and is back to the baseline (${base}) by now: what the trail delivered in between went to ${after}. Check who made both calls`,
      });
      continue;
    }
    reports.push(reported(change.setting, after, trail, onBaseline));
  }
  return reports;
}

function reported(setting: DeliverySetting, after: string, trail: TrailSettings, onBaseline: boolean): DeliveryRedirect {
  const label = LABEL[setting];
  const left = onBaseline ? `the baseline sets ${UNSET[setting]}, so it was left as it is` : 'it is not the baseline trail, so it was left as it is';
  const undo = `aws cloudtrail update-trail --region ${trail.homeRegion} --name ${trail.arn} ${FLAGS[setting]}`;
  return {
    setting,
    what: `${label}: ${PREVIOUS_UNKNOWN} -> ${after}`,
    reason: onBaseline ? `the baseline sets ${UNSET[setting]}: reported, not changed` : 'not the baseline trail: reported, never rewritten',
    actionNeeded: `${trail.name}: ${label} set to ${after} by UpdateTrail (${PREVIOUS_UNKNOWN}); ${left}. If that was not intended, restore the previous value: ${undo}`,
  };
}
