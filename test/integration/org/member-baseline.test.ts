/**
 * Organization mode, per-account baselines: a member's deleted baseline trail is recreated in the member with the
 * member's own bucket, log group and role (`${AccountId}` / `${Region}` resolved for it); a baseline naming the central
 * account's role is not passed to the member's trail: ACTION NEEDED, and nothing is written anywhere.
 */
import { CloudTrailClient, CreateTrailCommand, DescribeTrailsCommand, GetTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, ORG_ENV, centralMemberAccess, createTrustedRole, deployMemberRole, inAccount } from '../../support/org';

const MEMBER = '777788889999';
const REGION = 'eu-west-1';
const TRAIL = 'org-baseline';
const LOG_GROUP = '/org/trail';
let inbox: Inbox;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'org-baseline-alerts', 'org-baseline-ops');
});

/** What the member's own StackSet would hold: the bucket, log group and role the member's trail delivers with. */
async function memberDelivery(account: string): Promise<void> {
  await inAccount(new S3Client({ region: REGION, forcePathStyle: true }), account).send(new CreateBucketCommand({ Bucket: `audit-${account}`, CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await inAccount(new CloudWatchLogsClient({ region: REGION }), account).send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
  await createTrustedRole(account, 'trail-to-logs', `arn:aws:iam::${account}:root`);
}

const trailsIn = async (account: string): Promise<string[]> => ((await inAccount(new CloudTrailClient({ region: REGION }), account).send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => t.Name ?? '');

/** The member's DeleteTrail event, handled by the central stack with `baseline` as its TRAIL_* settings. */
async function deletedInMember(baseline: Record<string, string>): ReturnType<typeof handleEvent> {
  await deployMemberRole(MEMBER, 'reenable-trail');
  await memberDelivery(MEMBER);
  const event = withIds(loadEvent('cloudtrail-deletetrail'), { [CENTRAL]: MEMBER, 'us-east-1': REGION, 'stratus-red-team-cloudtraild-trail-kvrwohmiai': TRAIL });
  const config = testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, TRAIL_NAME: TRAIL, TRAIL_HOME_REGION: REGION, ...baseline });
  return handleEvent(trailProtection, event, { config, clients: createClients(), members: await centralMemberAccess('reenable-trail') });
}

it('recreates the member trail with the member account own bucket, log group and role', async () => {
  const result = await deletedInMember({
    TRAIL_S3_BUCKET: 'audit-${AccountId}',
    TRAIL_CLOUDWATCH_LOG_GROUP_ARN: `arn:aws:logs:\${Region}:\${AccountId}:log-group:${LOG_GROUP}:*`,
    TRAIL_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/trail-to-logs',
  });

  const trail = (await inAccount(new CloudTrailClient({ region: REGION }), MEMBER).send(new GetTrailCommand({ Name: TRAIL }))).Trail;
  expect(result).toMatchObject({ outcome: 'remediated', resource: { account: MEMBER, region: REGION } });
  expect(trail).toMatchObject({ S3BucketName: `audit-${MEMBER}`, CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${MEMBER}:log-group:${LOG_GROUP}:*`, CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER}:role/trail-to-logs` });
  expect(await trailsIn(CENTRAL)).toEqual([]);
});

it('does not pass the central account role to the member trail: ACTION NEEDED naming the setting, and no trail created anywhere', async () => {
  const result = await deletedInMember({
    TRAIL_S3_BUCKET: `audit-${MEMBER}`,
    TRAIL_CLOUDWATCH_LOG_GROUP_ARN: `arn:aws:logs:${REGION}:${CENTRAL}:log-group:${LOG_GROUP}:*`,
    TRAIL_CLOUDWATCH_ROLE_ARN: `arn:aws:iam::${CENTRAL}:role/trail-to-logs`,
  });

  expect(result).toMatchObject({ outcome: 'skipped', actions: [], actionNeeded: expect.stringContaining(`TRAIL_CLOUDWATCH_ROLE_ARN (param trailLogsRoleArn) is arn:aws:iam::${CENTRAL}:role/trail-to-logs`) });
  expect(result.actionNeeded).toContain('trailLogsRoleArn=arn:aws:iam::${AccountId}:role/trail-to-logs');
  expect([await trailsIn(MEMBER), await trailsIn(CENTRAL)]).toEqual([[], []]);
  expect((await inbox.drain()).map((n) => n.message)).toEqual([expect.stringContaining('ACTION NEEDED')]);
});

it('resolves ${Region} of the trail settings for the trail home region, not for the region of an event about another trail', async () => {
  // The member's intact baseline trail, in its home region, delivering to its home region's log group.
  await deployMemberRole(MEMBER, 'reenable-trail');
  await memberDelivery(MEMBER);
  const logGroupArn = `arn:aws:logs:${REGION}:${MEMBER}:log-group:${LOG_GROUP}:*`;
  const cloudtrail = inAccount(new CloudTrailClient({ region: REGION }), MEMBER);
  await cloudtrail.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: `audit-${MEMBER}`, IsMultiRegionTrail: true, EnableLogFileValidation: true, CloudWatchLogsLogGroupArn: logGroupArn, CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER}:role/trail-to-logs` }));
  await cloudtrail.send(new StartLoggingCommand({ Name: TRAIL }));
  // Attack: the member deletes a trail of its own in another region; the event's region is us-east-2.
  const event = withIds(loadEvent('cloudtrail-deletetrail'), { [CENTRAL]: MEMBER, 'us-east-1': 'us-east-2', 'stratus-red-team-cloudtraild-trail-kvrwohmiai': 'scratch' });
  const config = testConfig({
    ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV, TRAIL_NAME: TRAIL, TRAIL_HOME_REGION: REGION, TRAIL_S3_BUCKET: 'audit-${AccountId}',
    TRAIL_CLOUDWATCH_LOG_GROUP_ARN: `arn:aws:logs:\${Region}:\${AccountId}:log-group:${LOG_GROUP}:*`, TRAIL_CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::${AccountId}:role/trail-to-logs',
  });

  const result = await handleEvent(trailProtection, event, { config, clients: createClients(), members: await centralMemberAccess('reenable-trail') });

  const trail = (await cloudtrail.send(new GetTrailCommand({ Name: TRAIL }))).Trail;
  expect(trail?.CloudWatchLogsLogGroupArn).toBe(logGroupArn);
  expect(result.actions.filter((a) => a.api === 'UpdateTrail')).toEqual([]);
});
