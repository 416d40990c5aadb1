/** reenable-trail when AWS misbehaves: organization trails, access denied, throttling, failed verification. */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { RemediationFailedError } from '../../../../shared/errors';
import { handleEvent } from '../../../../shared/pipeline';
import { trailProtection } from '../../../../shared/remediations/trail';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const BASELINE_ENV = { TRAIL_NAME: 'chain-guard-baseline', TRAIL_HOME_REGION: 'us-east-1', TRAIL_S3_BUCKET: 'chain-guard-audit-logs', TRAIL_S3_KEY_PREFIX: 'cloudtrail' };
const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail';
const ORG_TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-management-trail';

const cloudTrailMock = mockClient(CloudTrailClient);
const snsMock = mockClient(SNSClient);

/** A healthy, non-organization trail as GetTrail returns it. */
const trail = (overrides: Partial<Trail> = {}): Trail => ({
  Name: 'org-management-trail',
  TrailARN: TRAIL_ARN,
  HomeRegion: 'us-east-1',
  S3BucketName: 'org-audit-logs',
  IsMultiRegionTrail: true,
  IncludeGlobalServiceEvents: true,
  LogFileValidationEnabled: true,
  IsOrganizationTrail: false,
  ...overrides,
});

/** StopLogging on a trail named by ARN (us-east-1, account 111122223333). */
const stopLoggingByArn = (): Record<string, unknown> => loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn');
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC, ...BASELINE_ENV }), clients: createClients({ maxAttempts: 1 }) });

beforeEach(() => {
  cloudTrailMock.reset();
  snsMock.reset();
  cloudTrailMock.on(DescribeTrailsCommand).resolves({ trailList: [] });
  cloudTrailMock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  cloudTrailMock.on(StartLoggingCommand).resolves({});
  cloudTrailMock.on(UpdateTrailCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('an organization trail seen from a member account', () => {
  beforeEach(() => {
    cloudTrailMock.on(GetTrailCommand).resolves({ Trail: trail({ TrailARN: ORG_TRAIL_ARN, IsOrganizationTrail: true }) });
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: false });
  });

  it('resolves as skipped', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    const result = await handleEvent(trailProtection, event, deps());

    // Assess
    expect([result.outcome, result.verified]).toEqual(['skipped', false]);
  });

  it('names the management account and the start-logging command to run there', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    const result = await handleEvent(trailProtection, event, deps());

    // Assess
    expect(result.actionNeeded).toBe(
      `${ORG_TRAIL_ARN} is an organization trail: only the management account 999999999999 can change it. There, run: aws cloudtrail start-logging --region us-east-1 --name ${ORG_TRAIL_ARN} (and check its settings)`,
    );
  });

  it('sends neither StartLogging nor UpdateTrail', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    await handleEvent(trailProtection, event, deps());

    // Assess
    expect(cloudTrailMock).not.toHaveReceivedCommand(StartLoggingCommand);
    expect(cloudTrailMock).not.toHaveReceivedCommand(UpdateTrailCommand);
  });

  it('publishes an ACTION NEEDED message with HIGH severity', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    await handleEvent(trailProtection, event, deps());

    // Assess
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: expect.stringMatching(/^\[SKIPPED\] /),
      Message: expect.stringContaining('ACTION NEEDED: ') as string,
      MessageAttributes: expect.objectContaining({ severity: { DataType: 'String', StringValue: 'HIGH' } }),
    });
  });
});

describe('StartLogging is denied', () => {
  beforeEach(() => {
    cloudTrailMock.on(GetTrailCommand).resolves({ Trail: trail() });
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    cloudTrailMock.on(StartLoggingCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:StartLogging'));
  });

  it('rejects with a RemediationFailedError whose result is failed', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    const error = await rejectionOf(handleEvent(trailProtection, event, deps()));

    // Assess
    expect(error).toBeInstanceOf(RemediationFailedError);
    expect(failedResult(error).outcome).toBe('failed');
  });

  it('names the denied call and its error code in the failed result', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    const error = await rejectionOf(handleEvent(trailProtection, event, deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ error: expect.stringContaining('StartLogging failed: AccessDeniedException') }));
  });

  it('publishes a [FAILED] notification before rejecting', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    await rejectionOf(handleEvent(trailProtection, event, deps()));

    // Assess
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: expect.stringMatching(/^\[FAILED\] /),
      MessageAttributes: expect.objectContaining({ outcome: { DataType: 'String', StringValue: 'failed' } }),
    });
  });
});

describe('throttling on GetTrail', () => {
  beforeEach(() => {
    cloudTrailMock.on(GetTrailCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: false });
  });

  it('fails and names the throttled call and its error code', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    const error = await rejectionOf(handleEvent(trailProtection, event, deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('GetTrail failed: ThrottlingException') }));
  });

  it('starts nothing on a trail it could not read', async () => {
    // Prepare
    const event = stopLoggingByArn();

    // Act
    await rejectionOf(handleEvent(trailProtection, event, deps()));

    // Assess
    expect(cloudTrailMock).not.toHaveReceivedCommand(StartLoggingCommand);
  });
});

describe('verification after StartLogging', () => {
  it('fails when the re-read status still says the trail is not logging', async () => {
    // Prepare
    cloudTrailMock.on(GetTrailCommand).resolves({ Trail: trail() });
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: false });

    // Act
    const error = await rejectionOf(handleEvent(trailProtection, stopLoggingByArn(), deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining(`${TRAIL_ARN} is still not logging after StartLogging`) }));
  });

  it('had sent StartLogging for the trail ARN before the verification failed', async () => {
    // Prepare
    cloudTrailMock.on(GetTrailCommand).resolves({ Trail: trail() });
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: false });

    // Act
    await rejectionOf(handleEvent(trailProtection, stopLoggingByArn(), deps()));

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandWith(StartLoggingCommand, { Name: TRAIL_ARN });
  });

  it('remediates and verifies when the re-read status says the trail logs again', async () => {
    // Prepare
    cloudTrailMock.on(GetTrailCommand).resolves({ Trail: trail() });
    cloudTrailMock.on(GetTrailStatusCommand).resolvesOnce({ IsLogging: false }).resolves({ IsLogging: true });

    // Act
    const result = await handleEvent(trailProtection, stopLoggingByArn(), deps());

    // Assess
    expect([result.outcome, result.verified]).toEqual(['remediated', true]);
  });
});
