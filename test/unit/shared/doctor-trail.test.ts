/** The chain doctor's trail links on states built with mocks: a trail of another region that borrows the baseline trail's name. */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../shared/aws/clients';
import { examineChain, type LinkReport } from '../../../shared/doctor';
import type { Deps } from '../../../shared/remediations/types';
import { testConfig } from '../../support/deps';

const NOW = new Date('2026-11-23T12:00:00Z');
const cloudtrail = mockClient(CloudTrailClient);
const logs = mockClient(CloudWatchLogsClient);
// The other links are not looked at here: their clients answer nothing.
const others = [mockClient(CloudWatchClient), mockClient(SNSClient)];
const deps = (): Deps => ({
  config: testConfig({ ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:security-alerts', TRAIL_NAME: 'org', TRAIL_HOME_REGION: 'us-east-1', TRAIL_S3_BUCKET: 'org-audit-logs' }),
  clients: createClients({ maxAttempts: 1 }),
});

/** The links the doctor reports, by id. */
async function linksOf(): Promise<Record<string, LinkReport>> {
  return Object.fromEntries((await examineChain(deps(), NOW)).map((l) => [l.id, l]));
}

beforeEach(() => {
  for (const mock of [cloudtrail, logs, ...others]) mock.reset();
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestCloudWatchLogsDeliveryTime: new Date('2026-11-23T11:55:00Z') });
  cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
});

it('does not take a multi-region trail of another region, with the baseline name, for the baseline trail', async () => {
  // Prepare: the baseline trail was deleted; a trail named like it, homed in us-west-2, shows in us-east-1 as a shadow trail.
  cloudtrail.on(DescribeTrailsCommand).resolves({
    trailList: [{ Name: 'org', TrailARN: 'arn:aws:cloudtrail:us-west-2:111122223333:trail/org', HomeRegion: 'us-west-2', IsMultiRegionTrail: true, S3BucketName: 'attacker-bucket' }],
  });

  // Act
  const links = await linksOf();

  // Assess
  expect(links['trail-exists']).toMatchObject({ status: 'broken', detail: 'no trail named org in us-east-1' });
});
