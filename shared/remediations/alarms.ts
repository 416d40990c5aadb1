/**
 * Restore the CIS metric filters and alarms (the middle links of the alerting chain) exactly as in the baseline.
 * plan: pure (`planAlarms`); apply: CreateLogGroup / PutMetricFilter / PutMetricAlarm; verify: DescribeMetricFilters,
 * DescribeAlarms. Only baseline filters and alarms are ever written; others are reported. Every field that decides whether
 * an alert fires is compared (../baseline/alarm-drift.ts); what the customer added to a baseline alarm and that does not
 * decide it (OK / insufficient-data actions, extra alarm actions, description, tags) is read and written back.
 * A mute rule that mutes a baseline alarm is lifted (./alarms-mute.ts): deleted, or narrowed to the customer's own alarms.
 */
import { eachTargetSweeper } from '../sweep/each-target';
import { DescribeAlarmsCommand, PutMetricAlarmCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, DescribeLogGroupsCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { alarmAsInput, alarmDrift, describeDrift, filterDrift, restoredAlarmInput, restoredFilterInput, type Drift } from '../baseline/alarm-drift';
import { alarmName, type AlarmBaseline, type AlarmSpec } from '../baseline/cis-alarms';
import { awsCall } from '../aws/call';
import { AwsCallError, errorMessage, hasErrorCode } from '../errors';
import { ALARM_API_CALLS, ALARM_CONFIG_RULES, alarmScope, type AlarmScope } from '../events/alarms';
import type { Trigger } from '../events/trigger';
import { feederProblems } from './alarms-feeders';
import { liftMuteRules, mutedProblems } from './alarms-mute';
import type { Action, Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';
import { shellQuote } from '../aws/cli';

/** The restore-alarms remediation. */
export const alarmChain: Remediation = {
  id: 'restore-alarms',
  title: 'Recreate missing or altered CIS metric filters and CloudWatch alarms',
  permissions: [
    ...['logs:DescribeLogGroups', 'logs:CreateLogGroup', 'logs:DescribeMetricFilters', 'logs:PutMetricFilter', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm'],
    ...['cloudwatch:ListAlarmMuteRules', 'cloudwatch:GetAlarmMuteRule', 'cloudwatch:DeleteAlarmMuteRule', 'cloudwatch:PutAlarmMuteRule'],
  ],
  triggers: { cloudtrail: Object.values(ALARM_API_CALLS).flat(), config: ALARM_CONFIG_RULES },
  unarmed: (config) =>
    config.alarms ? undefined : 'No alarm log group is configured (param alarmLogGroupName, or the trail baseline\'s trailLogGroupArn): the CIS metric filters and alarms are neither checked nor restored.',
  // The sweep over many accounts: each account once, in the region its CIS metric filters and alarms live in (README "Organization").
  sweeper: { ...eachTargetSweeper('CIS metric filters and alarms', 'AWS::CloudWatch::Alarm'), regionOf: (config) => config.region },
  run: restoreAlarms,
};

/** What to write, decided from the current state alone. `drift` names each field that differs (empty when missing). */
export interface AlarmPlan {
  createLogGroup: boolean;
  filters: { spec: AlarmSpec; before: MetricFilter | undefined; drift: Drift[]; problems: string[] }[];
  alarms: { spec: AlarmSpec; before: MetricAlarm | undefined; drift: Drift[]; problems: string[] }[];
}

/** Compares the baseline specs with the current filters and alarms, every field that decides whether an alert fires. Pure. */
export function planAlarms(baseline: AlarmBaseline, specs: readonly AlarmSpec[], state: { groupExists: boolean; filters: MetricFilter[]; alarms: MetricAlarm[] }): AlarmPlan {
  const plan: AlarmPlan = { createLogGroup: !state.groupExists, filters: [], alarms: [] };
  for (const spec of specs) {
    // AWS keeps one filter per name; moto 5.2.5 appends a replaced one, so the last listed is the one in force.
    const filter = state.filters.filter((f) => f.filterName === spec.name).at(-1);
    const filterDiff = filter ? filterDrift(baseline, spec, filter) : [];
    if (!filter || filterDiff.length > 0) plan.filters.push({ spec, before: filter, drift: filterDiff, problems: filter ? filterDiff.map(describeDrift) : ['missing'] });
    const alarm = state.alarms.find((a) => a.AlarmName === alarmName(baseline, spec));
    const problems = alarmProblems(baseline, spec, alarm);
    if (problems.length > 0) plan.alarms.push({ spec, before: alarm, drift: alarm ? alarmDrift(baseline, spec, alarm) : [], problems });
  }
  return plan;
}

/** What is wrong with an alarm, in words (`Period: 86400 s -> 300 s`); empty when it matches the baseline. */
export function alarmProblems(baseline: AlarmBaseline, spec: AlarmSpec, alarm: MetricAlarm | undefined): string[] {
  return alarm ? alarmDrift(baseline, spec, alarm).map(describeDrift) : ['missing'];
}

/** Runs the whole remediation for one trigger. */
export async function restoreAlarms(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const baseline = deps.config.alarms;
  const { scope, ignore } = alarmScope(trigger);
  // The log group the event names, when it names one (a notice about another log group must not name the baseline's).
  const resource: ResourceRef = { type: 'AWS::Logs::LogGroup', id: scope?.logGroupName ?? baseline?.logGroupName ?? 'unknown-log-group', account: trigger.account, region: trigger.region };
  const base = { remediation: alarmChain.id, resource, trigger: summarise(trigger) };
  if (ignore || !scope) return { ...base, headline: `Event ignored for ${resource.id}`, outcome: 'ignored', verified: false, actions: [], kept: [], reason: ignore ?? 'nothing in scope' };
  if (!baseline && trigger.kind === 'schedule') return { ...base, headline: 'No alarm baseline configured', outcome: 'ignored', verified: false, actions: [], kept: [], reason: 'the sweep has no alarm baseline to check (ALARM_LOG_GROUP_NAME): the daily half-armed WARNING says so' };
  if (!baseline) {
    const actionNeeded = 'No alarm baseline: set ALARM_LOG_GROUP_NAME (or the trail baseline\'s TRAIL_CLOUDWATCH_LOG_GROUP_ARN) so filters and alarms can be restored';
    return { ...base, headline: 'CIS alarms cannot be restored (not configured)', outcome: 'skipped', verified: false, actions: [], kept: [], reason: scope.why, actionNeeded };
  }
  const { specs, kept } = inScope(baseline, scope);
  if (specs.length === 0) {
    if (scope.alarmNames.length === 1) Object.assign(resource, { type: 'AWS::CloudWatch::Alarm', id: scope.alarmNames[0] });
    const risk = { level: 'LOW' as const, why: `not part of the CIS alarm baseline (prefix ${baseline.alarmPrefix}, log group ${baseline.logGroupName}): the alerting chain is intact` };
    return { ...base, headline: `Non-baseline alarm or filter changed: ${resource.id}`, outcome: 'skipped', verified: false, actions: [], kept, reason: `${scope.why}; nothing in it belongs to the baseline, so it is only reported`, baseline: false, risk };
  }
  if (!scope.all && scope.alarmNames.length === 1 && specs.length === 1) Object.assign(resource, { type: 'AWS::CloudWatch::Alarm', id: scope.alarmNames[0] });
  const risk = { level: 'HIGH' as const, why: 'CIS metric filters or alarms were missing, altered or muted: the account is blind to those events' };
  try {
    const plan = planAlarms(baseline, specs, await readAlarmState(baseline, specs, trigger, deps));
    const actions = await apply(baseline, plan, trigger, deps);
    // After the alarms: a mute-rule failure must not stop a deleted alarm from coming back.
    const mutes = await liftMuteRules(baseline, trigger, deps);
    actions.push(...mutes.actions);
    if (mutes.error) {
      const done = actions.length > 0 ? ` (the ${actions.length} action(s) listed were done before it)` : '';
      return { ...base, headline: `CIS alarms NOT restored on ${baseline.logGroupName}`, outcome: 'failed', verified: false, actions, kept, error: mutes.error, reason: `Could not lift the mute rules on baseline alarms: ${mutes.error}${done}`, risk };
    }
    const problems = deps.config.mode === 'enforce' && actions.length > 0 ? await verify(baseline, specs, trigger, deps) : [];
    if (problems.length > 0) {
      const error = problems.join('; ');
      return { ...base, headline: `CIS alarms NOT restored on ${baseline.logGroupName}`, outcome: 'failed', verified: false, actions, kept, error, reason: `Re-read after the repair: ${error}`, risk };
    }
    const lowering = await feederProblems(baseline, specs, trigger, deps);
    const note = scope.logGroupDeleted && plan.createLogGroup ? ' The log group was recreated: check that the trail still delivers to it (CloudWatchLogsLogGroupArn).' : '';
    if (lowering.length > 0) {
      const actionNeeded = [...lowering, ...(note ? [note.trim()] : [])].join(' | ');
      const silenced = { level: 'HIGH' as const, why: 'another metric filter can keep baseline alarm metrics below their threshold: those alarms may never fire' };
      const common = { ...base, headline: `CIS alarms can be silenced: ${lowering.length} metric filter(s) lower baseline metrics`, actions, kept, risk: silenced, actionNeeded };
      const why = 'other metric filters publish to baseline metrics; they are reported, not changed';
      if (actions.length === 0) return { ...common, outcome: 'skipped', verified: false, reason: `The baseline filters and alarms match; ${why}` };
      if (deps.config.mode === 'report') return { ...common, outcome: 'reported', verified: false, reason: `Report mode: would write ${actions.length} change(s); ${why}` };
      return { ...common, outcome: 'remediated', verified: true, reason: `Restored ${actions.length} baseline change(s), a re-read confirms them; ${why}` };
    }
    if (actions.length === 0) return { ...base, headline: `CIS alarms already in place on ${baseline.logGroupName}`, outcome: 'already-compliant', verified: true, actions, kept, reason: `All ${specs.length} baseline filter(s) and alarm(s) match${kept.length ? '; other names reported only' : ''}` };
    if (deps.config.mode === 'report') return { ...base, headline: `CIS alarms need repair on ${baseline.logGroupName} (report mode)`, outcome: 'reported', verified: false, actions, kept, reason: `Report mode: would write ${actions.length} change(s)${note}`, risk };
    const filters = new Set(actions.filter((a) => a.api === 'PutMetricFilter').map((a) => a.target)).size;
    const alarms = new Set(actions.filter((a) => a.api === 'PutMetricAlarm').map((a) => a.target)).size;
    const unmuted = actions.filter((a) => a.api === 'DeleteAlarmMuteRule' || a.api === 'PutAlarmMuteRule').length;
    const what = [filters ? `${filters} metric filter(s)` : '', alarms ? `${alarms} alarm(s)` : ''].filter(Boolean).join(' and ') || (unmuted ? '' : 'log group');
    const headline = [what ? `${what} restored` : '', unmuted ? `${unmuted} mute rule(s) lifted` : ''].filter(Boolean).join(', ');
    const lifted = unmuted ? `, lifted ${unmuted} mute rule(s) that muted baseline alarms` : '';
    return { ...base, headline: `${headline} on ${baseline.logGroupName}`, outcome: 'remediated', verified: true, actions, kept, reason: `Restored ${filters} filter(s) and ${alarms} alarm(s)${lifted}; a re-read confirms them.${note}`, risk, ...(note ? { actionNeeded: note.trim() } : {}) };
  } catch (error) {
    const message = errorMessage(error);
    return { ...base, headline: `CIS alarms NOT restored on ${baseline.logGroupName}`, outcome: 'failed', verified: false, actions: [], kept, error: message, reason: `Could not restore the alarm chain: ${message}`, risk };
  }
}

function inScope(baseline: AlarmBaseline, scope: AlarmScope): { specs: AlarmSpec[]; kept: Kept[] } {
  const kept: Kept[] = [];
  const otherGroup = scope.logGroupName !== undefined && scope.logGroupName !== baseline.logGroupName;
  if (otherGroup) {
    kept.push({ target: scope.logGroupName ?? '', what: `${scope.filterNames.join(', ') || 'log group'} (${scope.why})`, reason: `log group ${scope.logGroupName} is not the trail's log group ${baseline.logGroupName}: reported only` });
    return { specs: [], kept };
  }
  if (scope.all) return { specs: [...baseline.specs], kept };
  const specs = baseline.specs.filter((s) => scope.alarmNames.includes(alarmName(baseline, s)) || scope.filterNames.includes(s.name));
  for (const name of scope.alarmNames.filter((n) => !baseline.specs.some((s) => alarmName(baseline, s) === n))) kept.push({ target: name, what: `alarm ${name} (${scope.why})`, reason: 'not a baseline alarm: never changed, reported only' });
  for (const name of scope.filterNames.filter((n) => !baseline.specs.some((s) => s.name === n))) kept.push({ target: name, what: `metric filter ${name} (${scope.why})`, reason: 'not a baseline filter: never changed, reported only' });
  return { specs, kept };
}

/** Reads the log group, its metric filters and the baseline alarms in `place` (a trigger, or any account + region). */
export async function readAlarmState(baseline: AlarmBaseline, specs: AlarmSpec[], place: { account: string; region: string }, deps: Deps): Promise<{ groupExists: boolean; filters: MetricFilter[]; alarms: MetricAlarm[] }> {
  const logs = deps.clients.logs(place.region);
  const cloudwatch = deps.clients.cloudwatch(place.region);
  const where = { resource: baseline.logGroupName, account: place.account, region: place.region };
  const groups = await awsCall('DescribeLogGroups', where, () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: baseline.logGroupName })));
  const groupExists = (groups.logGroups ?? []).some((g) => g.logGroupName === baseline.logGroupName);
  const filters: MetricFilter[] = [];
  let token: string | undefined;
  while (groupExists) {
    const page = await awsCall('DescribeMetricFilters', where, () => logs.send(new DescribeMetricFiltersCommand({ logGroupName: baseline.logGroupName, nextToken: token })));
    filters.push(...(page.metricFilters ?? []));
    token = page.nextToken;
    if (!token) break;
  }
  const alarms: MetricAlarm[] = [];
  const names = specs.map((s) => alarmName(baseline, s));
  for (let i = 0; i < names.length; i += 100) {
    const page = await awsCall('DescribeAlarms', where, () => cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm'] })));
    alarms.push(...(page.MetricAlarms ?? []));
  }
  return { groupExists, filters, alarms };
}

async function apply(baseline: AlarmBaseline, plan: AlarmPlan, trigger: Trigger, deps: Deps): Promise<Action[]> {
  const enforce = deps.config.mode === 'enforce';
  const status = enforce ? 'done' : 'planned';
  const logs = deps.clients.logs(trigger.region);
  const cloudwatch = deps.clients.cloudwatch(trigger.region);
  const where = { resource: baseline.logGroupName, account: trigger.account, region: trigger.region };
  const actions: Action[] = [];
  if (plan.createLogGroup) {
    if (enforce) {
      try {
        await logs.send(new CreateLogGroupCommand({ logGroupName: baseline.logGroupName }));
      } catch (error) {
        if (!hasErrorCode(error, 'ResourceAlreadyExistsException')) throw new AwsCallError('CreateLogGroup', error, where);
      }
    }
    const command = `aws logs create-log-group --region ${trigger.region} --log-group-name ${shellQuote(baseline.logGroupName)}`;
    actions.push({ api: 'CreateLogGroup', target: baseline.logGroupName, status, params: { logGroupName: baseline.logGroupName }, before: 'deleted', after: 'created (empty: past logs are gone)', command });
  }
  for (const { spec, before, drift } of plan.filters) {
    const input = restoredFilterInput(baseline, spec);
    if (enforce) await awsCall('PutMetricFilter', where, () => logs.send(new PutMetricFilterCommand(input)));
    const target = `${baseline.logGroupName}:${spec.name}`;
    // `previous`: the filter as it was (null: there was none), so npm run undo puts back exactly that.
    const params = { filterName: spec.name, logGroupName: baseline.logGroupName, cis: spec.id, previous: before ? filterAsInput(baseline, before) : null };
    const undo = before ? `aws logs put-metric-filter --region ${trigger.region} --cli-input-json ${shellQuote(JSON.stringify(filterAsInput(baseline, before)))}` : `aws logs delete-metric-filter --region ${trigger.region} --log-group-name ${shellQuote(baseline.logGroupName)} --filter-name ${shellQuote(spec.name)}`;
    const command = `aws logs put-metric-filter --region ${trigger.region} --cli-input-json ${shellQuote(JSON.stringify(input))}`;
    actions.push(...perField({ api: 'PutMetricFilter', target, status, params, command }, drift, before ? undefined : 'deleted', `pattern ${spec.pattern}`, undo));
  }
  for (const { spec, before, drift } of plan.alarms) {
    const input = restoredAlarmInput(baseline, spec, before);
    const name = input.AlarmName ?? alarmName(baseline, spec);
    if (enforce) await awsCall('PutMetricAlarm', { ...where, resource: name }, () => cloudwatch.send(new PutMetricAlarmCommand(input)));
    const undo = before ? `aws cloudwatch put-metric-alarm --region ${trigger.region} --cli-input-json ${shellQuote(JSON.stringify(alarmAsInput(before)))}` : `aws cloudwatch delete-alarms --region ${trigger.region} --alarm-names ${shellQuote(name)}`;
    const after = `${baseline.namespace}/${spec.name} Sum>=1 per 5 min, actions on -> ${(input.AlarmActions ?? []).join(', ')}`;
    const command = `aws cloudwatch put-metric-alarm --region ${trigger.region} --cli-input-json ${shellQuote(JSON.stringify(input))}`;
    actions.push(...perField({ api: 'PutMetricAlarm', target: name, status, params: { AlarmName: name, cis: spec.id, previous: before ? alarmAsInput(before) : null }, command }, drift, before ? undefined : 'missing', after, undo));
  }
  return actions;
}

async function verify(baseline: AlarmBaseline, specs: AlarmSpec[], trigger: Trigger, deps: Deps): Promise<string[]> {
  const state = await readAlarmState(baseline, specs, trigger, deps);
  const plan = planAlarms(baseline, specs, state);
  return [
    ...(plan.createLogGroup ? [`log group ${baseline.logGroupName} still missing`] : []),
    ...plan.filters.map((f) => `filter ${f.spec.name}: ${f.problems.join('; ')}`),
    ...plan.alarms.map((a) => `alarm ${alarmName(baseline, a.spec)}: ${a.problems.join('; ')}`),
    ...(await mutedProblems(baseline, trigger, deps)),
  ];
}

/**
 * One write as the notice shows it: one line per field that was wrong (`Dimensions: InstanceId=i-1 -> none`), or one line
 * for a missing filter or alarm. The undo command rides on the first line.
 */
function perField(base: Pick<Action, 'api' | 'target' | 'status' | 'params' | 'command'>, drift: Drift[], missing: string | undefined, after: string, undo: string): Action[] {
  if (missing !== undefined || drift.length === 0) return [{ ...base, before: { summary: missing ?? 'differs' }, after, undo }];
  return drift.map((d, i) => ({ ...base, params: { ...base.params, setting: d.field }, before: { summary: d.before }, after: d.after, ...(i === 0 ? { undo } : {}) }));
}

function filterAsInput(baseline: AlarmBaseline, filter: MetricFilter): Record<string, unknown> {
  const { filterName, filterPattern, metricTransformations, applyOnTransformedLogs, fieldSelectionCriteria, emitSystemFieldDimensions } = filter;
  return JSON.parse(JSON.stringify({ logGroupName: baseline.logGroupName, filterName, filterPattern, metricTransformations, applyOnTransformedLogs, fieldSelectionCriteria, emitSystemFieldDimensions })) as Record<string, unknown>;
}
