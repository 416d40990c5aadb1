/**
 * protect-backstops, GuardDuty suppression rules: a filter with action ARCHIVE that can archive a finding type a
 * chain-guard rule routes keeps those findings from EventBridge. Customers use suppression rules legitimately, so
 * nothing is ever deleted or rewritten: the rule is judged (shared/baseline/guardduty-filters.ts) and a person is asked
 * to remove or narrow it (ACTION NEEDED, risk HIGH). Reads: ListDetectors, ListFilters (paged), GetFilter.
 */
import { GetFilterCommand, ListDetectorsCommand, ListFiltersCommand, type GetFilterCommandOutput, type GuardDutyClient } from '@aws-sdk/client-guardduty';
import { quotedJson } from '../aws/cli';
import { judgeFilter, narrowedCriteria } from '../baseline/guardduty-filters';
import { AwsCallError, errorCode, errorMessage } from '../errors';
import type { FilterTarget } from '../events/backstops';
import { EXPOSED_INSTANCE_FINDINGS } from '../events/security-group';
import { TRAIL_FINDINGS } from '../events/trail';
import type { Trigger } from '../events/trigger';
import { noFindings, type BackstopFindings } from './backstops-result';
import type { ResourceRef } from './result';
import { call } from './trail-read';
import type { Deps } from './types';

/** The finding types chain-guard's rules route (reenable-trail, revoke-open-ingress): what a suppression rule must spare. */
export const RELIED_ON_FINDINGS: readonly string[] = [...TRAIL_FINDINGS, ...Object.keys(EXPOSED_INSTANCE_FINDINGS)];

/** A suppression rule that can archive findings chain-guard relies on, and what a person must do about it. */
export interface SilencingFilter {
  detectorId: string;
  name: string;
  /** One paragraph for ACTION NEEDED: the rule, what it archives, the criteria, the commands. */
  message: string;
}

/** The filter as a result's resource. */
export function filterResource(detectorId: string, name: string, trigger: Trigger, region: string): ResourceRef {
  const arn = `arn:aws:guardduty:${region}:${trigger.account}:detector/${detectorId}/filter/${name}`;
  return { type: 'AWS::GuardDuty::Filter', id: arn, arn, name, account: trigger.account, region };
}

/** Examines the suppression rules the target names (an event's filter, or every filter of every detector of the region). */
export async function examineFilters(target: FilterTarget, trigger: Trigger, deps: Deps): Promise<BackstopFindings> {
  const out = noFindings();
  const region = trigger.region;
  try {
    const client = deps.clients.guardduty(region);
    const silencing = await silencingFilters(client, target, trigger);
    for (const filter of silencing) {
      out.resource ??= filterResource(filter.detectorId, filter.name, trigger, region);
      out.manual.push(filter.message);
    }
    if (silencing.length > 0) out.risk = { level: 'HIGH', why: 'a GuardDuty suppression rule archives findings chain-guard relies on: they never reach EventBridge, so a backstop is silenced' };
    if (target.filterName && target.detectorId && silencing.length === 0) out.notes.push(`the GuardDuty filter ${target.filterName} archives no finding type chain-guard relies on`);
  } catch (error) {
    out.errors.push(`GuardDuty suppression rules: ${errorMessage(error)}`);
  }
  if (target.filterName && target.detectorId) out.resource ??= filterResource(target.detectorId, target.filterName, trigger, region);
  return out;
}

/** Every filter of the target that can archive a type chain-guard relies on. A filter deleted since the event is no longer there: nothing to judge. */
export async function silencingFilters(client: GuardDutyClient, target: FilterTarget, trigger: Trigger): Promise<SilencingFilter[]> {
  const region = trigger.region;
  const detectorIds = target.detectorId ? [target.detectorId] : ((await call('ListDetectors', `detectors of ${region}`, trigger, () => client.send(new ListDetectorsCommand({})))).DetectorIds ?? []);
  const found: SilencingFilter[] = [];
  for (const detectorId of detectorIds) {
    const names = target.filterName ? [target.filterName] : await filterNames(client, detectorId, trigger);
    for (const name of names) {
      const filter = await getFilter(client, detectorId, name, trigger);
      const message = filter ? judged(filter, detectorId, region) : undefined;
      if (message) found.push({ detectorId, name, message });
    }
  }
  return found;
}

async function filterNames(client: GuardDutyClient, detectorId: string, trigger: Trigger): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await call('ListFilters', `filters of detector ${detectorId}`, trigger, () => client.send(new ListFiltersCommand({ DetectorId: detectorId, MaxResults: 50, ...(token ? { NextToken: token } : {}) })));
    names.push(...(page.FilterNames ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return names;
}

/** The filter, or undefined when it (or its detector) no longer exists (GuardDuty answers BadRequest). */
async function getFilter(client: GuardDutyClient, detectorId: string, name: string, trigger: Trigger): Promise<GetFilterCommandOutput | undefined> {
  try {
    return await client.send(new GetFilterCommand({ DetectorId: detectorId, FilterName: name }));
  } catch (error) {
    if (['BadRequestException', 'InvalidInputException'].includes(errorCode(error)) && /no such resource|not found|not owned/i.test((error as Error).message)) return undefined;
    throw new AwsCallError('GetFilter', error, { resource: `${detectorId}/${name}`, account: trigger.account, region: trigger.region });
  }
}

function judged(filter: GetFilterCommandOutput, detectorId: string, region: string): string | undefined {
  const verdict = judgeFilter({ ...(filter.Action ? { action: filter.Action } : {}), ...(filter.FindingCriteria ? { findingCriteria: filter.FindingCriteria } : {}) }, RELIED_ON_FINDINGS);
  if (verdict.archives.length === 0) return undefined;
  const name = filter.Name ?? '';
  const cli = `aws guardduty --region ${region}`;
  const narrowed = narrowedCriteria(filter.FindingCriteria, RELIED_ON_FINDINGS);
  const narrow = narrowed
    ? `if it is intended, narrow it: ${cli} update-filter --detector-id ${detectorId} --filter-name ${name} --finding-criteria ${quotedJson(narrowed)}`
    : `if it is intended, narrow its type criterion so it excludes ${RELIED_ON_FINDINGS.join(', ')}`;
  const also = verdict.narrowing.length > 0 ? `; it also requires ${verdict.narrowing.join(', ')} (not judged: check they exclude the findings above)` : '';
  const unsure = verdict.unsure.length > 0 ? `; not judged, counted as matching: ${verdict.unsure.join(', ')}` : '';
  return (
    `GuardDuty suppression rule ${name} (detector ${detectorId}, ${region}, action ARCHIVE) can archive ${verdict.archives.join(', ')}: archived findings never reach EventBridge, so chain-guard's GuardDuty backstop for them is silenced ` +
    `(${verdict.typeCriterion}${also}${unsure}). Nothing was changed: remove it (${cli} delete-filter --detector-id ${detectorId} --filter-name ${name}), or ${narrow}`
  );
}
