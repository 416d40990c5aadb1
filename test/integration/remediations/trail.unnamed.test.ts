/** reenable-trail against moto: an event that names no trail checks every trail of the account visible from its region. */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { loadEvent } from '../../../scripts/lib/events';
import { motoDeps, resetEmulator } from '../../support/deps';

const east = new CloudTrailClient({ region: 'us-east-1' });
const west = new CloudTrailClient({ region: 'us-west-2' });
let inbox: Inbox;
let baseline: Record<string, string>;
let trails: { baseline: string; other: string; west: string };
let n = 0;

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline, ...env });

/** The baseline trail, another trail of us-east-1 and a multi-region trail homed in us-west-2, all three stopped. */
beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `unnamed-alerts-${n}`, `unnamed-ops-${n}`);
  baseline = await prepareBaseline(`baseline-${n}`, 'us-east-1');
  const westBucket = (await prepareBaseline('west', 'us-west-2')).TRAIL_S3_BUCKET ?? '';
  trails = {
    baseline: await createTrail('us-east-1', baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', { prefix: 'cloudtrail', kmsKeyId: baseline.TRAIL_KMS_KEY_ID, logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN }),
    other: await createTrail('us-east-1', 'management-events', baseline.TRAIL_S3_BUCKET ?? '', { multiRegion: false }),
    west: await createTrail('us-west-2', 'west-multi-region', westBucket),
  };
  await east.send(new StopLoggingCommand({ Name: trails.baseline }));
  await east.send(new StopLoggingCommand({ Name: trails.other }));
  await west.send(new StopLoggingCommand({ Name: trails.west }));
});

const stopLoggingWithRequest = (request: unknown): Record<string, unknown> => {
  const event = loadEvent('cloudtrail-stoplogging');
  return { ...event, detail: { ...(event.detail as object), requestParameters: request } };
};
const loggingOf = async (): Promise<boolean[]> =>
  Promise.all([trailState('us-east-1', trails.baseline), trailState('us-east-1', trails.other), trailState('us-west-2', trails.west)].map(async (s) => (await s).logging));

it('restarts every stopped trail, in its home region, after a StopLogging recorded with requestParameters null', async () => {
  const result = await handleEvent(trailProtection, stopLoggingWithRequest(null), deps());

  expect(result.outcome).toBe('remediated');
  expect(await loggingOf()).toEqual([true, true, true]);
  expect(result.actions.filter((a) => a.api === 'StartLogging').map((a) => a.target).sort()).toEqual([trails.baseline, trails.other, trails.west].sort());
});

it('names how many trails it restarted in the headline', async () => {
  const result = await handleEvent(trailProtection, stopLoggingWithRequest(null), deps());

  expect(result.headline).toMatch(/^Trail \S+ and 2 other trails logging restarted$/);
});

it('restarts every stopped trail after a StopLogging whose trail name is empty', async () => {
  const result = await handleEvent(trailProtection, stopLoggingWithRequest({ name: '' }), deps());

  expect(result.outcome).toBe('remediated');
  expect(await loggingOf()).toEqual([true, true, true]);
});

it('restarts every stopped trail on a CloudTrailLoggingDisabled finding that names no trail', async () => {
  const event = loadEvent('guardduty-stealth-cloudtrail-logging-disabled');
  delete (event.detail as { service: { action: { awsApiCallAction: Record<string, unknown> } } }).service.action.awsApiCallAction.affectedResources;

  const result = await handleEvent(trailProtection, event, deps());

  expect(result.outcome).toBe('remediated');
  expect(await loggingOf()).toEqual([true, true, true]);
});

it('restarts nothing in report mode and lists every trail it would restart', async () => {
  const result = await handleEvent(trailProtection, stopLoggingWithRequest(null), deps({ REMEDIATION_MODE: 'report' }));

  expect(result.outcome).toBe('reported');
  expect(result.actions.filter((a) => a.api === 'StartLogging')).toHaveLength(3);
  expect(await loggingOf()).toEqual([false, false, false]);
});
