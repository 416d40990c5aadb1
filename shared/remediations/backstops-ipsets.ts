/**
 * protect-backstops, GuardDuty trusted IP lists: "GuardDuty doesn't generate findings for IP addresses that are
 * included in IPSets" (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateIPSet.html), so an attacker
 * who lists an address of theirs is never seen again, CloudTrailLoggingDisabled included. The list is a file in S3
 * that chain-guard does not read: an active list cannot be judged, only said (ACTION NEEDED, risk MEDIUM), and is never
 * changed. Reads: ListDetectors, ListIPSets (paged), GetIPSet.
 */
import { GetIPSetCommand, ListDetectorsCommand, ListIPSetsCommand, type GetIPSetCommandOutput, type GuardDutyClient } from '@aws-sdk/client-guardduty';
import { AwsCallError, errorCode, errorMessage } from '../errors';
import type { Trigger } from '../events/trigger';
import { noFindings, type BackstopFindings } from './backstops-result';
import type { ResourceRef } from './result';
import { call } from './trail-read';
import type { Deps } from './types';

/** Statuses in which a list suppresses findings (or is about to). */
const IN_FORCE = ['ACTIVE', 'ACTIVATING'];

/** An active trusted IP list, and what a person must do about it. */
export interface TrustedList {
  detectorId: string;
  ipSetId: string;
  name: string;
  message: string;
}

/** The list as a result's resource. */
export function ipSetResource(detectorId: string, ipSetId: string, name: string, trigger: Trigger): ResourceRef {
  const arn = `arn:aws:guardduty:${trigger.region}:${trigger.account}:detector/${detectorId}/ipset/${ipSetId}`;
  return { type: 'AWS::GuardDuty::IPSet', id: arn, arn, name, account: trigger.account, region: trigger.region };
}

/** Examines the trusted IP lists of one detector (an event's) or of every detector of the region. */
export async function examineIpSets(detectorId: string | undefined, trigger: Trigger, deps: Deps): Promise<BackstopFindings> {
  const out = noFindings();
  try {
    const lists = await activeTrustedLists(deps.clients.guardduty(trigger.region), detectorId, trigger);
    for (const list of lists) {
      out.resource ??= ipSetResource(list.detectorId, list.ipSetId, list.name, trigger);
      out.manual.push(list.message);
    }
    if (lists.length > 0) out.risk = { level: 'MEDIUM', why: 'an active GuardDuty trusted IP list: no finding is generated for the addresses it lists, and its file is not judged' };
  } catch (error) {
    out.errors.push(`GuardDuty trusted IP lists: ${errorMessage(error)}`);
  }
  return out;
}

/** Every trusted IP list in force on the detector(s). */
export async function activeTrustedLists(client: GuardDutyClient, detectorId: string | undefined, trigger: Trigger): Promise<TrustedList[]> {
  const region = trigger.region;
  const detectorIds = detectorId ? [detectorId] : ((await call('ListDetectors', `detectors of ${region}`, trigger, () => client.send(new ListDetectorsCommand({})))).DetectorIds ?? []);
  const found: TrustedList[] = [];
  for (const id of detectorIds) {
    for (const ipSetId of await ipSetIds(client, id, trigger)) {
      const list = await getIpSet(client, id, ipSetId, trigger);
      if (list && IN_FORCE.includes(list.Status ?? '')) found.push({ detectorId: id, ipSetId, name: list.Name ?? ipSetId, message: said(list, id, ipSetId, region) });
    }
  }
  return found;
}

async function ipSetIds(client: GuardDutyClient, detectorId: string, trigger: Trigger): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await call('ListIPSets', `trusted IP lists of detector ${detectorId}`, trigger, () => client.send(new ListIPSetsCommand({ DetectorId: detectorId, MaxResults: 50, ...(token ? { NextToken: token } : {}) })));
    ids.push(...(page.IpSetIds ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return ids;
}

/** The list, or undefined when it (or its detector) no longer exists. */
async function getIpSet(client: GuardDutyClient, detectorId: string, ipSetId: string, trigger: Trigger): Promise<GetIPSetCommandOutput | undefined> {
  try {
    return await client.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId: ipSetId }));
  } catch (error) {
    if (['BadRequestException', 'InvalidInputException'].includes(errorCode(error)) && /no such resource|not found|not owned/i.test((error as Error).message)) return undefined;
    throw new AwsCallError('GetIPSet', error, { resource: `${detectorId}/${ipSetId}`, account: trigger.account, region: trigger.region });
  }
}

function said(list: GetIPSetCommandOutput, detectorId: string, ipSetId: string, region: string): string {
  const cli = `aws guardduty --region ${region}`;
  return (
    `GuardDuty trusted IP list ${list.Name ?? ipSetId} (${ipSetId}, detector ${detectorId}, ${region}, ${list.Status ?? ''}) from ${list.Location ?? 'an unknown location'}: GuardDuty generates no finding for activity from the addresses it lists, Stealth:IAMUser/CloudTrailLoggingDisabled included. ` +
    `Check that it lists only addresses you control and that only the security team can write its file. Nothing was changed: deactivate it (${cli} update-ip-set --detector-id ${detectorId} --ip-set-id ${ipSetId} --no-activate) or delete it (${cli} delete-ip-set --detector-id ${detectorId} --ip-set-id ${ipSetId})`
  );
}
