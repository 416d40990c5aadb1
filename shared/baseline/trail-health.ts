/**
 * Whether a logging trail's log files actually arrive, judged from GetTrailStatus alone (pure). A trail can keep
 * IsLogging=true and match its baseline while nothing reaches its log group or bucket: a deny-all permissions boundary
 * or a rewritten trust policy on its CloudWatch Logs role, a disabled KMS key. None of that is the trail's setting, so
 * no UpdateTrail repairs it: a person must fix IAM or KMS. Used by reenable-trail and the chain doctor.
 * A field AWS (or the emulator) does not return is never a problem: it only makes the judgement less complete.
 */
import type { GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { logGroupNameOfArn, type TrailSettings } from './trail';

/**
 * CloudTrail delivers to CloudWatch Logs about every 5 minutes while there are events, and this backend's own hourly
 * sweeps are events: no delivery for longer than this, on a trail logging for longer than this, means delivery fails.
 */
export const STALE_LOGS_DELIVERY_HOURS = 2;

/** The status fields the judgement reads (GetTrailStatus). */
export type TrailStatus = Pick<
  GetTrailStatusCommandOutput,
  'IsLogging' | 'LatestCloudWatchLogsDeliveryError' | 'LatestCloudWatchLogsDeliveryTime' | 'LatestDeliveryError' | 'LatestDigestDeliveryError' | 'LatestNotificationError' | 'StartLoggingTime'
>;

/** Where the trail's files go, as far as the judgement needs it. */
export type DeliveryTargets = Pick<TrailSettings, 'name' | 'homeRegion' | 's3BucketName' | 'kmsKeyId' | 'cloudWatchLogsLogGroupArn' | 'cloudWatchLogsRoleArn'>;

/** One broken delivery: what AWS reports, and what a person must check (the backend cannot repair IAM or KMS). */
export interface DeliveryProblem {
  channel: 'cloudWatchLogs' | 's3';
  what: string;
  check: string;
}

/** The judgement: broken deliveries, things worth saying that are not broken, and the last CloudWatch Logs delivery. */
export interface DeliveryHealth {
  problems: DeliveryProblem[];
  notes: string[];
  lastLogsDelivery?: Date;
}

/** Judges the delivery of one trail at `now`. Only a logging trail's staleness is judged; reported errors always count. */
export function judgeDelivery(status: TrailStatus, trail: DeliveryTargets, now: Date, staleHours: number = STALE_LOGS_DELIVERY_HOURS): DeliveryHealth {
  const health: DeliveryHealth = { problems: [], notes: [], ...(status.LatestCloudWatchLogsDeliveryTime ? { lastLogsDelivery: status.LatestCloudWatchLogsDeliveryTime } : {}) };
  const group = logGroupNameOfArn(trail.cloudWatchLogsLogGroupArn) ?? trail.cloudWatchLogsLogGroupArn;
  if (group) {
    const check = logsCheck(trail, group);
    if (status.LatestCloudWatchLogsDeliveryError) {
      health.problems.push({ channel: 'cloudWatchLogs', what: `CloudTrail reports a CloudWatch Logs delivery error: "${status.LatestCloudWatchLogsDeliveryError}"`, check });
    } else {
      const stale = staleLogsDelivery(status, now, staleHours);
      if (stale) health.problems.push({ channel: 'cloudWatchLogs', what: `${stale}: nothing reaches ${group}, every metric filter on it is blind`, check });
      else if (status.IsLogging && !status.LatestCloudWatchLogsDeliveryTime) health.notes.push(`${trail.name}: CloudTrail reports no delivery to ${group} yet`);
    }
  }
  const s3Check = bucketCheck(trail);
  if (status.LatestDeliveryError) health.problems.push({ channel: 's3', what: `CloudTrail reports an S3 delivery error: "${status.LatestDeliveryError}"`, check: s3Check });
  if (status.LatestDigestDeliveryError) health.problems.push({ channel: 's3', what: `CloudTrail reports a digest file delivery error: "${status.LatestDigestDeliveryError}"`, check: s3Check });
  // The baseline sets no SNS topic; a notification error loses no log file, so it is said, not judged broken.
  if (status.LatestNotificationError) health.notes.push(`${trail.name}: CloudTrail reports an SNS notification error: "${status.LatestNotificationError}"`);
  return health;
}

/** The stale-delivery sentence, or undefined: only for a trail that has been logging for longer than `staleHours`. */
function staleLogsDelivery(status: TrailStatus, now: Date, staleHours: number): string | undefined {
  const last = status.LatestCloudWatchLogsDeliveryTime;
  if (!status.IsLogging || !last) return undefined;
  const limit = staleHours * 3_600_000;
  const started = status.StartLoggingTime;
  // A trail (re)started within the window has had no time to deliver since: its old delivery time says nothing.
  if (started && now.getTime() - started.getTime() <= limit) return undefined;
  const age = now.getTime() - last.getTime();
  if (age <= limit) return undefined;
  const since = started ? `, though it has been logging since ${started.toISOString()}` : '';
  return `the last delivery to CloudWatch Logs was ${Math.floor(age / 3_600_000)} h ago (${last.toISOString()})${since}`;
}

function logsCheck(trail: DeliveryTargets, group: string): string {
  const role = trail.cloudWatchLogsRoleArn ?? '(no role set on the trail)';
  const region = /^arn:[^:]+:logs:([^:]+):/.exec(trail.cloudWatchLogsLogGroupArn ?? '')?.[1] ?? trail.homeRegion;
  return (
    `check the trail's CloudWatch Logs role ${role}: its trust policy must let cloudtrail.amazonaws.com assume it, and its policies and ` +
    `permissions boundary must allow logs:CreateLogStream and logs:PutLogEvents on ${group}; if ${group} is encrypted, its KMS key must be ` +
    `enabled and its key policy must allow logs.${region}.amazonaws.com`
  );
}

function bucketCheck(trail: DeliveryTargets): string {
  const key = trail.kmsKeyId ? `; the trail's KMS key ${trail.kmsKeyId} must be enabled and its key policy must allow cloudtrail.amazonaws.com kms:GenerateDataKey*` : '';
  return `check the bucket policy of ${trail.s3BucketName ?? '(no bucket set)'}: it must allow cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject${key}`;
}

/** One problem as one line for people: what is broken, then what to check. */
export function describeProblem(trail: string, problem: DeliveryProblem): string {
  return `${trail}: ${problem.what}; the backend cannot repair this (IAM or KMS): ${problem.check}`;
}
