/**
 * What healthy backstops look like (the AWS Config recorder and its delivery channel, the GuardDuty detector), as data,
 * and the pure planning against it. Strengthen only: the recorder may record more than the baseline, never less.
 */
import type { ConfigurationRecorder, DeliveryChannel, RecordingGroup, RecordingMode, ResourceType } from '@aws-sdk/client-config-service';

/** The recorder to recreate, from configuration (CONFIG_* variables). */
export interface RecorderBaseline {
  name: string;
  roleArn: string;
  /** 'all': every supported resource type, global ones (IAM) included; else exactly these types at least. */
  resourceTypes: 'all' | ResourceType[];
  deliveryChannelName: string;
  deliveryBucket: string;
  deliveryPrefix?: string;
}

/** The backstops' configuration: the recorder's name is always known (default "default"); the baseline may not be. */
export interface BackstopsBaseline {
  recorderName: string;
  recorder?: RecorderBaseline;
  /** A missing GuardDuty detector is created by the sweep (GUARDDUTY_REQUIRED, default true). */
  guardDutyRequired: boolean;
}

/** Resource types Config records only as "global" (with includeGlobalResourceTypes when recording all supported). */
const GLOBAL_TYPES = /^AWS::IAM::(User|Group|Role|Policy)$/;

/** The recording group, as AWS returns it: all supported (with global types or not), a list, or exclusions. */
export function describeGroup(group: RecordingGroup | undefined): string {
  if (!group) return 'no recording group';
  if (group.allSupported) return `all supported types${group.includeGlobalResourceTypes ? ' incl. global (IAM)' : ' except global (IAM)'}`;
  const excluded = group.exclusionByResourceTypes?.resourceTypes ?? [];
  if (group.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES' || excluded.length > 0) return `all supported types except ${excluded.join(', ')}`;
  return `only ${(group.resourceTypes ?? []).join(', ') || 'no type'}`;
}

const ALL_WITH_GLOBAL: RecordingGroup = { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } };

/** The recording group that records at least the baseline, keeping whatever the current one records beyond it; undefined when none is needed. */
export function planRecordingGroup(current: RecordingGroup | undefined, baseline: RecorderBaseline['resourceTypes']): RecordingGroup | undefined {
  if (baseline === 'all') return current?.allSupported && current.includeGlobalResourceTypes ? undefined : ALL_WITH_GLOBAL;
  if (current?.allSupported) {
    // All supported types already covers the list, except global types when those are left out.
    return !current.includeGlobalResourceTypes && baseline.some((t) => GLOBAL_TYPES.test(t)) ? ALL_WITH_GLOBAL : undefined;
  }
  const excluded = current?.exclusionByResourceTypes?.resourceTypes ?? [];
  if (current?.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES' || excluded.length > 0) {
    // Exclusions record more than a list: keep the strategy, stop excluding what the baseline needs.
    const kept = excluded.filter((t) => !baseline.includes(t));
    if (kept.length === excluded.length) return undefined;
    return kept.length === 0 ? ALL_WITH_GLOBAL : { allSupported: false, includeGlobalResourceTypes: false, exclusionByResourceTypes: { resourceTypes: kept }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } };
  }
  const listed = current?.resourceTypes ?? [];
  const missing = baseline.filter((t) => !listed.includes(t));
  if (missing.length === 0 && listed.length > 0) return undefined;
  return { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: [...listed, ...missing], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } };
}

/** Continuous recording, without the per-type daily overrides; undefined when the mode records continuously already. */
export function planRecordingMode(current: RecordingMode | undefined): RecordingMode | undefined {
  if (!current) return undefined;
  // Daily recording delays every change-triggered Config rule by up to a day: the backstop arrives too late.
  const daily = (current.recordingModeOverrides ?? []).filter((o) => o.recordingFrequency === 'DAILY');
  if (current.recordingFrequency !== 'DAILY' && daily.length === 0) return undefined;
  const overrides = (current.recordingModeOverrides ?? []).filter((o) => o.recordingFrequency !== 'DAILY');
  return { recordingFrequency: 'CONTINUOUS', ...(overrides.length > 0 ? { recordingModeOverrides: overrides } : {}) };
}

/** The recorder, its status and delivery channels, as read in one region. */
export interface RecorderState {
  recorder?: ConfigurationRecorder;
  recording: boolean;
  channels: DeliveryChannel[];
  /** The last recording attempt failed (`lastStatus` Failure): its error code and message. */
  lastFailure?: string;
}

/**
 * What a person must check when the recorder records but its last recording failed: "recording" only says it was
 * started; a role whose policy was detached, or a bucket policy that now refuses Config, fails every recording while it
 * stays "on". Restarting does not help, and the role and bucket are the customer's: said, not repaired.
 */
export function failingRecording(state: RecorderState, name: string, region: string): string | undefined {
  if (!state.recorder || !state.recording || !state.lastFailure) return undefined;
  return `The AWS Config recorder ${name} in ${region} is recording, but its last recording failed (${state.lastFailure}): Config rules see no change. Check that its role ${state.recorder.roleARN ?? ''} still has the AWS_ConfigRole policy and that the delivery bucket's policy still allows AWS Config (aws configservice describe-configuration-recorder-status --region ${region})`;
}

/** One planned write on the recorder or its channel, with the state it replaces. */
export type RecorderStep =
  | { api: 'PutConfigurationRecorder'; create: boolean; recorder: ConfigurationRecorder; before: unknown; after: unknown }
  | { api: 'PutDeliveryChannel'; channel: DeliveryChannel; before?: DeliveryChannel }
  | { api: 'StartConfigurationRecorder'; name: string };

/** Writes in the order AWS accepts them (a channel needs a recorder, a start needs a channel); `manual`: what a person must do. */
export interface RecorderPlan {
  name: string;
  steps: RecorderStep[];
  manual: string[];
  /** Said in the notice, not asked of a person (the sweep without a baseline: the daily WARNING asks for one). */
  notes: string[];
}

/** Where and why the recorder is planned: `event` is true when an API call on the recorder triggered it (not the sweep). */
export interface RecorderContext {
  recorderName: string;
  region: string;
  event: boolean;
}

/** Plans the recorder's repair. Without a baseline only a stopped recorder can be restarted (iam:PassRole is only on the baseline role). */
export function planRecorder(state: RecorderState, baseline: RecorderBaseline | undefined, names: RecorderContext): RecorderPlan {
  const steps: RecorderStep[] = [];
  const notes: string[] = [];
  // Without a baseline, what is missing or narrow is only news when an event just did it; the sweep says it once a day.
  const manual: string[] = [];
  const ask = baseline || names.event ? manual : notes;
  const unarmed = 'no recorder baseline is configured (params configRecorderRoleArn and configDeliveryBucket)';
  const current = state.recorder;
  const name = current?.name ?? baseline?.name ?? names.recorderName;
  if (!current) {
    if (!baseline) {
      ask.push(`The AWS Config recorder ${name} does not exist in ${names.region} and ${unarmed}: Config rules are blind there. Create a recorder and a delivery channel (aws configservice put-configuration-recorder, put-delivery-channel, start-configuration-recorder)`);
      return { name, steps, manual, notes };
    }
    const recorder = baselineRecorder(baseline);
    steps.push({ api: 'PutConfigurationRecorder', create: true, recorder, before: 'deleted', after: describeGroup(recorder.recordingGroup) });
  } else {
    const group = baseline ? planRecordingGroup(current.recordingGroup, baseline.resourceTypes) : planRecordingGroup(current.recordingGroup, 'all');
    const mode = planRecordingMode(current.recordingMode);
    const role = baseline && current.roleARN !== baseline.roleArn ? baseline.roleArn : undefined;
    if (baseline && (group || mode || role)) {
      const recorder: ConfigurationRecorder = { name, roleARN: baseline.roleArn, recordingGroup: group ?? current.recordingGroup, ...(mode ?? current.recordingMode ? { recordingMode: mode ?? current.recordingMode } : {}) };
      steps.push({ api: 'PutConfigurationRecorder', create: false, recorder, before: recorderSummary(current), after: recorderSummary(recorder) });
    } else if (!baseline && (group || mode)) {
      ask.push(`The AWS Config recorder ${name} records ${describeGroup(current.recordingGroup)}${mode ? ', daily' : ''}, and ${unarmed}, so it was not changed: restore it with aws configservice put-configuration-recorder --region ${names.region} --configuration-recorder name=${name},roleARN=${current.roleARN ?? '<role>'} --recording-group allSupported=true,includeGlobalResourceTypes=true`);
    }
  }
  if (state.channels.length === 0) {
    if (!baseline) {
      ask.push(`The AWS Config recorder ${name} has no delivery channel and ${unarmed}: it cannot record. Create one (aws configservice put-delivery-channel --region ${names.region} --delivery-channel name=default,s3BucketName=<bucket>), then start the recorder`);
      return { name, steps, manual, notes };
    }
    steps.push({ api: 'PutDeliveryChannel', channel: baselineChannel(baseline) });
  } else if (baseline) {
    const current = state.channels[0] as DeliveryChannel;
    const channel = planChannel(current, baseline);
    if (channel) steps.push({ api: 'PutDeliveryChannel', channel, before: current });
  }
  if (!state.recording || !current) steps.push({ api: 'StartConfigurationRecorder', name });
  // A repair changes the role, channel or status: a failure recorded before it says nothing about after.
  const failing = steps.length === 0 ? failingRecording(state, name, names.region) : undefined;
  if (failing) manual.push(failing);
  return { name, steps, manual, notes };
}

/** The recorder as the baseline describes it. */
export function baselineRecorder(baseline: RecorderBaseline): ConfigurationRecorder {
  const group: RecordingGroup =
    baseline.resourceTypes === 'all' ? ALL_WITH_GLOBAL : { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: baseline.resourceTypes, recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } };
  return { name: baseline.name, roleARN: baseline.roleArn, recordingGroup: group };
}

/** The delivery channel as the baseline describes it. */
export function baselineChannel(baseline: RecorderBaseline): DeliveryChannel {
  return { name: baseline.deliveryChannelName, s3BucketName: baseline.deliveryBucket, ...(baseline.deliveryPrefix ? { s3KeyPrefix: baseline.deliveryPrefix } : {}) };
}

/** `s3://bucket/prefix`: where a channel delivers configuration history and snapshots. */
export function deliveryTarget(channel: Pick<DeliveryChannel, 's3BucketName' | 's3KeyPrefix'>): string {
  return `s3://${channel.s3BucketName ?? ''}/${channel.s3KeyPrefix ?? ''}`;
}

/** True when the channel delivers to the baseline bucket and prefix. */
export function deliversToBaseline(channel: DeliveryChannel, baseline: RecorderBaseline): boolean {
  return channel.s3BucketName === baseline.deliveryBucket && (channel.s3KeyPrefix || undefined) === baseline.deliveryPrefix;
}

/**
 * The channel redirected back to the baseline bucket and prefix, or undefined when it delivers there. Strengthen only:
 * the customer's additions are kept (its SNS topic, snapshot frequency, KMS key, name); only where history goes is
 * the baseline's (a bucket elsewhere is where an attacker reads, or loses, the configuration history).
 */
export function planChannel(current: DeliveryChannel, baseline: RecorderBaseline): DeliveryChannel | undefined {
  if (deliversToBaseline(current, baseline)) return undefined;
  const { s3KeyPrefix: _prefix, ...rest } = current;
  return { ...rest, s3BucketName: baseline.deliveryBucket, ...(baseline.deliveryPrefix ? { s3KeyPrefix: baseline.deliveryPrefix } : {}) };
}

/** True when the recorder records at least the baseline (or all supported types, global included, without one), continuously. */
export function recordsBaseline(recorder: ConfigurationRecorder | undefined, baseline: RecorderBaseline | undefined): boolean {
  if (!recorder) return false;
  return planRecordingGroup(recorder.recordingGroup, baseline?.resourceTypes ?? 'all') === undefined && planRecordingMode(recorder.recordingMode) === undefined;
}

function recorderSummary(recorder: ConfigurationRecorder): string {
  const mode = recorder.recordingMode?.recordingFrequency ? `, ${recorder.recordingMode.recordingFrequency.toLowerCase()}` : '';
  return `${describeGroup(recorder.recordingGroup)}${mode}, role ${recorder.roleARN ?? 'none'}`;
}
