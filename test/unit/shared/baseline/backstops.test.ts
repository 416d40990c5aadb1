/** The recorder planning: strengthen only, in the order AWS accepts the writes. */
import type { ConfigurationRecorder, RecordingGroup } from '@aws-sdk/client-config-service';
import { planChannel, planRecorder, planRecordingGroup, planRecordingMode, type RecorderBaseline } from '../../../../shared/baseline/backstops';

const ROLE = 'arn:aws:iam::111122223333:role/config-recorder';
const BASELINE: RecorderBaseline = { name: 'default', roleArn: ROLE, resourceTypes: 'all', deliveryChannelName: 'default', deliveryBucket: 'org-config-logs', deliveryPrefix: 'config' };
const ALL: RecordingGroup = { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } };
const only = (...types: string[]): RecordingGroup => ({ allSupported: false, includeGlobalResourceTypes: false, resourceTypes: types as RecordingGroup['resourceTypes'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } });
const excluding = (...types: string[]): RecordingGroup => ({ allSupported: false, exclusionByResourceTypes: { resourceTypes: types as RecordingGroup['resourceTypes'] }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } });
const recorder = (overrides: Partial<ConfigurationRecorder> = {}): ConfigurationRecorder => ({ name: 'default', roleARN: ROLE, recordingGroup: ALL, ...overrides });
// The baseline's channel (bucket and prefix of BASELINE).
const channel = { name: 'default', s3BucketName: 'org-config-logs', s3KeyPrefix: 'config' };
const here = { recorderName: 'default', region: 'us-east-1', event: true };

describe('planRecordingGroup', () => {
  it('needs nothing when all supported types, global included, are recorded', () => {
    expect(planRecordingGroup(ALL, 'all')).toBeUndefined();
  });

  it('puts back all supported types when only a list is recorded', () => {
    expect(planRecordingGroup(only('AWS::S3::Bucket'), 'all')).toEqual(ALL);
  });

  it('puts back global types when all supported types except global ones are recorded', () => {
    expect(planRecordingGroup({ allSupported: true, includeGlobalResourceTypes: false }, 'all')).toEqual(ALL);
  });

  it('puts back all supported types when some are excluded', () => {
    expect(planRecordingGroup(excluding('AWS::EC2::SecurityGroup'), 'all')).toEqual(ALL);
  });

  it('keeps a recorder of all supported types when the baseline is a list', () => {
    expect(planRecordingGroup({ allSupported: true, includeGlobalResourceTypes: false }, ['AWS::EC2::SecurityGroup'])).toBeUndefined();
  });

  it('includes global types when the baseline list names an IAM type and they are left out', () => {
    expect(planRecordingGroup({ allSupported: true, includeGlobalResourceTypes: false }, ['AWS::IAM::Role'])).toEqual(ALL);
  });

  it('adds the missing baseline types after the customer ones', () => {
    expect(planRecordingGroup(only('AWS::S3::Bucket', 'AWS::EC2::SecurityGroup'), ['AWS::EC2::SecurityGroup', 'AWS::CloudTrail::Trail'])).toEqual(only('AWS::S3::Bucket', 'AWS::EC2::SecurityGroup', 'AWS::CloudTrail::Trail'));
  });

  it('stops excluding the baseline types and keeps the other exclusions', () => {
    expect(planRecordingGroup(excluding('AWS::EC2::SecurityGroup', 'AWS::S3::Bucket'), ['AWS::EC2::SecurityGroup'])).toEqual(expect.objectContaining({ exclusionByResourceTypes: { resourceTypes: ['AWS::S3::Bucket'] } }));
  });

  it('keeps exclusions that spare the baseline types', () => {
    expect(planRecordingGroup(excluding('AWS::S3::Bucket'), ['AWS::EC2::SecurityGroup'])).toBeUndefined();
  });
});

describe('planRecordingMode', () => {
  it('records continuously again instead of daily', () => {
    expect(planRecordingMode({ recordingFrequency: 'DAILY' })).toEqual({ recordingFrequency: 'CONTINUOUS' });
  });

  it('drops the daily overrides and keeps the others', () => {
    const keep = { resourceTypes: ['AWS::S3::Bucket' as const], recordingFrequency: 'CONTINUOUS' as const };

    expect(planRecordingMode({ recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [keep, { resourceTypes: ['AWS::EC2::SecurityGroup'], recordingFrequency: 'DAILY' }] })).toEqual({ recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [keep] });
  });
});

describe('planRecorder', () => {
  it('only starts a stopped recorder that records the baseline', () => {
    expect(planRecorder({ recorder: recorder(), recording: false, channels: [channel] }, BASELINE, here).steps).toEqual([{ api: 'StartConfigurationRecorder', name: 'default' }]);
  });

  it('creates the recorder, then its channel, then starts it when both were deleted', () => {
    const plan = planRecorder({ recording: false, channels: [] }, BASELINE, here);

    expect(plan.steps.map((s) => s.api)).toEqual(['PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder']);
    expect(plan.steps[1]).toEqual({ api: 'PutDeliveryChannel', channel: { name: 'default', s3BucketName: 'org-config-logs', s3KeyPrefix: 'config' } });
  });

  it('puts the baseline role back on a recorder whose role was changed', () => {
    const plan = planRecorder({ recorder: recorder({ roleARN: 'arn:aws:iam::111122223333:role/broken' }), recording: true, channels: [channel] }, BASELINE, here);

    expect(plan.steps).toEqual([expect.objectContaining({ api: 'PutConfigurationRecorder', create: false, recorder: expect.objectContaining({ roleARN: ROLE }) })]);
  });

  it('uses the existing recorder when it bears another name than the baseline (one per region)', () => {
    const plan = planRecorder({ recorder: recorder({ name: 'org-recorder' }), recording: false, channels: [channel] }, BASELINE, here);

    expect(plan.steps).toEqual([{ api: 'StartConfigurationRecorder', name: 'org-recorder' }]);
  });

  it('without a baseline, restarts a stopped recorder', () => {
    expect(planRecorder({ recorder: recorder(), recording: false, channels: [channel] }, undefined, here).steps).toEqual([{ api: 'StartConfigurationRecorder', name: 'default' }]);
  });

  it('without a baseline, asks a person to restore a narrowed recorder and writes nothing', () => {
    const plan = planRecorder({ recorder: recorder({ recordingGroup: only('AWS::S3::Bucket') }), recording: true, channels: [channel] }, undefined, here);

    expect(plan.steps).toEqual([]);
    expect(plan.manual).toEqual([expect.stringContaining('records only AWS::S3::Bucket')]);
  });

  it('without a baseline, the sweep only notes a missing recorder (the daily WARNING asks for a baseline)', () => {
    const plan = planRecorder({ recording: false, channels: [] }, undefined, { ...here, event: false });

    expect([plan.manual, plan.notes.length]).toEqual([[], 1]);
  });
});

describe('planRecorder and a failing recording', () => {
  const failing = { recorder: recorder(), recording: true, channels: [channel], lastFailure: 'AccessDeniedException: role cannot put objects' };

  it('asks a person to check the role and bucket when the recorder records but its last recording failed', () => {
    const plan = planRecorder(failing, BASELINE, here);

    expect([plan.steps, plan.manual]).toEqual([[], [expect.stringContaining('is recording, but its last recording failed (AccessDeniedException: role cannot put objects)')]]);
  });

  it('does not judge a failure recorded before a repair it plans (the role or channel changes)', () => {
    const plan = planRecorder({ ...failing, recorder: recorder({ roleARN: 'arn:aws:iam::111122223333:role/broken' }) }, BASELINE, here);

    expect(plan.manual).toEqual([]);
  });
});

describe('planChannel', () => {
  it('needs nothing when the channel delivers to the baseline bucket and prefix', () => {
    expect(planChannel(channel, BASELINE)).toBeUndefined();
  });

  it('puts the baseline bucket and prefix back on a redirected channel', () => {
    expect(planChannel({ name: 'default', s3BucketName: 'exfil-bucket', s3KeyPrefix: 'loot' }, BASELINE)).toEqual(channel);
  });

  it('puts the baseline prefix back when only the prefix was changed', () => {
    expect(planChannel({ ...channel, s3KeyPrefix: 'elsewhere' }, BASELINE)).toEqual(channel);
  });

  it('drops a prefix the baseline does not have', () => {
    const { deliveryPrefix: _prefix, ...noPrefix } = BASELINE;

    expect(planChannel({ name: 'default', s3BucketName: 'org-config-logs', s3KeyPrefix: 'x' }, noPrefix)).toEqual({ name: 'default', s3BucketName: 'org-config-logs' });
  });

  it('keeps what the customer added: SNS topic, snapshot frequency, KMS key, channel name', () => {
    const added = { name: 'org-channel', snsTopicARN: 'arn:aws:sns:us-east-1:111122223333:config', configSnapshotDeliveryProperties: { deliveryFrequency: 'Six_Hours' as const }, s3KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234' };

    expect(planChannel({ ...added, s3BucketName: 'exfil-bucket' }, BASELINE)).toEqual({ ...added, s3BucketName: 'org-config-logs', s3KeyPrefix: 'config' });
  });
});

describe('planRecorder and the delivery channel', () => {
  it('restores a redirected channel of a recording recorder, and only that', () => {
    const redirected = { name: 'default', s3BucketName: 'exfil-bucket' };

    const plan = planRecorder({ recorder: recorder(), recording: true, channels: [redirected] }, BASELINE, here);

    expect(plan.steps).toEqual([{ api: 'PutDeliveryChannel', channel, before: redirected }]);
  });

  it('leaves the channel alone without a baseline (no bucket to judge it by)', () => {
    const plan = planRecorder({ recorder: recorder(), recording: true, channels: [{ name: 'default', s3BucketName: 'anywhere' }] }, undefined, here);

    expect(plan.steps).toEqual([]);
  });
});
