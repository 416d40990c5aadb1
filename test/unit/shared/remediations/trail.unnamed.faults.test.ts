/** reenable-trail on an event that names no trail, where moto cannot help: organization trails of another account, DescribeTrails denied. */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand, StartLoggingCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { handleEvent } from '../../../../shared/pipeline';
import { trailProtection } from '../../../../shared/remediations/trail';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const OWN_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events';
const ORG_TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-management-trail';

const cloudTrailMock = mockClient(CloudTrailClient);
const snsMock = mockClient(SNSClient);

const trail = (arn: string, overrides: Partial<Trail> = {}): Trail => ({
  Name: arn.split('/')[1],
  TrailARN: arn,
  HomeRegion: 'us-east-1',
  S3BucketName: 'audit-logs',
  IsMultiRegionTrail: true,
  IncludeGlobalServiceEvents: true,
  LogFileValidationEnabled: true,
  IsOrganizationTrail: false,
  ...overrides,
});

/** The real StopLogging, recorded without requestParameters. */
const unnamedStopLogging = (): Record<string, unknown> => {
  const event = loadEvent('cloudtrail-stoplogging');
  return { ...event, detail: { ...(event.detail as object), requestParameters: null } };
};
// No baseline trail: only the trails DescribeTrails lists are examined.
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC }), clients: createClients({ maxAttempts: 1 }) });

beforeEach(() => {
  cloudTrailMock.reset();
  snsMock.reset();
  cloudTrailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(OWN_ARN), trail(ORG_TRAIL_ARN, { IsOrganizationTrail: true })] });
  cloudTrailMock.on(GetTrailCommand, { Name: OWN_ARN }).resolves({ Trail: trail(OWN_ARN) });
  cloudTrailMock.on(GetTrailStatusCommand).resolvesOnce({ IsLogging: false }).resolves({ IsLogging: true });
  cloudTrailMock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  cloudTrailMock.on(StartLoggingCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('an organization trail of another account among the trails', () => {
  it('restarts the account own trail and touches the organization trail not at all', async () => {
    // Prepare
    const event = unnamedStopLogging();

    // Act
    const result = await handleEvent(trailProtection, event, deps());

    // Assess
    expect(result.actions.map((a) => [a.api, a.target])).toEqual([['StartLogging', OWN_ARN]]);
    expect(cloudTrailMock.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input.Name)).not.toContain(ORG_TRAIL_ARN);
  });

  it('says in the result where the organization trail is checked', async () => {
    // Prepare
    const event = unnamedStopLogging();

    // Act
    const result = await handleEvent(trailProtection, event, deps());

    // Assess
    expect(result.reason).toContain(`${ORG_TRAIL_ARN} belongs to account 999999999999 (organization trail): it is checked and restarted from there`);
  });

  it('lists the trails once, in the event region, shadow trails included', async () => {
    // Prepare
    const event = unnamedStopLogging();

    // Act
    await handleEvent(trailProtection, event, deps());

    // Assess
    expect(cloudTrailMock.commandCalls(DescribeTrailsCommand).map((c) => c.args[0].input)).toEqual([{ includeShadowTrails: true }]);
  });
});

describe('DescribeTrails is denied', () => {
  beforeEach(() => {
    cloudTrailMock.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:DescribeTrails'));
  });

  it('fails, saying no trail was checked, instead of reporting the account compliant', async () => {
    // Prepare
    const event = unnamedStopLogging();

    // Act
    const error = await rejectionOf(handleEvent(trailProtection, event, deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('the trails of the account could not be listed, so none was checked: DescribeTrails failed: AccessDeniedException') }));
  });
});
