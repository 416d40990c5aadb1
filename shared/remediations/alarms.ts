/**
 * Restore the CIS metric filters and alarms (the middle links of the alerting chain) exactly as in the baseline.
 * plan: pure (`planAlarms`); apply: CreateLogGroup / PutMetricFilter / PutMetricAlarm; verify: DescribeMetricFilters,
 * DescribeAlarms. Only baseline filters and alarms are ever written; others are reported.
 */
import { DescribeAlarmsCommand, PutMetricAlarmCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, DescribeLogGroupsCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { ALARM_SHAPE, alarmName, type AlarmBaseline, type AlarmSpec } from '../baseline/cis-alarms';
import { awsCall } from '../aws/call';
import { AwsCallError, errorMessage, hasErrorCode } from '../errors';
import { ALARM_API_CALLS, ALARM_CONFIG_RULES, alarmScope, type AlarmScope } from '../events/alarms';
import type { Trigger } from '../events/trigger';
import type { Action, Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';

/** The restore-alarms remediation. */
export const alarmChain: Remediation = {
  id: 'restore-alarms',
  title: 'Recreate missing or altered CIS metric filters and CloudWatch alarms',
  permissions: ['logs:DescribeLogGroups', 'logs:CreateLogGroup', 'logs:DescribeMetricFilters', 'logs:PutMetricFilter', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm'],
  triggers: { cloudtrail: Object.values(ALARM_API_CALLS).flat(), config: ALARM_CONFIG_RULES },
  run: restoreAlarms,
};

/** What to write, decided from the current state alone. */
export interface AlarmPlan {
  createLogGroup: boolean;
  filters: { spec: AlarmSpec; before: MetricFilter | undefined }[];
  alarms: { spec: AlarmSpec; before: MetricAlarm | undefined; problems: string[] }[];
}

/** Compares the baseline specs with the current filters and alarms. Pure. */
export function planAlarms(baseline: AlarmBaseline, specs: readonly AlarmSpec[], state: { groupExists: boolean; filters: MetricFilter[]; alarms: MetricAlarm[] }): AlarmPlan {
  const plan: AlarmPlan = { createLogGroup: !state.groupExists, filters: [], alarms: [] };
  for (const spec of specs) {
    // AWS keeps one filter per name; an emulator may list a replaced one twice, so any exact match counts.
    const named = state.filters.filter((f) => f.filterName === spec.name);
    const filter = named[0];
    const filterOk = named.some((f) => {
      const t = f.metricTransformations?.[0];
      return f.filterPattern === spec.pattern && t?.metricName === spec.name && t.metricNamespace === baseline.namespace && t.metricValue === '1';
    });
    if (!filterOk) plan.filters.push({ spec, before: filter });
    const alarm = state.alarms.find((a) => a.AlarmName === alarmName(baseline, spec));
    const problems = alarmProblems(baseline, spec, alarm);
    if (problems.length > 0) plan.alarms.push({ spec, before: alarm, problems });
  }
  return plan;
}

/** What is wrong with an alarm, in words; empty when it matches the baseline. */
export function alarmProblems(baseline: AlarmBaseline, spec: AlarmSpec, alarm: MetricAlarm | undefined): string[] {
  if (!alarm) return ['missing'];
  const problems: string[] = [];
  if (alarm.MetricName !== spec.name || alarm.Namespace !== baseline.namespace) problems.push(`metric is ${alarm.Namespace}/${alarm.MetricName}`);
  if (alarm.ActionsEnabled === false) problems.push('actions disabled');
  if (!(alarm.AlarmActions ?? []).includes(baseline.topicArn)) problems.push('alerts topic not among its actions');
  if (alarm.Threshold !== ALARM_SHAPE.Threshold || alarm.ComparisonOperator !== ALARM_SHAPE.ComparisonOperator) problems.push(`condition is ${alarm.ComparisonOperator} ${alarm.Threshold}`);
  if (alarm.Statistic !== ALARM_SHAPE.Statistic || alarm.Period !== ALARM_SHAPE.Period || alarm.EvaluationPeriods !== ALARM_SHAPE.EvaluationPeriods) problems.push(`evaluation is ${alarm.Statistic} over ${alarm.Period}s x ${alarm.EvaluationPeriods}`);
  return problems;
}

/** Runs the whole remediation for one trigger. */
export async function restoreAlarms(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const baseline = deps.config.alarms;
  const { scope, ignore } = alarmScope(trigger);
  const resource: ResourceRef = { type: 'AWS::Logs::LogGroup', id: baseline?.logGroupName ?? scope?.logGroupName ?? 'unknown-log-group', account: trigger.account, region: trigger.region };
  const base = { remediation: alarmChain.id, resource, trigger: summarise(trigger) };
  if (ignore || !scope) return { ...base, headline: `Event ignored for ${resource.id}`, outcome: 'ignored', verified: false, actions: [], kept: [], reason: ignore ?? 'nothing in scope' };
  if (!baseline && trigger.kind === 'schedule') return { ...base, headline: 'No alarm baseline configured', outcome: 'ignored', verified: false, actions: [], kept: [], reason: 'the sweep has no alarm baseline to check (ALARM_LOG_GROUP_NAME)' };
  if (!baseline) {
    const actionNeeded = 'No alarm baseline: set ALARM_LOG_GROUP_NAME (or the trail baseline\'s TRAIL_CLOUDWATCH_LOG_GROUP_ARN) so filters and alarms can be restored';
    return { ...base, headline: 'CIS alarms cannot be restored (not configured)', outcome: 'skipped', verified: false, actions: [], kept: [], reason: scope.why, actionNeeded };
  }
  const { specs, kept } = inScope(baseline, scope);
  if (specs.length === 0) {
    if (scope.alarmNames.length === 1) Object.assign(resource, { type: 'AWS::CloudWatch::Alarm', id: scope.alarmNames[0] });
    return { ...base, headline: `Non-baseline alarm or filter changed: ${resource.id}`, outcome: 'skipped', verified: false, actions: [], kept, reason: `${scope.why}; nothing in it belongs to the baseline, so it is only reported` };
  }
  if (!scope.all && scope.alarmNames.length === 1 && specs.length === 1) Object.assign(resource, { type: 'AWS::CloudWatch::Alarm', id: scope.alarmNames[0] });
  try {
    const plan = planAlarms(baseline, specs, await readAlarmState(baseline, specs, trigger, deps));
    const actions = await apply(baseline, plan, trigger, deps);
    const problems = deps.config.mode === 'enforce' && actions.length > 0 ? await verify(baseline, specs, trigger, deps) : [];
    if (problems.length > 0) {
      const error = problems.join('; ');
      return { ...base, headline: `CIS alarms NOT restored on ${baseline.logGroupName}`, outcome: 'failed', verified: false, actions, kept, error, reason: `Re-read after the repair: ${error}` };
    }
    const note = scope.logGroupDeleted && plan.createLogGroup ? ' The log group was recreated: check that the trail still delivers to it (CloudWatchLogsLogGroupArn).' : '';
    if (actions.length === 0) return { ...base, headline: `CIS alarms already in place on ${baseline.logGroupName}`, outcome: 'already-compliant', verified: true, actions, kept, reason: `All ${specs.length} baseline filter(s) and alarm(s) match${kept.length ? '; other names reported only' : ''}` };
    if (deps.config.mode === 'report') return { ...base, headline: `CIS alarms need repair on ${baseline.logGroupName} (report mode)`, outcome: 'reported', verified: false, actions, kept, reason: `Report mode: would write ${actions.length} change(s)${note}` };
    const filters = actions.filter((a) => a.api === 'PutMetricFilter').length;
    const alarms = actions.filter((a) => a.api === 'PutMetricAlarm').length;
    const what = [filters ? `${filters} metric filter(s)` : '', alarms ? `${alarms} alarm(s)` : ''].filter(Boolean).join(' and ') || 'log group';
    return { ...base, headline: `${what} restored on ${baseline.logGroupName}`, outcome: 'remediated', verified: true, actions, kept, reason: `Restored ${filters} filter(s) and ${alarms} alarm(s); a re-read confirms them.${note}`, ...(note ? { actionNeeded: note.trim() } : {}) };
  } catch (error) {
    const message = errorMessage(error);
    return { ...base, headline: `CIS alarms NOT restored on ${baseline.logGroupName}`, outcome: 'failed', verified: false, actions: [], kept, error: message, reason: `Could not restore the alarm chain: ${message}` };
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
    actions.push({ api: 'CreateLogGroup', target: baseline.logGroupName, status, params: { logGroupName: baseline.logGroupName }, before: 'deleted', after: 'created (empty: past logs are gone)' });
  }
  for (const { spec, before } of plan.filters) {
    const input = { logGroupName: baseline.logGroupName, filterName: spec.name, filterPattern: spec.pattern, metricTransformations: [{ metricName: spec.name, metricNamespace: baseline.namespace, metricValue: '1' }] };
    if (enforce) await awsCall('PutMetricFilter', where, () => logs.send(new PutMetricFilterCommand(input)));
    actions.push({ api: 'PutMetricFilter', target: `${baseline.logGroupName}:${spec.name}`, status, params: { filterName: spec.name, cis: spec.id }, before: before ? { pattern: before.filterPattern, summary: `pattern ${before.filterPattern}` } : { summary: 'deleted' }, after: `pattern ${spec.pattern}` });
  }
  for (const { spec, before, problems } of plan.alarms) {
    const name = alarmName(baseline, spec);
    const actionsList = [...new Set([...(before?.AlarmActions ?? []), baseline.topicArn])];
    const input = {
      AlarmName: name,
      AlarmDescription: `CIS ${spec.id} ${spec.description}${spec.control ? ` (Security Hub ${spec.control})` : ''}: restored by chain-guard`,
      MetricName: spec.name,
      Namespace: baseline.namespace,
      ...ALARM_SHAPE,
      ActionsEnabled: true,
      AlarmActions: actionsList,
    };
    if (enforce) await awsCall('PutMetricAlarm', { ...where, resource: name }, () => cloudwatch.send(new PutMetricAlarmCommand(input)));
    actions.push({ api: 'PutMetricAlarm', target: name, status, params: { AlarmName: name, cis: spec.id }, before: { summary: problems.join(', ') }, after: `${baseline.namespace}/${spec.name} Sum>=1 per 5 min, actions on -> ${actionsList.join(', ')}` });
  }
  return actions;
}

async function verify(baseline: AlarmBaseline, specs: AlarmSpec[], trigger: Trigger, deps: Deps): Promise<string[]> {
  const state = await readAlarmState(baseline, specs, trigger, deps);
  const plan = planAlarms(baseline, specs, state);
  return [
    ...(plan.createLogGroup ? [`log group ${baseline.logGroupName} still missing`] : []),
    ...plan.filters.map((f) => `filter ${f.spec.name} still differs`),
    ...plan.alarms.map((a) => `alarm ${alarmName(baseline, a.spec)}: ${a.problems.join(', ')}`),
  ];
}
