/**
 * restore-alarms, the mute-rule part: reads the alarm mute rules, lifts those that mute a baseline alarm (the plan is
 * ../baseline/mute-rules.ts), and re-reads them. A rule that mutes only baseline alarms is deleted; one that also mutes
 * the customer's own alarms is written back without the baseline alarms, with its name, schedule, description and dates.
 */
import { DeleteAlarmMuteRuleCommand, GetAlarmMuteRuleCommand, ListAlarmMuteRulesCommand, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { awsCall } from '../aws/call';
import { alarmName, type AlarmBaseline } from '../baseline/cis-alarms';
import { MUTING_STATUSES, describeSchedule, muteRuleName, planMuteRules, type MuteFix, type MuteRule } from '../baseline/mute-rules';
import { AwsCallError, errorMessage, hasErrorCode } from '../errors';
import { shellQuote } from '../aws/cli';
import type { Action } from './result';
import type { Deps } from './types';

type Place = { account: string; region: string };

/** Every baseline alarm name (the whole baseline: a rule muting any of them is lifted, whatever the event named). */
export function baselineAlarmNames(baseline: AlarmBaseline): string[] {
  return baseline.specs.map((s) => alarmName(baseline, s));
}

/**
 * Every mute rule that mutes now or will (ACTIVE, SCHEDULED), whole. One paged listing, then GetAlarmMuteRule per rule
 * (a list entry has no targets): 1 + n calls, n the account's live mute rules; ListAlarmMuteRules per alarm name would
 * cost one call per baseline alarm (14+) on every run, then the same GetAlarmMuteRule per hit.
 */
export async function readMuteRules(place: Place, deps: Deps): Promise<MuteRule[]> {
  const cloudwatch = deps.clients.cloudwatch(place.region);
  const where = { resource: 'alarm mute rules', account: place.account, region: place.region };
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall('ListAlarmMuteRules', where, () => cloudwatch.send(new ListAlarmMuteRulesCommand({ Statuses: [...MUTING_STATUSES], NextToken: token })));
    names.push(...(page.AlarmMuteRuleSummaries ?? []).map(muteRuleName).filter((n): n is string => Boolean(n)));
    token = page.NextToken;
  } while (token);
  const rules: MuteRule[] = [];
  for (const name of names) {
    try {
      const { $metadata: _, ...rule } = await cloudwatch.send(new GetAlarmMuteRuleCommand({ AlarmMuteRuleName: name }));
      rules.push({ Name: name, ...rule });
    } catch (error) {
      // Deleted between the listing and the read: it mutes nothing.
      if (!hasErrorCode(error, 'ResourceNotFoundException')) throw new AwsCallError('GetAlarmMuteRule', error, { ...where, resource: name });
    }
  }
  return rules;
}

/** Reads and lifts the mute rules on baseline alarms (plans only in report mode). An AWS failure ends it: what was done before it is kept. */
export async function liftMuteRules(baseline: AlarmBaseline, place: Place, deps: Deps): Promise<{ actions: Action[]; error?: string }> {
  const actions: Action[] = [];
  try {
    const fixes = planMuteRules(baselineAlarmNames(baseline), await readMuteRules(place, deps));
    for (const fix of fixes) actions.push(await liftMuteRule(fix, place, deps));
    return { actions };
  } catch (error) {
    return { actions, error: errorMessage(error) };
  }
}

/** What is still muted after the repair, in words; empty when no live rule mutes a baseline alarm. */
export async function mutedProblems(baseline: AlarmBaseline, place: Place, deps: Deps): Promise<string[]> {
  return planMuteRules(baselineAlarmNames(baseline), await readMuteRules(place, deps)).map(describeMute);
}

/** `mute rule maint mutes CIS-3.1-UnauthorizedAPICalls (cron(0 * * * ? *) for PT1H)`. */
export function describeMute(fix: MuteFix): string {
  return `mute rule ${fix.name} mutes ${fix.muted.join(', ')} (${describeSchedule(fix.before)})`;
}

async function liftMuteRule(fix: MuteFix, place: Place, deps: Deps): Promise<Action> {
  const enforce = deps.config.mode === 'enforce';
  const cloudwatch = deps.clients.cloudwatch(place.region);
  const where = { resource: fix.name, account: place.account, region: place.region };
  const undo = `aws cloudwatch put-alarm-mute-rule --region ${place.region} --cli-input-json ${shellQuote(JSON.stringify(fix.before))}`;
  const base = { target: fix.name, status: enforce ? ('done' as const) : ('planned' as const), params: { AlarmMuteRuleName: fix.name, alarms: fix.muted }, before: describeMute(fix), undo };
  if (fix.kind === 'delete') {
    if (enforce) await awsCall('DeleteAlarmMuteRule', where, () => cloudwatch.send(new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: fix.name })));
    const command = `aws cloudwatch delete-alarm-mute-rule --region ${place.region} --alarm-mute-rule-name ${shellQuote(fix.name)}`;
    return { ...base, api: 'DeleteAlarmMuteRule', after: 'deleted: the baseline alarms notify again', command };
  }
  const input = fix.input ?? fix.before;
  if (enforce) await awsCall('PutAlarmMuteRule', where, () => cloudwatch.send(new PutAlarmMuteRuleCommand(input)));
  const command = `aws cloudwatch put-alarm-mute-rule --region ${place.region} --cli-input-json ${shellQuote(JSON.stringify(input))}`;
  return { ...base, api: 'PutAlarmMuteRule', after: `mutes only ${fix.kept.join(', ')} (the customer's own alarms, kept)`, command };
}
