/** protect-backstops and GuardDuty trusted IP lists, against the emulator (its IP list storage): said, never changed. */
import { CreateIPSetCommand, GetIPSetCommand, GuardDutyClient, UpdateIPSetCommand } from '@aws-sdk/client-guardduty';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { backstops } from '../../../shared/remediations/backstops';
import { createDetector, createRecorder, prepareRecorderBaseline } from '../../../scripts/lib/emulator-backstops';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { scheduledEvent } from '../../../shared/events/trigger';
import { motoDeps, resetEmulator } from '../../support/deps';

const guardduty = new GuardDutyClient({ region: 'us-east-1' });
const EVENT_DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const LOCATION = 'https://s3.amazonaws.com/corp-security/trusted.txt';
let inbox: Inbox;
let baseline: Record<string, string>;
let detectorId: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `ipsets-alerts-${n}`, `ipsets-ops-${n}`);
  baseline = await prepareRecorderBaseline(`ipsets-${n}`, 'us-east-1');
  await createRecorder('us-east-1', baseline);
  detectorId = await createDetector('us-east-1');
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline });
const createIpSet = async (activate: boolean) => (await guardduty.send(new CreateIPSetCommand({ DetectorId: detectorId, Name: 'office', Format: 'TXT', Location: LOCATION, Activate: activate }))).IpSetId ?? '';
const ipSetEvent = (eventName: string, request: Record<string, unknown>) => {
  const event = withIds(loadEvent('guardduty-api-createfilter'), { [EVENT_DETECTOR]: detectorId });
  Object.assign(event.detail as Record<string, unknown>, { eventName, requestParameters: { detectorId, ...request } });
  return event;
};
const sweep = () => scheduledEvent('111122223333', 'us-east-1', { id: `ipsets-sweep-${n}`, rule: 'chain-guard-test-protect-backstops-sweep' });

it('reports an activated trusted IP list as skipped with ACTION NEEDED naming it, its file and the commands', async () => {
  const id = await createIpSet(true);

  const result = await handleEvent(backstops, ipSetEvent('CreateIPSet', { name: 'office', format: 'TXT', location: LOCATION, activate: true }), deps());

  expect([result.outcome, result.headline]).toEqual(['skipped', 'GuardDuty trusted IP list office is active: GuardDuty ignores the addresses it lists']);
  expect(result.actionNeeded).toContain(`from ${LOCATION}`);
  expect(result.actionNeeded).toContain(`aws guardduty --region us-east-1 update-ip-set --detector-id ${detectorId} --ip-set-id ${id} --no-activate`);
});

it('pages with severity MEDIUM: the list file is not judged', async () => {
  await createIpSet(true);

  await handleEvent(backstops, ipSetEvent('CreateIPSet', { name: 'office', activate: true }), deps());
  const [message] = await inbox.drain();

  expect([message?.attributes.outcome, message?.attributes.severity]).toEqual(['skipped', 'MEDIUM']);
});

it('never deactivates or deletes the list', async () => {
  const id = await createIpSet(true);

  await handleEvent(backstops, ipSetEvent('CreateIPSet', { name: 'office', activate: true }), deps());

  expect((await guardduty.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId: id }))).Status).toBe('ACTIVE');
});

it('finds nothing to say about a list created inactive', async () => {
  await createIpSet(false);

  const result = await handleEvent(backstops, ipSetEvent('CreateIPSet', { name: 'office', activate: false }), deps());

  expect(result.outcome).toBe('already-compliant');
});

it('reports a list an UpdateIPSet activated', async () => {
  const id = await createIpSet(false);
  await guardduty.send(new UpdateIPSetCommand({ DetectorId: detectorId, IpSetId: id, Activate: true }));

  const result = await handleEvent(backstops, ipSetEvent('UpdateIPSet', { ipSetId: id, activate: true }), deps());

  expect([result.outcome, result.resource.name]).toEqual(['skipped', 'office']);
});

it('reports an active list on the hourly sweep', async () => {
  await createIpSet(true);

  const result = await handleEvent(backstops, sweep(), deps());

  expect([result.outcome, result.resource.type]).toEqual(['skipped', 'AWS::GuardDuty::IPSet']);
});
