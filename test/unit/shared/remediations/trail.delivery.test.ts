/** reenable-trail on a trail that logs but whose log files do not arrive (broken logs role, disabled key): states moto cannot produce. */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand, StartLoggingCommand, UpdateTrailCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { scheduledEvent } from '../../../../shared/events/trigger';
import { handleEvent } from '../../../../shared/pipeline';
import { trailProtection } from '../../../../shared/remediations/trail';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent, withIds } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { failedResult, rejectionOf } from '../../../support/faults';

const NOW = Date.UTC(2026, 10, 23, 12);
const hoursAgo = (hours: number): Date => new Date(NOW - hours * 3_600_000);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const NAME = 'chain-guard-baseline';
const ARN = `arn:aws:cloudtrail:us-east-1:111122223333:trail/${NAME}`;
const OTHER_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/team-trail';
const GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:/cloudtrail/org:*';
const ROLE = 'arn:aws:iam::111122223333:role/cloudtrail-to-logs';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555';
const BASELINE_ENV = { TRAIL_NAME: NAME, TRAIL_HOME_REGION: 'us-east-1', TRAIL_S3_BUCKET: 'org-audit-logs', TRAIL_KMS_KEY_ID: KEY, TRAIL_CLOUDWATCH_LOG_GROUP_ARN: GROUP, TRAIL_CLOUDWATCH_ROLE_ARN: ROLE };

const cloudTrailMock = mockClient(CloudTrailClient);
const snsMock = mockClient(SNSClient);

/** The baseline trail exactly as configured. */
const baselineTrail = (overrides: Partial<Trail> = {}): Trail => ({
  Name: NAME,
  TrailARN: ARN,
  HomeRegion: 'us-east-1',
  S3BucketName: 'org-audit-logs',
  KmsKeyId: KEY,
  CloudWatchLogsLogGroupArn: GROUP,
  CloudWatchLogsRoleArn: ROLE,
  IsMultiRegionTrail: true,
  IncludeGlobalServiceEvents: true,
  LogFileValidationEnabled: true,
  IsOrganizationTrail: false,
  ...overrides,
});
const otherTrail: Trail = { ...baselineTrail(), Name: 'team-trail', TrailARN: OTHER_ARN, S3BucketName: 'team-logs', KmsKeyId: undefined };
/** Logging for a day, last delivery to CloudWatch Logs five minutes ago. */
const healthy = { IsLogging: true, StartLoggingTime: hoursAgo(24), LatestCloudWatchLogsDeliveryTime: hoursAgo(5 / 60) };

const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC, ...BASELINE_ENV }), clients: createClients({ maxAttempts: 1 }) });
const sweep = (): Record<string, unknown> => scheduledEvent('111122223333', 'us-east-1', { id: 'trail-sweep-1', rule: 'chain-guard-test-reenable-trail-sweep', time: new Date(NOW) });

beforeEach(() => {
  cloudTrailMock.reset();
  snsMock.reset();
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
  cloudTrailMock.on(DescribeTrailsCommand).resolves({ trailList: [baselineTrail()] });
  cloudTrailMock.on(GetTrailCommand).resolves({ Trail: baselineTrail() });
  cloudTrailMock.on(GetTrailStatusCommand).resolves(healthy);
  cloudTrailMock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  cloudTrailMock.on(StartLoggingCommand).resolves({});
  cloudTrailMock.on(UpdateTrailCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

afterEach(() => jest.restoreAllMocks());

describe('the sweep of a baseline trail that logs while its CloudWatch Logs role is broken', () => {
  beforeEach(() => {
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ ...healthy, LatestCloudWatchLogsDeliveryError: 'AccessDenied: CloudTrail cannot assume the role' });
  });

  it('fails instead of reporting the trail compliant', async () => {
    const result = failedResult(await rejectionOf(handleEvent(trailProtection, sweep(), deps())));

    expect([result.outcome, result.headline]).toEqual(['failed', `Trail ${NAME} logs, but its delivery is broken`]);
  });

  it('names the error AWS gave and says to check the role trust policy and permissions boundary', async () => {
    const result = failedResult(await rejectionOf(handleEvent(trailProtection, sweep(), deps())));

    expect(result).toMatchObject({ error: `${NAME}: CloudTrail reports a CloudWatch Logs delivery error: "AccessDenied: CloudTrail cannot assume the role"` });
    expect(result.actionNeeded).toContain(`check the trail's CloudWatch Logs role ${ROLE}: its trust policy must let cloudtrail.amazonaws.com assume it, and its policies and permissions boundary`);
  });

  it('pages with CRITICAL severity and ACTION NEEDED', async () => {
    await rejectionOf(handleEvent(trailProtection, sweep(), deps()));

    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      Subject: expect.stringMatching(/^\[FAILED\] /),
      Message: expect.stringContaining('ACTION NEEDED: ') as string,
      MessageAttributes: expect.objectContaining({ severity: { DataType: 'String', StringValue: 'CRITICAL' } }),
    });
  });

  it('writes nothing (IAM is not the trail setting UpdateTrail repairs)', async () => {
    await rejectionOf(handleEvent(trailProtection, sweep(), deps()));

    expect(cloudTrailMock).not.toHaveReceivedCommand(UpdateTrailCommand);
    expect(cloudTrailMock).not.toHaveReceivedCommand(StartLoggingCommand);
  });

  it('reads the delivery health from the GetTrailStatus already made for IsLogging', async () => {
    await rejectionOf(handleEvent(trailProtection, sweep(), deps()));

    expect(cloudTrailMock).toHaveReceivedCommandTimes(GetTrailStatusCommand, 1);
  });
});

describe('the sweep of a baseline trail whose deliveries stopped without an error', () => {
  it('fails when the last CloudWatch Logs delivery is three hours old on a trail logging for a day', async () => {
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ ...healthy, LatestCloudWatchLogsDeliveryTime: hoursAgo(3) });

    const result = failedResult(await rejectionOf(handleEvent(trailProtection, sweep(), deps())));

    expect(result).toMatchObject({ error: expect.stringContaining('the last delivery to CloudWatch Logs was 3 h ago') as string });
  });

  it('fails with HIGH severity when the trail KMS key is disabled and S3 delivery fails', async () => {
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ ...healthy, LatestDeliveryError: 'KMS.DisabledException' });

    const result = failedResult(await rejectionOf(handleEvent(trailProtection, sweep(), deps())));

    expect([result.risk?.level, result.actionNeeded]).toEqual(['HIGH', expect.stringContaining(`the trail's KMS key ${KEY} must be enabled`)]);
  });

  it('stays compliant when GetTrailStatus returns no delivery field, as the emulator does', async () => {
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true, StartLoggingTime: hoursAgo(48) });

    const result = await handleEvent(trailProtection, sweep(), deps());

    expect(result.outcome).toBe('already-compliant');
  });
});

describe('a delivery this event repairs or restarts is not judged on the status read before', () => {
  it('restarts a stopped baseline trail and reports it remediated despite its old delivery error', async () => {
    cloudTrailMock.on(GetTrailStatusCommand).resolvesOnce({ IsLogging: false, LatestCloudWatchLogsDeliveryError: 'AccessDenied' }).resolves(healthy);

    const result = await handleEvent(trailProtection, sweep(), deps());

    expect([result.outcome, result.actions.map((a) => a.api)]).toEqual(['remediated', ['StartLogging']]);
  });

  it('puts the baseline logs role back and does not fail on the error the other role caused', async () => {
    const event = withIds(loadEvent('cloudtrail-updatetrail'), { 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail': ARN, '"awsRegion":"us-west-2"': '"awsRegion":"us-east-1"' });
    cloudTrailMock.on(GetTrailCommand).resolvesOnce({ Trail: baselineTrail({ CloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/attacker' }) }).resolves({ Trail: baselineTrail() });
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ ...healthy, LatestCloudWatchLogsDeliveryError: 'AccessDenied' });

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('remediated');
  });
});

describe('the sweep of another trail whose delivery is broken', () => {
  beforeEach(() => {
    cloudTrailMock.on(DescribeTrailsCommand).resolves({ trailList: [baselineTrail(), otherTrail] });
    cloudTrailMock.on(GetTrailCommand, { Name: OTHER_ARN }).resolves({ Trail: otherTrail });
    cloudTrailMock.on(GetTrailStatusCommand, { Name: OTHER_ARN }).resolves({ ...healthy, LatestDeliveryError: 'AccessDenied' });
  });

  it('is not a failure: the baseline trail is what the alarms read', async () => {
    const result = await handleEvent(trailProtection, sweep(), deps());

    expect(result.outcome).toBe('already-compliant');
  });

  it('reports the error in the result, with what to check', async () => {
    const result = await handleEvent(trailProtection, sweep(), deps());

    expect(result.kept).toEqual([
      { target: OTHER_ARN, what: 'team-trail: CloudTrail reports an S3 delivery error: "AccessDenied"', reason: expect.stringContaining('not the baseline trail: reported, not a failure; check the bucket policy of team-logs') as string },
    ]);
  });
});
