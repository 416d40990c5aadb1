/** Organization mode: a trail stopped in a member account is restarted there, in its region, and nowhere else. */
import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';

const MEMBER = '777788889999';
const REGION = 'eu-west-1';
const TRAIL = 'stratus-red-team-ct-stop-trail-buykxbqejv';
let inbox: Inbox;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'org-trail-alerts', 'org-trail-ops');
});

/** A stopped trail named like the fixture's, in `account`/`region`. */
async function stoppedTrail(account: string, region: string): Promise<CloudTrailClient> {
  const bucket = `trail-logs-${account}-${region}`;
  await inAccount(new S3Client({ region, forcePathStyle: true }), account).send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
  const cloudtrail = inAccount(new CloudTrailClient({ region }), account);
  await cloudtrail.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: bucket }));
  await cloudtrail.send(new StartLoggingCommand({ Name: TRAIL }));
  await cloudtrail.send(new StopLoggingCommand({ Name: TRAIL }));
  return cloudtrail;
}

const logging = async (cloudtrail: CloudTrailClient): Promise<boolean> => (await cloudtrail.send(new GetTrailStatusCommand({ Name: TRAIL }))).IsLogging === true;

it('restarts the trail stopped in member eu-west-1 there, and not the stopped central trail of the same name', async () => {
  await deployMemberRole(MEMBER, 'reenable-trail');
  const member = await stoppedTrail(MEMBER, REGION);
  const central = await stoppedTrail(CENTRAL, REGION);
  const event = withIds(loadEvent('cloudtrail-stoplogging'), { [CENTRAL]: MEMBER, 'us-east-1': REGION });
  const deps = { config: testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV }), clients: createClients(), members: await centralMemberAccess('reenable-trail') };

  const result = await handleEvent(trailProtection, event, deps);

  expect(result).toMatchObject({ outcome: 'remediated', resource: { account: MEMBER, region: REGION } });
  expect([await logging(member), await logging(central)]).toEqual([true, false]);
});
