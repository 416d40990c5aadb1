/** protect-backstops against the moto emulator, driven by the real-world events. */
import { ConfigServiceClient, DeleteConfigurationRecorderCommand, DeleteDeliveryChannelCommand, PutConfigurationRecorderCommand, StopConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { DeleteDetectorCommand, GuardDutyClient, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { backstops } from '../../../shared/remediations/backstops';
import { createDetector, createRecorder, detectorStates, prepareRecorderBaseline, recorderState } from '../../../scripts/lib/emulator-backstops';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { scheduledEvent } from '../../../shared/events/trigger';
import { motoDeps, resetEmulator } from '../../support/deps';
import { ownRoleIdentity } from '../../support/identity';

const config = new ConfigServiceClient({ region: 'us-east-1' });
const guardduty = new GuardDutyClient({ region: 'us-east-1' });
const EVENT_DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `backstops-alerts-${n}`, `backstops-ops-${n}`);
  baseline = await prepareRecorderBaseline(`baseline-${n}`, 'us-east-1');
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline, ...env });
const withoutBaseline = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn });
const stopEvent = () => loadEvent('config-api-stopconfigurationrecorder');
const recorderEvent = (eventName: string, request: Record<string, unknown>) => {
  const event = withIds(stopEvent(), { '"eventName":"StopConfigurationRecorder"': `"eventName":"${eventName}"` });
  (event.detail as Record<string, unknown>).requestParameters = request;
  return event;
};
const sweep = () => scheduledEvent('111122223333', 'us-east-1', { id: `sweep-${n}`, rule: 'chain-guard-test-protect-backstops-sweep' });

describe('Config recorder', () => {
  it('restarts a stopped recorder', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

    const result = await handleEvent(backstops, stopEvent(), deps());

    expect([result.outcome, result.headline]).toEqual(['remediated', 'Config recorder default restarted']);
    expect((await recorderState('us-east-1')).recording).toBe(true);
  });

  it('restarts a stopped recorder without a recorder baseline', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

    const result = await handleEvent(backstops, stopEvent(), withoutBaseline());

    expect(result.outcome).toBe('remediated');
    expect((await recorderState('us-east-1')).recording).toBe(true);
  });

  it('recreates a deleted recorder and its delivery channel from the baseline, and starts it', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await config.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }));
    await config.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

    const result = await handleEvent(backstops, recorderEvent('DeleteConfigurationRecorder', { configurationRecorderName: 'default' }), deps());
    const state = await recorderState('us-east-1');

    expect([result.outcome, result.headline]).toEqual(['remediated', 'Config recorder default recreated and recording']);
    expect(result.actions.map((a) => a.api)).toEqual(['PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder']);
    expect(state.recording).toBe(true);
    expect(state.recorder).toEqual(expect.objectContaining({ roleARN: baseline.CONFIG_RECORDER_ROLE_ARN, recordingGroup: expect.objectContaining({ allSupported: true, includeGlobalResourceTypes: true }) }));
    expect(state.channels).toEqual([expect.objectContaining({ s3BucketName: baseline.CONFIG_DELIVERY_BUCKET, s3KeyPrefix: 'config' })]);
  });

  it('recreates a deleted delivery channel and restarts the recorder', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await config.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }));

    const result = await handleEvent(backstops, recorderEvent('DeleteDeliveryChannel', { deliveryChannelName: 'default' }), deps());

    expect(result.actions.map((a) => a.api)).toEqual(['PutDeliveryChannel', 'StartConfigurationRecorder']);
    expect((await recorderState('us-east-1')).recording).toBe(true);
  });

  it('says a deleted recorder needs a person when no recorder baseline is configured', async () => {
    const result = await handleEvent(backstops, recorderEvent('DeleteConfigurationRecorder', { configurationRecorderName: 'default' }), withoutBaseline());
    const [message] = await inbox.drain();

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toMatch(/recorder default does not exist in us-east-1 and no recorder baseline is configured/);
    expect(message?.subject).toMatch(/^\[SKIPPED\] Config recorder default needs manual action/);
  });

  it('puts back all supported types on a recorder narrowed to one type, keeping it recording', async () => {
    await createRecorder('us-east-1', baseline, { recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ['AWS::S3::Bucket'] } });

    const result = await handleEvent(backstops, recorderEvent('PutConfigurationRecorder', { configurationRecorder: { name: 'default' } }), deps());

    expect(result.outcome).toBe('remediated');
    expect((await recorderState('us-east-1')).recorder?.recordingGroup).toEqual(expect.objectContaining({ allSupported: true, includeGlobalResourceTypes: true }));
  });

  it('adds the baseline types to a list the customer extended, keeping the customer types', async () => {
    await createRecorder('us-east-1', baseline, { recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ['AWS::S3::Bucket'] } });

    await handleEvent(backstops, recorderEvent('PutConfigurationRecorder', { configurationRecorder: { name: 'default' } }), deps({ CONFIG_RESOURCE_TYPES: 'AWS::EC2::SecurityGroup,AWS::CloudTrail::Trail' }));

    expect((await recorderState('us-east-1')).recorder?.recordingGroup?.resourceTypes).toEqual(['AWS::S3::Bucket', 'AWS::EC2::SecurityGroup', 'AWS::CloudTrail::Trail']);
  });

  it('changes nothing and says what it would do in report mode', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

    const result = await handleEvent(backstops, stopEvent(), deps({ REMEDIATION_MODE: 'report' }));

    expect([result.outcome, result.actions.map((a) => a.status)]).toEqual(['reported', ['planned']]);
    expect((await recorderState('us-east-1')).recording).toBe(false);
  });

  it('prints in report mode the exact command that would restart the recorder', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await inbox.drain();

    await handleEvent(backstops, stopEvent(), deps({ REMEDIATION_MODE: 'report' }));

    expect((await inbox.drain())[0]?.message).toContain('aws configservice --region us-east-1 start-configuration-recorder --configuration-recorder-name default');
  });

  it('ignores the backend own call (loop guard)', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    const event = stopEvent();
    (event.detail as Record<string, unknown>).userIdentity = ownRoleIdentity('protect-backstops');

    const result = await handleEvent(backstops, event, deps());

    expect(result.outcome).toBe('ignored');
    expect((await recorderState('us-east-1')).recording).toBe(false);
  });

  it('changes nothing for a failed StopConfigurationRecorder call', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: baseline.CONFIG_RECORDER_ROLE_ARN, recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] } } }));
    const event = stopEvent();
    (event.detail as Record<string, unknown>).errorCode = 'AccessDenied';

    const result = await handleEvent(backstops, event, deps());

    expect(result.outcome).toBe('ignored');
    expect((await recorderState('us-east-1')).recorder?.recordingGroup?.allSupported).toBe(false);
  });
});

describe('GuardDuty detector', () => {
  it('re-enables a disabled detector', async () => {
    const id = await createDetector('us-east-1');
    await guardduty.send(new UpdateDetectorCommand({ DetectorId: id, Enable: false }));

    const result = await handleEvent(backstops, withIds(loadEvent('guardduty-api-updatedetector-disable'), { [EVENT_DETECTOR]: id }), deps());

    expect([result.outcome, result.headline]).toEqual(['remediated', `GuardDuty detector ${id} re-enabled`]);
    expect(await detectorStates('us-east-1')).toEqual([{ id, status: 'ENABLED' }]);
  });

  it('recreates a deleted detector and says its findings and settings are gone', async () => {
    const id = await createDetector('us-east-1');
    await guardduty.send(new DeleteDetectorCommand({ DetectorId: id }));

    const result = await handleEvent(backstops, withIds(loadEvent('guardduty-api-deletedetector'), { [EVENT_DETECTOR]: id }), deps());
    const [message] = await inbox.drain();
    const detectors = await detectorStates('us-east-1');

    expect(result.outcome).toBe('remediated');
    expect(detectors).toEqual([{ id: expect.not.stringMatching(id), status: 'ENABLED' }]);
    expect(message?.message).toContain('findings, suppression rules and filters');
    expect(message?.message).toContain(`aws guardduty --region us-east-1 delete-detector --detector-id ${detectors[0]?.id}`);
  });

  it('ignores an UpdateDetector that does not disable the detector', async () => {
    const event = loadEvent('guardduty-api-updatedetector-disable');
    (event.detail as Record<string, unknown>).requestParameters = { detectorId: EVENT_DETECTOR, findingPublishingFrequency: 'FIFTEEN_MINUTES' };

    const result = await handleEvent(backstops, event, deps());

    expect(result.outcome).toBe('ignored');
  });
});

describe('the hourly sweep', () => {
  it('restarts the stopped recorder and re-enables the disabled detector', async () => {
    await createRecorder('us-east-1', baseline);
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    const id = await createDetector('us-east-1');
    await guardduty.send(new UpdateDetectorCommand({ DetectorId: id, Enable: false }));

    const result = await handleEvent(backstops, sweep(), deps());

    expect([result.outcome, result.headline]).toEqual(['remediated', `Backstops restored: Config recorder default restarted, GuardDuty detector ${id} re-enabled`]);
    expect((await recorderState('us-east-1')).recording).toBe(true);
    expect(await detectorStates('us-east-1')).toEqual([{ id, status: 'ENABLED' }]);
  });

  it('finds everything on and notifies nobody', async () => {
    await createRecorder('us-east-1', baseline);
    await createDetector('us-east-1');

    const result = await handleEvent(backstops, sweep(), deps());

    expect(result.outcome).toBe('already-compliant');
    expect(await inbox.drain()).toEqual([]);
  });

  it('creates no detector where there is none when GUARDDUTY_REQUIRED is false', async () => {
    await createRecorder('us-east-1', baseline);

    const result = await handleEvent(backstops, sweep(), deps({ GUARDDUTY_REQUIRED: 'false' }));

    expect(result.outcome).toBe('already-compliant');
    expect(await detectorStates('us-east-1')).toEqual([]);
  });
});
