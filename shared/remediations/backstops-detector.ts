/**
 * protect-backstops, the GuardDuty side: re-enable a disabled detector (UpdateDetector enable true), recreate a deleted
 * one (CreateDetector enable true). Reads: ListDetectors, GetDetector; verify: GetDetector Status ENABLED.
 * GuardDuty reads CloudTrail through its own stream: it still sees a StopLogging while EventBridge is blind.
 */
import { CreateDetectorCommand, GetDetectorCommand, ListDetectorsCommand, UpdateDetectorCommand, type GuardDutyClient } from '@aws-sdk/client-guardduty';
import { AwsCallError, errorCode, errorMessage } from '../errors';
import type { DetectorTarget } from '../events/backstops';
import type { Trigger } from '../events/trigger';
import { detectorResource, noFindings, type BackstopFindings } from './backstops-result';
import { call } from './trail-read';
import type { Deps } from './types';

/** What a deleted detector takes with it: said in every notice about a deletion. */
export const DELETED_DETECTOR_LOSS =
  'its findings, suppression rules and filters, trusted IP and threat lists, publishing destinations, protection plan settings and member accounts were deleted with it and are not restored: re-apply the settings (and re-invite members if this was the administrator account)';

/** Examines (and in enforce mode repairs, then re-reads) the detector(s) of the event's region. */
export async function examineDetector(target: DetectorTarget, trigger: Trigger, deps: Deps): Promise<BackstopFindings> {
  const out = noFindings();
  try {
    await examine(out, target, trigger, deps);
  } catch (error) {
    // What was done or found before the failure stays in the notice (a deletion's losses, a detector already re-enabled).
    out.errors.push(`GuardDuty detector: ${errorMessage(error)}`);
    out.resource ??= detectorResource(target.detectorId, trigger, trigger.region);
  }
  return out;
}

async function examine(out: BackstopFindings, target: DetectorTarget, trigger: Trigger, deps: Deps): Promise<void> {
  const region = trigger.region;
  const client = deps.clients.guardduty(region);
  const status = deps.config.mode === 'enforce' ? 'done' : 'planned';
  const cli = `aws guardduty --region ${region}`;
  if (target.deleted) out.manual.push(`GuardDuty detector ${target.detectorId ?? ''} was deleted (${target.why}): ${DELETED_DETECTOR_LOSS}`.replace('  ', ' '));
  const named = target.detectorId && !target.deleted ? await detectorStatus(client, target.detectorId, trigger) : undefined;
  const ids = named ? [target.detectorId ?? ''] : (await call('ListDetectors', `detectors of ${region}`, trigger, () => client.send(new ListDetectorsCommand({})))).DetectorIds ?? [];
  if (ids.length === 0) {
    out.resource = detectorResource(undefined, trigger, region);
    // Only recreated when GuardDuty was there (the event deleted it) or the baseline asks for it (GUARDDUTY_REQUIRED).
    if (!target.deleted && !deps.config.backstops.guardDutyRequired) {
      out.notes.push(`no GuardDuty detector in ${region}; GUARDDUTY_REQUIRED is false, so none is created`);
      return;
    }
    let id = '(new detector)';
    if (status === 'done') {
      id = (await call('CreateDetector', `detector of ${region}`, trigger, () => client.send(new CreateDetectorCommand({ Enable: true })))).DetectorId ?? '';
      if ((await detectorStatus(client, id, trigger)) !== 'ENABLED') out.errors.push(`the GuardDuty detector ${id} created in ${region} is not enabled`);
    }
    out.resource = detectorResource(status === 'done' ? id : undefined, trigger, region);
    out.actions.push({ api: 'CreateDetector', target: out.resource.id, status, params: { Enable: true }, before: target.detectorId ? `detector ${target.detectorId} deleted` : 'no detector', after: `detector ${id} enabled`, undo: `${cli} delete-detector --detector-id ${id}`, command: `${cli} create-detector --enable` });
    return;
  }
  for (const id of ids) {
    const current = id === target.detectorId && named ? named : await detectorStatus(client, id, trigger);
    out.resource ??= detectorResource(id, trigger, region);
    if (current === 'ENABLED') continue;
    const resource = detectorResource(id, trigger, region);
    if (out.actions.length === 0) out.resource = resource;
    if (status === 'done') {
      await call('UpdateDetector', resource.id, trigger, () => client.send(new UpdateDetectorCommand({ DetectorId: id, Enable: true })));
      if ((await detectorStatus(client, id, trigger)) !== 'ENABLED') out.errors.push(`the GuardDuty detector ${id} is still not enabled after UpdateDetector`);
    }
    out.actions.push({ api: 'UpdateDetector', target: resource.id, status, params: { DetectorId: id, Enable: true }, before: current ?? 'DISABLED', after: 'ENABLED', undo: `${cli} update-detector --detector-id ${id} --no-enable`, command: `${cli} update-detector --detector-id ${id} --enable` });
  }
}

/** The detector's status (ENABLED or DISABLED), or undefined when it does not exist (GuardDuty answers BadRequest). */
async function detectorStatus(client: GuardDutyClient, id: string, trigger: Trigger): Promise<string | undefined> {
  try {
    return (await client.send(new GetDetectorCommand({ DetectorId: id }))).Status;
  } catch (error) {
    if (['BadRequestException', 'InvalidInputException'].includes(errorCode(error)) && /detectorId|not owned|not found/i.test((error as Error).message)) return undefined;
    throw new AwsCallError('GetDetector', error, { resource: id, account: trigger.account, region: trigger.region });
  }
}
