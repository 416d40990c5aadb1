/** judgeDelivery: a logging trail whose log files do not arrive (broken role, disabled key, bucket policy) is broken. */
import { describeProblem, judgeDelivery, type TrailStatus } from '../../../../shared/baseline/trail-health';
import { KEY, NAME, ROLE, otherTrail, trail } from '../../../support/trail';

const NOW = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (hours: number): Date => new Date(NOW.getTime() - hours * 3_600_000);
/** A healthy status: logging for a day, last delivery to CloudWatch Logs five minutes ago. */
const status = (overrides: Partial<TrailStatus> = {}): TrailStatus => ({ IsLogging: true, StartLoggingTime: hoursAgo(24), LatestCloudWatchLogsDeliveryTime: hoursAgo(5 / 60), ...overrides });

describe('judgeDelivery finds nothing wrong', () => {
  it('when the last CloudWatch Logs delivery is recent and no error is reported', () => {
    expect(judgeDelivery(status(), trail(), NOW).problems).toEqual([]);
  });

  it('when GetTrailStatus returns no delivery field at all (the emulator), whatever the trail delivers to', () => {
    const health = judgeDelivery({ IsLogging: true, StartLoggingTime: hoursAgo(48) }, trail(), NOW);

    expect(health.problems).toEqual([]);
  });

  it('when a trail restarted an hour ago has not delivered since a day ago', () => {
    const restarted = status({ StartLoggingTime: hoursAgo(1), LatestCloudWatchLogsDeliveryTime: hoursAgo(30) });

    expect(judgeDelivery(restarted, trail(), NOW).problems).toEqual([]);
  });

  it('when a stopped trail has not delivered for a day (the stop is its own break)', () => {
    const stopped = status({ IsLogging: false, LatestCloudWatchLogsDeliveryTime: hoursAgo(24) });

    expect(judgeDelivery(stopped, trail(), NOW).problems).toEqual([]);
  });

  it('when a trail without CloudWatch Logs delivery has no CloudWatch Logs delivery time', () => {
    const health = judgeDelivery(status({ LatestCloudWatchLogsDeliveryTime: undefined }), otherTrail(), NOW);

    expect(health).toEqual({ problems: [], notes: [] });
  });
});

describe('judgeDelivery reports a broken CloudWatch Logs delivery', () => {
  it('naming the error text AWS gave for the logs role', () => {
    const health = judgeDelivery(status({ LatestCloudWatchLogsDeliveryError: 'AccessDenied' }), trail(), NOW);

    expect(health.problems).toEqual([expect.objectContaining({ channel: 'cloudWatchLogs', what: 'CloudTrail reports a CloudWatch Logs delivery error: "AccessDenied"' })]);
  });

  it('telling to check the role trust policy, its permissions boundary and the log group key', () => {
    const [problem] = judgeDelivery(status({ LatestCloudWatchLogsDeliveryError: 'AccessDenied' }), trail(), NOW).problems;

    expect(problem?.check).toBe(
      `check the trail's CloudWatch Logs role ${ROLE}: its trust policy must let cloudtrail.amazonaws.com assume it, and its policies and permissions boundary must allow logs:CreateLogStream and logs:PutLogEvents on chain-guard-trail; if chain-guard-trail is encrypted, its KMS key must be enabled and its key policy must allow logs.us-east-1.amazonaws.com`,
    );
  });

  it('when a trail logging for a day last delivered three hours ago', () => {
    const health = judgeDelivery(status({ LatestCloudWatchLogsDeliveryTime: hoursAgo(3) }), trail(), NOW);

    expect(health.problems.map((p) => p.what)).toEqual([
      'the last delivery to CloudWatch Logs was 3 h ago (2026-11-23T09:00:00.000Z), though it has been logging since 2026-11-22T12:00:00.000Z: nothing reaches chain-guard-trail, every metric filter on it is blind',
    ]);
  });

  it('when the delivery is older than a threshold the caller chose', () => {
    const health = judgeDelivery(status({ LatestCloudWatchLogsDeliveryTime: hoursAgo(3) }), trail(), NOW, 24);

    expect(health.problems).toEqual([]);
  });
});

describe('judgeDelivery reports a broken S3 delivery', () => {
  it('naming the error, the bucket policy and the trail KMS key to check', () => {
    const health = judgeDelivery(status({ LatestDeliveryError: 'KMS.DisabledException' }), trail(), NOW);

    expect(health.problems).toEqual([
      {
        channel: 's3',
        what: 'CloudTrail reports an S3 delivery error: "KMS.DisabledException"',
        check: `check the bucket policy of chain-guard-audit-logs: it must allow cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject; the trail's KMS key ${KEY} must be enabled and its key policy must allow cloudtrail.amazonaws.com kms:GenerateDataKey*`,
      },
    ]);
  });

  it('when only the digest files fail to arrive', () => {
    const health = judgeDelivery(status({ LatestDigestDeliveryError: 'AccessDenied' }), trail(), NOW);

    expect(health.problems.map((p) => p.channel)).toEqual(['s3']);
  });
});

describe('judgeDelivery only notes what loses no log file', () => {
  it('an SNS notification error', () => {
    const health = judgeDelivery(status({ LatestNotificationError: 'NotFound' }), trail(), NOW);

    expect(health).toMatchObject({ problems: [], notes: [`${NAME}: CloudTrail reports an SNS notification error: "NotFound"`] });
  });

  it('a logging trail with CloudWatch Logs set and no delivery recorded yet', () => {
    const health = judgeDelivery({ IsLogging: true }, trail(), NOW);

    expect(health.notes).toEqual([`${NAME}: CloudTrail reports no delivery to chain-guard-trail yet`]);
  });
});

it('describeProblem says what is broken, that the backend cannot repair it, and what to check', () => {
  const line = describeProblem(NAME, { channel: 's3', what: 'X', check: 'check Y' });

  expect(line).toBe(`${NAME}: X; the backend cannot repair this (IAM or KMS): check Y`);
});
