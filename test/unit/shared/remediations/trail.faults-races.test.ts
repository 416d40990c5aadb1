/** reenable-trail when AWS misbehaves: the deleted baseline trail recreated concurrently, and a trail homed in another region. */
import {
  CloudTrailClient,
  CreateTrailCommand,
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
import { handleEvent } from '../../../../shared/pipeline';
import { trailProtection } from '../../../../shared/remediations/trail';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent, withIds } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const BASELINE_ENV = { TRAIL_NAME: 'chain-guard-baseline', TRAIL_HOME_REGION: 'us-east-1', TRAIL_S3_BUCKET: 'chain-guard-audit-logs', TRAIL_S3_KEY_PREFIX: 'cloudtrail' };
const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail';
const WEST_TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-management-trail';

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

describe('the deleted baseline trail is recreated concurrently by someone else', () => {
  const event = (): Record<string, unknown> => loadEvent('config-compliance-change-account-cloudtrail-enabled');

  beforeEach(() => {
    cloudTrailMock
      .on(GetTrailCommand)
      .rejectsOnce(awsError('TrailNotFoundException', 'Unknown trail: chain-guard-baseline for the user: 111122223333'))
      .resolves({ Trail: trail({ Name: 'chain-guard-baseline', TrailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/chain-guard-baseline', S3BucketName: 'chain-guard-audit-logs' }) });
    cloudTrailMock.on(CreateTrailCommand).rejects(awsError('TrailAlreadyExistsException', 'Trail chain-guard-baseline already exists for customer: 111122223333'));
    cloudTrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  });

  it('resolves as remediated rather than failing on TrailAlreadyExistsException', async () => {
    // Prepare
    const input = event();

    // Act
    const result = await handleEvent(trailProtection, input, deps());

    // Assess
    expect([result.outcome, result.verified]).toEqual(['remediated', true]);
  });

  it('tried to create the baseline trail with the baseline bucket and prefix', async () => {
    // Prepare
    const input = event();

    // Act
    await handleEvent(trailProtection, input, deps());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandWith(CreateTrailCommand, { Name: 'chain-guard-baseline', S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: 'cloudtrail' });
  });

  it('still starts logging on the baseline trail', async () => {
    // Prepare
    const input = event();

    // Act
    await handleEvent(trailProtection, input, deps());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandWith(StartLoggingCommand, { Name: 'chain-guard-baseline' });
  });
});

describe('a trail whose home region differs from the event region', () => {
  const westEvent = (): Record<string, unknown> => withIds(stopLoggingByArn(), { [TRAIL_ARN]: WEST_TRAIL_ARN });

  /** Records the region of the client each command of `command` was sent with. */
  const regionsOf = (command: typeof StartLoggingCommand | typeof GetTrailCommand, response: object): string[] => {
    const regions: string[] = [];
    cloudTrailMock.on(command).callsFake(async (_input: unknown, getClient: () => CloudTrailClient) => {
      regions.push(await getClient().config.region());
      return response;
    });
    return regions;
  };

  beforeEach(() => {
    cloudTrailMock.on(GetTrailCommand).resolves({ Trail: trail({ TrailARN: WEST_TRAIL_ARN, HomeRegion: 'eu-west-1' }) });
    cloudTrailMock.on(GetTrailStatusCommand).resolvesOnce({ IsLogging: false }).resolves({ IsLogging: true });
  });

  it('sends StartLogging with a client of the trail home region', async () => {
    // Prepare
    const regions = regionsOf(StartLoggingCommand, {});
    const event = westEvent();

    // Act
    await handleEvent(trailProtection, event, deps());

    // Assess
    expect(regions).toEqual(['eu-west-1']);
  });

  it('reads the trail with a client of the trail home region', async () => {
    // Prepare
    const regions = regionsOf(GetTrailCommand, { Trail: trail({ TrailARN: WEST_TRAIL_ARN, HomeRegion: 'eu-west-1' }) });
    const event = westEvent();

    // Act
    await handleEvent(trailProtection, event, deps());

    // Assess
    expect(new Set(regions)).toEqual(new Set(['eu-west-1']));
  });

  it('reports the trail in its home region', async () => {
    // Prepare
    const event = westEvent();

    // Act
    const result = await handleEvent(trailProtection, event, deps());

    // Assess
    expect(result.resource).toEqual(expect.objectContaining({ id: WEST_TRAIL_ARN, region: 'eu-west-1' }));
  });
});
