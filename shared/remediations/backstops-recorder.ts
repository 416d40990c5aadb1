/**
 * protect-backstops, the AWS Config side: restart a stopped recorder, recreate a deleted recorder or delivery channel
 * from the baseline, restore what a narrowed recorder records and where a redirected channel delivers. Reads: DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus, DescribeDeliveryChannels; writes: PutConfigurationRecorder, PutDeliveryChannel,
 * StartConfigurationRecorder (in that order, the only one AWS accepts); verify: the same reads.
 */
import {
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import { deliversToBaseline, deliveryTarget, planRecorder, recordsBaseline, type RecorderState, type RecorderStep } from '../baseline/backstops';
import { foreignArnAction, foreignArns } from '../baseline/foreign-arns';
import { errorMessage } from '../errors';
import type { RecorderTarget } from '../events/backstops';
import type { Trigger } from '../events/trigger';
import { noFindings, recorderResource, type BackstopFindings } from './backstops-result';
import type { Action } from './result';
import { call } from './trail-read';
import type { Deps } from './types';
import { quotedJson } from '../aws/cli';

/** Examines (and in enforce mode repairs, then re-reads) the recorder of the event's region. */
export async function examineRecorder(target: RecorderTarget, trigger: Trigger, deps: Deps): Promise<BackstopFindings> {
  const out = noFindings();
  try {
    await examine(out, target, trigger, deps);
  } catch (error) {
    // The writes done before the failure stay in the notice, with their undo.
    out.errors.push(`Config recorder: ${errorMessage(error)}`);
    out.resource ??= recorderResource(target.name ?? deps.config.backstops.recorderName, trigger, trigger.region);
  }
  return out;
}

async function examine(out: BackstopFindings, target: RecorderTarget, trigger: Trigger, deps: Deps): Promise<void> {
  const { recorderName, recorder: baseline } = deps.config.backstops;
  const region = trigger.region;
  const client = deps.clients.configservice(region);
  const state = await readRecorder(client, target.name ?? baseline?.name ?? recorderName, trigger);
  const plan = planRecorder(state, baseline, { recorderName: target.name ?? recorderName, region, event: trigger.kind !== 'schedule' });
  out.resource = recorderResource(plan.name, trigger, region);
  out.manual.push(...plan.manual);
  out.notes.push(...plan.notes);
  const mode = deps.config.mode;
  for (const step of withoutForeignRole(out, plan.steps, plan.name, trigger)) {
    if (mode === 'enforce') await apply(client, step, trigger);
    out.actions.push(actionOf(step, plan.name, region, mode === 'enforce' ? 'done' : 'planned', state));
  }
  if (mode === 'enforce' && out.actions.length > 0) out.errors.push(...(await verify(client, plan.name, trigger, deps)));
}

/**
 * The steps that pass no role of another account than the event's (a baseline role ARN of the central account, in a
 * member): a recorder to create is then not created at all (its channel and start need it), an existing one keeps its
 * role and is still started; ACTION NEEDED says which setting to give per account.
 */
function withoutForeignRole(out: BackstopFindings, steps: RecorderStep[], name: string, trigger: Trigger): RecorderStep[] {
  const foreign = steps.flatMap((s) => (s.api === 'PutConfigurationRecorder' ? foreignArns({ roleARN: s.recorder.roleARN }, trigger.account) : []));
  if (foreign.length === 0) return steps;
  out.manual.push(foreignArnAction(`Restoring the AWS Config recorder ${name} in ${trigger.region}`, trigger.account, foreign));
  return steps.some((s) => s.api === 'PutConfigurationRecorder' && s.create) ? [] : steps.filter((s) => s.api !== 'PutConfigurationRecorder');
}

/**
 * The customer managed recorder: the one named (by the event or the baseline), else the only one there is (AWS allows
 * one per region; service-linked recorders belong to their service and are left alone); its status and channels.
 */
export async function readRecorder(client: ConfigServiceClient, name: string, trigger: Trigger): Promise<RecorderState> {
  const all = (await call('DescribeConfigurationRecorders', name, trigger, () => client.send(new DescribeConfigurationRecordersCommand({})))).ConfigurationRecorders ?? [];
  const own = all.filter((r) => !r.servicePrincipal && !(r.name ?? '').startsWith('AWSConfigurationRecorderFor'));
  const recorder = own.find((r) => r.name === name) ?? own[0];
  const statuses = recorder ? ((await call('DescribeConfigurationRecorderStatus', recorder.name ?? name, trigger, () => client.send(new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [recorder.name ?? name] })))).ConfigurationRecordersStatus ?? []) : [];
  const channels = (await call('DescribeDeliveryChannels', name, trigger, () => client.send(new DescribeDeliveryChannelsCommand({})))).DeliveryChannels ?? [];
  const failed = statuses.find((s) => s.lastStatus === 'Failure');
  const lastFailure = failed ? [failed.lastErrorCode, failed.lastErrorMessage].filter(Boolean).join(': ') || 'no error given' : undefined;
  return { ...(recorder ? { recorder } : {}), recording: statuses.some((s) => s.recording === true), channels, ...(lastFailure ? { lastFailure } : {}) };
}

async function apply(client: ConfigServiceClient, step: RecorderStep, trigger: Trigger): Promise<void> {
  switch (step.api) {
    case 'PutConfigurationRecorder':
      await call(step.api, step.recorder.name ?? '', trigger, () => client.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: step.recorder })));
      return;
    case 'PutDeliveryChannel':
      await call(step.api, step.channel.name ?? '', trigger, () => client.send(new PutDeliveryChannelCommand({ DeliveryChannel: step.channel })));
      return;
    case 'StartConfigurationRecorder':
      await call(step.api, step.name, trigger, () => client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: step.name })));
  }
}

/** Each undo line works alone and in the listed order: a channel is deleted, and a recorder changed, only once it is stopped. */
function actionOf(step: RecorderStep, name: string, region: string, status: Action['status'], state: RecorderState): Action {
  const cli = `aws configservice --region ${region}`;
  const stop = `${cli} stop-configuration-recorder --configuration-recorder-name ${name}`;
  switch (step.api) {
    case 'PutConfigurationRecorder': {
      const before = state.recorder;
      const undo = step.create
        ? `${stop} && ${cli} delete-configuration-recorder --configuration-recorder-name ${name}`
        : `${cli} put-configuration-recorder --configuration-recorder ${quotedJson({ name, roleARN: before?.roleARN })} --recording-group ${quotedJson(before?.recordingGroup ?? {})}${before?.recordingMode ? ` --recording-mode ${quotedJson(before.recordingMode)}` : ''}`;
      return { api: step.api, target: name, status, params: { ConfigurationRecorder: step.recorder }, before: step.before, after: step.after, undo, command: `${cli} put-configuration-recorder --configuration-recorder ${quotedJson(step.recorder)}` };
    }
    case 'PutDeliveryChannel': {
      const command = `${cli} put-delivery-channel --delivery-channel ${quotedJson(step.channel)}`;
      if (step.before) return { api: step.api, target: name, status, params: { DeliveryChannel: step.channel }, before: deliveryTarget(step.before), after: deliveryTarget(step.channel), why: 'the delivery channel no longer delivered to the baseline bucket and prefix', undo: `${cli} put-delivery-channel --delivery-channel ${quotedJson(step.before)}`, command };
      return { api: step.api, target: name, status, params: { DeliveryChannel: step.channel }, before: 'deleted', after: deliveryTarget(step.channel), undo: `${stop} && ${cli} delete-delivery-channel --delivery-channel-name ${step.channel.name ?? 'default'}`, command };
    }
    case 'StartConfigurationRecorder':
      return { api: step.api, target: name, status, params: { ConfigurationRecorderName: step.name }, before: 'not recording', after: 'recording', undo: stop, command: `${cli} start-configuration-recorder --configuration-recorder-name ${step.name}` };
  }
}

/** Re-reads the recorder; returns what is still not as it should be. */
async function verify(client: ConfigServiceClient, name: string, trigger: Trigger, deps: Deps): Promise<string[]> {
  const state = await readRecorder(client, name, trigger);
  const problems: string[] = [];
  if (!state.recorder) return [`the Config recorder ${name} does not exist after the repair`];
  if (deps.config.backstops.recorder && !recordsBaseline(state.recorder, deps.config.backstops.recorder)) problems.push(`the Config recorder ${name} still records less than the baseline`);
  const baseline = deps.config.backstops.recorder;
  const channel = state.channels[0];
  if (!channel) problems.push(`the Config recorder ${name} still has no delivery channel`);
  else if (baseline && !deliversToBaseline(channel, baseline)) problems.push(`the delivery channel ${channel.name ?? ''} still delivers to ${deliveryTarget(channel)}, not the baseline's s3://${baseline.deliveryBucket}/${baseline.deliveryPrefix ?? ''}`);
  if (!state.recording) problems.push(`the Config recorder ${name} is still not recording after StartConfigurationRecorder`);
  return problems;
}
