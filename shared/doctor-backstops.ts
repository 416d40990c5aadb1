/**
 * The chain doctor's backstop links: the AWS Config recorder and the GuardDuty detector carry the load while no trail
 * logs. Turned off or narrowed is broken (someone did it); never set up is a warning (the chain itself is whole). A
 * GuardDuty suppression rule that archives the findings chain-guard relies on is broken too (read, never changed).
 */
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { awsCall } from './aws/call';
import { deliversToBaseline, deliveryTarget, describeGroup, recordsBaseline } from './baseline/backstops';
import type { Add } from './doctor';
import type { Trigger } from './events/trigger';
import { silencingFilters } from './remediations/backstops-filters';
import { activeTrustedLists } from './remediations/backstops-ipsets';
import { readRecorder } from './remediations/backstops-recorder';
import type { Deps } from './remediations/types';

/** Checks config-recorder. */
export async function recorderLink(deps: Deps, add: Add): Promise<void> {
  const { recorder: baseline, recorderName } = deps.config.backstops;
  const region = deps.config.region;
  const where = { kind: 'schedule', account: deps.config.topic.account, region } as Trigger;
  const state = await readRecorder(deps.clients.configservice(region), baseline?.name ?? recorderName, where);
  const fix = baseline ? 'protect-backstops recreates and restarts it from the baseline' : 'set the recorder baseline (configRecorderRoleArn, configDeliveryBucket) so protect-backstops can recreate it';
  if (!state.recorder) {
    if (baseline) add('config-recorder', 'broken', `no AWS Config recorder in ${region}: Config rules see no change`, fix);
    else add('config-recorder', 'warn', `no AWS Config recorder in ${region}: Config rules are no backstop here`, fix);
    return;
  }
  const name = state.recorder.name ?? recorderName;
  const problems = [
    state.recording ? '' : 'not recording',
    state.channels.length > 0 ? '' : 'no delivery channel',
    baseline && state.channels[0] && !deliversToBaseline(state.channels[0], baseline) ? `delivery channel delivers to ${deliveryTarget(state.channels[0])}, not s3://${baseline.deliveryBucket}/${baseline.deliveryPrefix ?? ''}` : '',
    recordsBaseline(state.recorder, baseline) ? '' : `records ${describeGroup(state.recorder.recordingGroup)}${state.recorder.recordingMode?.recordingFrequency === 'DAILY' ? ', daily' : ''}`,
    state.recording && state.lastFailure ? `last recording failed (${state.lastFailure})` : '',
  ].filter(Boolean);
  if (problems.length === 0) add('config-recorder', 'ok', `${name} recording ${describeGroup(state.recorder.recordingGroup)}`);
  // Recording and failing: Config rules are blind, baseline or not.
  else if (state.recording && state.lastFailure && problems.length === 1) add('config-recorder', 'broken', `${name}: ${problems.join('; ')}`, 'a person checks the recorder role\'s policy and the delivery bucket\'s policy (protect-backstops reports it, restarting does not help)');
  else if (!baseline && state.recording && !state.lastFailure && state.channels.length > 0) add('config-recorder', 'warn', `${name}: ${problems.join('; ')}`, fix);
  else add('config-recorder', 'broken', `${name}: ${problems.join('; ')}`, baseline ? 'protect-backstops restores and restarts it' : 'protect-backstops restarts a stopped recorder; set the recorder baseline for the rest');
}

/** Checks guardduty-detector. */
export async function detectorLink(deps: Deps, add: Add): Promise<void> {
  const region = deps.config.region;
  const client = deps.clients.guardduty(region);
  const where = { account: deps.config.topic.account, region };
  const ids = (await awsCall('ListDetectors', where, () => client.send(new ListDetectorsCommand({}))))?.DetectorIds ?? [];
  if (ids.length === 0) {
    add('guardduty-detector', 'warn', `no GuardDuty detector in ${region}: nothing sees a StopLogging while EventBridge is blind`, deps.config.backstops.guardDutyRequired ? 'protect-backstops creates one at its next sweep' : 'enable GuardDuty (GUARDDUTY_REQUIRED is false)');
    return;
  }
  const statuses = await Promise.all(ids.map(async (id) => ({ id, status: (await awsCall('GetDetector', { ...where, resource: id }, () => client.send(new GetDetectorCommand({ DetectorId: id })))).Status })));
  const off = statuses.filter((s) => s.status !== 'ENABLED');
  // A suppression rule archiving the findings chain-guard relies on silences an enabled detector: broken, never changed.
  const silencing = await silencingFilters(client, { why: 'chain doctor' }, { kind: 'schedule', ...where } as Trigger);
  const rules = silencing.map((f) => f.message);
  if (off.length > 0) add('guardduty-detector', 'broken', [...off.map((s) => `${s.id} ${s.status ?? 'unknown'}`), ...rules].join('; '), 'protect-backstops re-enables it (UpdateDetector)');
  else if (rules.length > 0) add('guardduty-detector', 'broken', rules.join('; '), 'a person removes or narrows the suppression rule (protect-backstops reports it hourly, never changes it)');
  else {
    // A trusted IP list's file is not read: it may be the customer's VPN or an attacker's address. Said, not judged.
    const lists = (await activeTrustedLists(client, undefined, { kind: 'schedule', ...where } as Trigger)).map((l) => l.message);
    if (lists.length > 0) add('guardduty-detector', 'warn', `${statuses.map((s) => s.id).join(', ')} enabled; ${lists.join('; ')}`, 'a person checks what the trusted IP list holds and who can write it (protect-backstops reports it hourly, never changes it)');
    else add('guardduty-detector', 'ok', `${statuses.map((s) => s.id).join(', ')} enabled`);
  }
}
