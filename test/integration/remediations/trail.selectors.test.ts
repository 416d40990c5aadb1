/** reenable-trail restores narrowed advanced event selectors in the shape the CIS checkers read (moto, real event shape). */
import { CloudTrailClient, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { motoDeps, resetEmulator } from '../../support/deps';

const east = new CloudTrailClient({ region: 'us-east-1' });
const WRITES_ONLY = { Name: 'management writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] };
const S3_DATA = { Name: 'S3 data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] };
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `selector-alerts-${n}`, `selector-ops-${n}`);
  baseline = await prepareBaseline(`selectors-${n}`, 'us-east-1');
  await createTrail('us-east-1', baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', { logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN, kmsKeyId: baseline.TRAIL_KMS_KEY_ID, prefix: baseline.TRAIL_S3_KEY_PREFIX });
});

/** The PutEventSelectors call as CloudTrail records it (the UpdateTrail event's envelope, this call's name and parameters). */
function putEventSelectorsEvent(advanced: unknown[]): Record<string, unknown> {
  const event = withIds(loadEvent('cloudtrail-updatetrail'), { '"eventName":"UpdateTrail"': '"eventName":"PutEventSelectors"', '"awsRegion":"us-west-2"': '"awsRegion":"us-east-1"' });
  (event.detail as Record<string, unknown>).requestParameters = { trailName: baseline.TRAIL_NAME, advancedEventSelectors: advanced };
  return event;
}

it('replaces advanced selectors narrowed to management writes by the basic all-management selector', async () => {
  // Prepare
  await east.send(new PutEventSelectorsCommand({ TrailName: baseline.TRAIL_NAME, AdvancedEventSelectors: [WRITES_ONLY] }));

  // Act
  const result = await handleEvent(trailProtection, putEventSelectorsEvent([WRITES_ONLY]), motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline }));

  // Assess
  expect([result.outcome, (await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).selectors]).toEqual(['remediated', { basic: [expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true })], advanced: [] }]);
});

it('keeps an advanced data selector and names the restored management selector as the console does, saying Steampipe will not count it', async () => {
  // Prepare
  await east.send(new PutEventSelectorsCommand({ TrailName: baseline.TRAIL_NAME, AdvancedEventSelectors: [S3_DATA, WRITES_ONLY] }));

  // Act
  const result = await handleEvent(trailProtection, putEventSelectorsEvent([S3_DATA, WRITES_ONLY]), motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline }));

  // Assess
  expect((await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).selectors).toEqual({ basic: [], advanced: [S3_DATA, { Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
  expect(result.reason).toMatch(/Steampipe's CIS CloudWatch controls read only basic selectors/);
});
