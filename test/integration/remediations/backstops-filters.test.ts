/** protect-backstops and GuardDuty suppression rules, against the moto emulator: judged and reported, never written. */
import { CreateFilterCommand, DeleteFilterCommand, GetFilterCommand, GuardDutyClient, UpdateDetectorCommand, UpdateFilterCommand, type FindingCriteria } from '@aws-sdk/client-guardduty';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { backstops } from '../../../shared/remediations/backstops';
import { createDetector, createRecorder, detectorStates, prepareRecorderBaseline } from '../../../scripts/lib/emulator-backstops';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { scheduledEvent } from '../../../shared/events/trigger';
import { motoDeps, resetEmulator } from '../../support/deps';

const guardduty = new GuardDutyClient({ region: 'us-east-1' });
const EVENT_DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const LOW_NOISE: FindingCriteria = { Criterion: { severity: { LessThan: 4 } } };
let inbox: Inbox;
let baseline: Record<string, string>;
let detectorId: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `filters-alerts-${n}`, `filters-ops-${n}`);
  baseline = await prepareRecorderBaseline(`filters-${n}`, 'us-east-1');
  await createRecorder('us-east-1', baseline);
  detectorId = await createDetector('us-east-1');
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline });
const createFilter = (name: string, criteria: FindingCriteria, action: 'ARCHIVE' | 'NOOP' = 'ARCHIVE') => guardduty.send(new CreateFilterCommand({ DetectorId: detectorId, Name: name, Action: action, FindingCriteria: criteria }));
const filterEvent = (eventName = 'CreateFilter', name = 'low-noise') => {
  const event = withIds(loadEvent('guardduty-api-createfilter'), { [EVENT_DETECTOR]: detectorId });
  const detail = event.detail as Record<string, unknown>;
  detail.eventName = eventName;
  detail.requestParameters = eventName === 'CreateFilter' ? { ...(detail.requestParameters as object), name } : { detectorId, filterName: name, action: 'ARCHIVE' };
  return event;
};
const sweep = () => scheduledEvent('111122223333', 'us-east-1', { id: `filters-sweep-${n}`, rule: 'chain-guard-test-protect-backstops-sweep' });

describe('a CreateFilter event', () => {
  it('reports an ARCHIVE rule on every LOW finding as skipped with ACTION NEEDED naming the rule and the types it silences', async () => {
    await createFilter('low-noise', LOW_NOISE);

    const result = await handleEvent(backstops, filterEvent(), deps());

    expect([result.outcome, result.headline]).toEqual(['skipped', 'GuardDuty suppression rule low-noise silences GuardDuty findings chain-guard relies on']);
    expect(result.actionNeeded).toMatch(/low-noise .*can archive Stealth:IAMUser\/CloudTrailLoggingDisabled, .*no type criterion; it also requires severity LessThan 4/);
  });

  it('gives the command that removes the rule and the one that narrows it to spare our types', async () => {
    await createFilter('low-noise', LOW_NOISE);

    const result = await handleEvent(backstops, filterEvent(), deps());

    expect(result.actionNeeded).toContain(`aws guardduty --region us-east-1 delete-filter --detector-id ${detectorId} --filter-name low-noise`);
    expect(result.actionNeeded).toContain(`update-filter --detector-id ${detectorId} --filter-name low-noise --finding-criteria '{"Criterion":{"severity":{"LessThan":4},"type":{"NotEquals":["Stealth:IAMUser/CloudTrailLoggingDisabled"`);
  });

  it('pages with severity HIGH', async () => {
    await createFilter('low-noise', LOW_NOISE);

    await handleEvent(backstops, filterEvent(), deps());
    const [message] = await inbox.drain();

    expect([message?.subject, message?.attributes.severity, message?.attributes.outcome]).toEqual([expect.stringMatching(/^\[SKIPPED\] GuardDuty suppression rule low-noise/), 'HIGH', 'skipped']);
  });

  it('never changes or deletes the rule', async () => {
    await createFilter('low-noise', LOW_NOISE);

    await handleEvent(backstops, filterEvent(), deps());
    const after = await guardduty.send(new GetFilterCommand({ DetectorId: detectorId, FilterName: 'low-noise' }));

    expect([after.Action, after.FindingCriteria]).toEqual(['ARCHIVE', LOW_NOISE]);
  });

  it('finds nothing to say about a rule whose type criterion excludes our types, and notifies nobody', async () => {
    await createFilter('scanner', { Criterion: { type: { Equals: ['Recon:EC2/PortScan'] }, severity: { LessThan: 4 } } });

    const result = await handleEvent(backstops, filterEvent('CreateFilter', 'scanner'), deps());

    expect(result.outcome).toBe('already-compliant');
    expect(await inbox.drain()).toEqual([]);
  });

  it('finds nothing to say about a filter deleted since the event', async () => {
    await createFilter('low-noise', LOW_NOISE);
    await guardduty.send(new DeleteFilterCommand({ DetectorId: detectorId, FilterName: 'low-noise' }));

    const result = await handleEvent(backstops, filterEvent(), deps());

    expect(result.outcome).toBe('already-compliant');
  });
});

describe('an UpdateFilter event', () => {
  it('reports a saved view turned into a suppression rule of CloudTrailLoggingDisabled', async () => {
    const criteria: FindingCriteria = { Criterion: { type: { Equals: ['Stealth:IAMUser/CloudTrailLoggingDisabled'] } } };
    await createFilter('trail-view', criteria, 'NOOP');
    await guardduty.send(new UpdateFilterCommand({ DetectorId: detectorId, FilterName: 'trail-view', Action: 'ARCHIVE' }));

    const result = await handleEvent(backstops, filterEvent('UpdateFilter', 'trail-view'), deps());

    expect([result.outcome, result.actionNeeded]).toEqual(['skipped', expect.stringContaining('trail-view (detector')]);
    expect(result.actionNeeded).toContain('narrow its type criterion so it excludes');
  });
});

describe('the hourly sweep', () => {
  it('finds a silencing rule among more filters than one ListFilters page holds', async () => {
    for (let i = 0; i < 52; i += 1) await createFilter(`view-${String(i).padStart(2, '0')}`, LOW_NOISE, 'NOOP');
    await createFilter('zz-quiet', { Criterion: { type: { Matches: ['Stealth:*'] } } });

    const result = await handleEvent(backstops, sweep(), deps());

    expect([result.outcome, result.resource.name]).toEqual(['skipped', 'zz-quiet']);
  });

  it('re-enables a disabled detector and still reports the silencing rule', async () => {
    await createFilter('low-noise', LOW_NOISE);
    await guardduty.send(new UpdateDetectorCommand({ DetectorId: detectorId, Enable: false }));

    const result = await handleEvent(backstops, sweep(), deps());

    expect([result.outcome, result.actionNeeded]).toEqual(['remediated', expect.stringContaining('suppression rule low-noise')]);
    expect(await detectorStates('us-east-1')).toEqual([{ id: detectorId, status: 'ENABLED' }]);
  });

  it('finds everything on, with a rule that only archives sample findings', async () => {
    await createFilter('samples', { Criterion: { 'service.additionalInfo.sample': { Equals: ['true'] } } });

    const result = await handleEvent(backstops, sweep(), deps());

    expect(result.outcome).toBe('already-compliant');
  });
});
