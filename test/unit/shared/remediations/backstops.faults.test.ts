/** protect-backstops when AWS refuses or throttles: failed, notified, thrown for a retry; one backstop failing does not stop the other. */
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateDetectorCommand, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand, ListFiltersCommand, ListIPSetsCommand, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { scheduledEvent } from '../../../../shared/events/trigger';
import { handleEvent } from '../../../../shared/pipeline';
import { backstops } from '../../../../shared/remediations/backstops';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';

const configMock = mockClient(ConfigServiceClient);
const guardDutyMock = mockClient(GuardDutyClient);
const snsMock = mockClient(SNSClient);
const RECORDER = { name: 'default', roleARN: 'arn:aws:iam::111122223333:role/config-recorder', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } };
const deps = (): Deps => ({ config: testConfig(), clients: createClients({ maxAttempts: 1 }) });
const sweep = () => scheduledEvent('111122223333', 'us-east-1', { id: 'sweep-faults', rule: 'chain-guard-test-protect-backstops-sweep' });

beforeEach(() => {
  configMock.reset();
  guardDutyMock.reset();
  snsMock.reset();
  configMock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [RECORDER] });
  configMock.on(DescribeConfigurationRecorderStatusCommand).resolvesOnce({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] }).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
  configMock.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'org-config-logs' }] });
  configMock.on(StartConfigurationRecorderCommand).resolves({});
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
  guardDutyMock.on(GetDetectorCommand).resolvesOnce({ Status: 'DISABLED', ServiceRole: 'r' }).resolves({ Status: 'ENABLED', ServiceRole: 'r' });
  guardDutyMock.on(UpdateDetectorCommand).resolves({});
  guardDutyMock.on(ListFiltersCommand).resolves({ FilterNames: [] });
  guardDutyMock.on(ListIPSetsCommand).resolves({ IpSetIds: [] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('StartConfigurationRecorder is denied', () => {
  beforeEach(() => configMock.on(StartConfigurationRecorderCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: config:StartConfigurationRecorder')));

  it('fails and throws, so that EventBridge retries', async () => {
    const error = await rejectionOf(handleEvent(backstops, loadEvent('config-api-stopconfigurationrecorder'), deps()));

    expect([failedResult(error).outcome, failedResult(error).headline]).toEqual(['failed', 'Config recorder default NOT restored']);
  });

  it('names the denied call in the failure', async () => {
    const error = await rejectionOf(handleEvent(backstops, loadEvent('config-api-stopconfigurationrecorder'), deps()));

    expect((failedResult(error) as { error: string }).error).toMatch(/StartConfigurationRecorder.*not authorized/);
  });

  it('notifies ops of the failure', async () => {
    await rejectionOf(handleEvent(backstops, loadEvent('config-api-stopconfigurationrecorder'), deps()));

    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toMatch(/^\[FAILED\] Config recorder default NOT restored/);
  });

  it('names the recorder, not the repaired detector, in the headline of the sweep', async () => {
    const error = await rejectionOf(handleEvent(backstops, sweep(), deps()));

    expect(failedResult(error).headline).toBe('Config recorder default NOT restored');
  });

  it('still re-enables the disabled detector on the sweep', async () => {
    await rejectionOf(handleEvent(backstops, sweep(), deps()));

    expect(guardDutyMock.commandCalls(UpdateDetectorCommand)[0]?.args[0].input).toEqual({ DetectorId: 'd1', Enable: true });
  });
});

describe('GuardDuty throttles', () => {
  beforeEach(() => guardDutyMock.on(ListDetectorsCommand).rejects(awsError('TooManyRequestsException', 'Rate exceeded')));

  it('fails the sweep, naming GuardDuty', async () => {
    const error = await rejectionOf(handleEvent(backstops, sweep(), deps()));

    expect((failedResult(error) as { error: string }).error).toMatch(/^GuardDuty detector: .*ListDetectors.*Rate exceeded/);
  });

  it('still restarts the recorder on the sweep', async () => {
    await rejectionOf(handleEvent(backstops, sweep(), deps()));

    expect(configMock.commandCalls(StartConfigurationRecorderCommand)).toHaveLength(1);
  });
});

describe('a detector that stays disabled after UpdateDetector', () => {
  beforeEach(() => guardDutyMock.on(GetDetectorCommand).resolves({ Status: 'DISABLED', ServiceRole: 'r' }));

  it('is never reported as remediated', async () => {
    const error = await rejectionOf(handleEvent(backstops, loadEvent('guardduty-api-updatedetector-disable'), deps()));

    expect([failedResult(error).outcome, failedResult(error).verified]).toEqual(['failed', false]);
  });
});

describe('CreateDetector is denied after a DeleteDetector', () => {
  beforeEach(() => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    guardDutyMock.on(CreateDetectorCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: guardduty:CreateDetector'));
  });

  it('fails, and still says what the deletion lost', async () => {
    const error = await rejectionOf(handleEvent(backstops, loadEvent('guardduty-api-deletedetector'), deps()));

    expect(failedResult(error).outcome).toBe('failed');
    expect(failedResult(error).actionNeeded).toMatch(/its findings, suppression rules and filters/);
  });
});

describe('the recorder records but its last recording failed', () => {
  // moto's recorder status never fails: the failure is shaped as AWS reports it.
  beforeEach(() => {
    configMock.reset();
    guardDutyMock.reset();
    configMock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [RECORDER] });
    configMock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Failure', lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access Denied' }] });
    configMock.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'org-config-logs' }] });
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
    guardDutyMock.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r' });
    guardDutyMock.on(ListFiltersCommand).resolves({ FilterNames: [] });
    guardDutyMock.on(ListIPSetsCommand).resolves({ IpSetIds: [] });
  });

  it('is never reported as already on by the sweep: a person is asked to check the role and bucket', async () => {
    const result = await handleEvent(backstops, sweep(), deps());

    expect([result.outcome, result.actionNeeded]).toEqual(['skipped', expect.stringContaining('last recording failed (AccessDenied: Access Denied)')]);
  });
});

describe('ListFilters is denied', () => {
  // moto answers every caller: the refusal is shaped as AWS answers it.
  beforeEach(() => guardDutyMock.on(ListFiltersCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: guardduty:ListFilters')));

  it('fails the sweep, naming the suppression rules it could not read', async () => {
    const error = await rejectionOf(handleEvent(backstops, sweep(), deps()));

    expect((failedResult(error) as { error: string }).error).toMatch(/GuardDuty suppression rules: .*ListFilters.*not authorized/);
  });

  it('still restarts the recorder and re-enables the detector on the sweep', async () => {
    await rejectionOf(handleEvent(backstops, sweep(), deps()));

    expect([configMock.commandCalls(StartConfigurationRecorderCommand).length, guardDutyMock.commandCalls(UpdateDetectorCommand).length]).toEqual([1, 1]);
  });
});
