/**
 * Everything that decides whether a baseline alarm or metric filter fires, compared with the baseline field by field,
 * and what the restore writes. Pure.
 * A filter that adds a dimension or a unit emits a metric the alarm never reads; an alarm that adds a dimension, a unit,
 * a percentile, metric math or a warm-up, or that changes the period, threshold or missing-data treatment, stops firing
 * or fires at other times. Each such field is compared on its raw value, and reported as `field: before -> after`.
 */
import type { MetricAlarm, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { MetricFilter, PutMetricFilterCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { ALARM_SHAPE, alarmName, type AlarmBaseline, type AlarmSpec } from './cis-alarms';

/** One field that differs from the baseline: its API name, its value now, the value the restore writes. */
export interface Drift {
  field: string;
  before: string;
  after: string;
}

/** CloudWatch takes at most 5 actions per alarm state. */
export const MAX_ALARM_ACTIONS = 5;

/** `Dimensions: InstanceId=i-1 -> none`. */
export function describeDrift(drift: Drift): string {
  return `${drift.field}: ${drift.before} -> ${drift.after}`;
}

/** The alarm actions after a restore: the current ones, in order, plus the alerts topic (the oldest extras stay if there is no room). */
export function restoredAlarmActions(current: readonly string[] | undefined, topicArn: string): string[] {
  const unique = [...new Set(current ?? [])];
  return unique.includes(topicArn) ? unique : [...unique.slice(0, MAX_ALARM_ACTIONS - 1), topicArn];
}

interface Row {
  field: string;
  ok: boolean;
  before: string;
  after: string;
}

const text = (value: unknown): string => (value === undefined || value === null || value === '' ? 'none' : String(value));
const list = (values: readonly string[] | undefined): string => (values && values.length > 0 ? values.join(', ') : 'none');
const empty = (value: readonly unknown[] | Record<string, unknown> | undefined): boolean => !value || Object.keys(value).length === 0;
const seconds = (value: number | undefined): string => (value === undefined ? 'none' : `${value} s`);
const drifted = (rows: Row[]): Drift[] => rows.filter((r) => !r.ok).map(({ field, before, after }) => ({ field, before, after }));

/** What differs between a baseline alarm and the alarm found; empty when it fires exactly as the baseline says. */
export function alarmDrift(baseline: AlarmBaseline, spec: AlarmSpec, alarm: MetricAlarm): Drift[] {
  const datapoints = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
  const warmUp = alarm.WarmUpConfiguration?.WarmUpPeriodDurationInMinutes;
  return drifted([
    { field: 'MetricName', ok: alarm.MetricName === spec.name, before: text(alarm.MetricName), after: spec.name },
    { field: 'Namespace', ok: alarm.Namespace === baseline.namespace, before: text(alarm.Namespace), after: baseline.namespace },
    { field: 'Metrics', ok: empty(alarm.Metrics), before: metricMath(alarm), after: 'none (the plain metric)' },
    // EvaluationInterval goes only with EvaluationCriteria (AWS refuses it beside MetricName or Metrics): not compared apart.
    { field: 'EvaluationCriteria', ok: alarm.EvaluationCriteria === undefined, before: JSON.stringify(alarm.EvaluationCriteria ?? null), after: 'none (the plain metric)' },
    { field: 'Statistic', ok: alarm.Statistic === ALARM_SHAPE.Statistic, before: text(alarm.Statistic), after: ALARM_SHAPE.Statistic },
    { field: 'ExtendedStatistic', ok: !alarm.ExtendedStatistic, before: text(alarm.ExtendedStatistic), after: 'none' },
    { field: 'Dimensions', ok: empty(alarm.Dimensions), before: list(alarm.Dimensions?.map((d) => `${d.Name}=${d.Value}`)), after: 'none' },
    { field: 'Unit', ok: !alarm.Unit, before: text(alarm.Unit), after: 'none' },
    { field: 'Period', ok: alarm.Period === ALARM_SHAPE.Period, before: seconds(alarm.Period), after: seconds(ALARM_SHAPE.Period) },
    { field: 'EvaluationPeriods', ok: alarm.EvaluationPeriods === ALARM_SHAPE.EvaluationPeriods, before: text(alarm.EvaluationPeriods), after: String(ALARM_SHAPE.EvaluationPeriods) },
    { field: 'DatapointsToAlarm', ok: datapoints === ALARM_SHAPE.DatapointsToAlarm, before: alarm.DatapointsToAlarm === undefined ? `unset (all ${text(alarm.EvaluationPeriods)})` : String(alarm.DatapointsToAlarm), after: String(ALARM_SHAPE.DatapointsToAlarm) },
    { field: 'Threshold', ok: alarm.Threshold === ALARM_SHAPE.Threshold, before: text(alarm.Threshold), after: String(ALARM_SHAPE.Threshold) },
    { field: 'ComparisonOperator', ok: alarm.ComparisonOperator === ALARM_SHAPE.ComparisonOperator, before: text(alarm.ComparisonOperator), after: ALARM_SHAPE.ComparisonOperator },
    { field: 'TreatMissingData', ok: (alarm.TreatMissingData ?? 'missing') === ALARM_SHAPE.TreatMissingData, before: alarm.TreatMissingData ?? 'unset (missing)', after: ALARM_SHAPE.TreatMissingData },
    { field: 'EvaluationWindow', ok: !alarm.EvaluationWindow || 'SlidingWindow' in alarm.EvaluationWindow, before: JSON.stringify(alarm.EvaluationWindow ?? null), after: 'none (sliding window)' },
    { field: 'WarmUpConfiguration', ok: !warmUp, before: `${text(warmUp)} min`, after: 'none' },
    { field: 'ActionsEnabled', ok: alarm.ActionsEnabled !== false, before: 'false', after: 'true' },
    { field: 'AlarmActions', ok: (alarm.AlarmActions ?? []).includes(baseline.topicArn), before: list(alarm.AlarmActions), after: restoredAlarmActions(alarm.AlarmActions, baseline.topicArn).join(', ') },
  ]);
}

function metricMath(alarm: MetricAlarm): string {
  const queries = (alarm.Metrics ?? []).map((q) => {
    const stat = q.MetricStat;
    return `${q.Id}=${q.Expression ?? `${stat?.Metric?.Namespace}/${stat?.Metric?.MetricName}${stat?.Metric?.Dimensions?.length ? `{${stat.Metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')}}` : ''} ${stat?.Stat}`}`;
  });
  return queries.length > 0 ? `metric math ${queries.join('; ')}` : 'none';
}

/** What differs between a baseline metric filter and the filter in force; empty when it counts exactly as the baseline says. */
export function filterDrift(baseline: AlarmBaseline, spec: AlarmSpec, filter: MetricFilter): Drift[] {
  const all = filter.metricTransformations ?? [];
  const t = all[0];
  return drifted([
    { field: 'filterPattern', ok: filter.filterPattern === spec.pattern, before: text(filter.filterPattern), after: spec.pattern },
    { field: 'metricTransformations', ok: all.length === 1, before: `${all.length} transformation(s)`, after: '1' },
    { field: 'metricName', ok: t?.metricName === spec.name, before: text(t?.metricName), after: spec.name },
    { field: 'metricNamespace', ok: t?.metricNamespace === baseline.namespace, before: text(t?.metricNamespace), after: baseline.namespace },
    { field: 'metricValue', ok: t?.metricValue === '1', before: text(t?.metricValue), after: '1' },
    { field: 'defaultValue', ok: t?.defaultValue === undefined || t.defaultValue === null, before: text(t?.defaultValue), after: 'none' },
    { field: 'dimensions', ok: empty(t?.dimensions), before: list(Object.entries(t?.dimensions ?? {}).map(([k, v]) => `${k}=${v}`)), after: 'none' },
    { field: 'unit', ok: !t?.unit || t.unit === 'None', before: text(t?.unit), after: 'none' },
    { field: 'applyOnTransformedLogs', ok: filter.applyOnTransformedLogs !== true, before: 'true', after: 'false' },
    { field: 'fieldSelectionCriteria', ok: !filter.fieldSelectionCriteria, before: text(filter.fieldSelectionCriteria), after: 'none (every log event)' },
    { field: 'emitSystemFieldDimensions', ok: empty(filter.emitSystemFieldDimensions), before: list(filter.emitSystemFieldDimensions), after: 'none' },
  ]);
}

/** The baseline filter, whole: PutMetricFilter replaces every field of a filter of that name. */
export function restoredFilterInput(baseline: AlarmBaseline, spec: AlarmSpec): PutMetricFilterCommandInput {
  return { logGroupName: baseline.logGroupName, filterName: spec.name, filterPattern: spec.pattern, metricTransformations: [{ metricName: spec.name, metricNamespace: baseline.namespace, metricValue: '1' }] };
}

/**
 * The baseline alarm merged with what the customer added to it. PutMetricAlarm replaces the whole alarm, so what does not
 * decide whether it fires is carried over: OK and insufficient-data actions, extra alarm actions, the description and
 * the notification settings (tags are kept by AWS: PutMetricAlarm ignores Tags on an existing alarm).
 */
export function restoredAlarmInput(baseline: AlarmBaseline, spec: AlarmSpec, before: MetricAlarm | undefined): PutMetricAlarmCommandInput {
  const checker = spec.control ? ` (Security Hub ${spec.control})` : spec.for ? ` (for ${spec.for})` : '';
  const description = `CIS ${spec.id} ${spec.description}${checker}: restored by chain-guard`;
  return {
    AlarmName: alarmName(baseline, spec),
    AlarmDescription: before?.AlarmDescription || description,
    MetricName: spec.name,
    Namespace: baseline.namespace,
    ...ALARM_SHAPE,
    ActionsEnabled: true,
    AlarmActions: restoredAlarmActions(before?.AlarmActions, baseline.topicArn),
    ...(before?.OKActions?.length ? { OKActions: before.OKActions } : {}),
    ...(before?.InsufficientDataActions?.length ? { InsufficientDataActions: before.InsufficientDataActions } : {}),
    ...(before?.ActionConfiguration ? { ActionConfiguration: before.ActionConfiguration } : {}),
  };
}

/** The alarm as it was, as a PutMetricAlarm input (for the undo command): set fields only. */
export function alarmAsInput(alarm: MetricAlarm): PutMetricAlarmCommandInput {
  const keys = ['AlarmName', 'AlarmDescription', 'ActionsEnabled', 'OKActions', 'AlarmActions', 'InsufficientDataActions', 'MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'Unit', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'EvaluateLowSampleCountPercentile', 'Metrics', 'ThresholdMetricId', 'EvaluationWindow', 'WarmUpConfiguration', 'EvaluationCriteria', 'EvaluationInterval', 'ActionConfiguration'] as const;
  const set = keys.filter((k) => alarm[k] !== undefined && alarm[k] !== null && !(Array.isArray(alarm[k]) && (alarm[k] as unknown[]).length === 0));
  return Object.fromEntries(set.map((k) => [k, alarm[k]])) as unknown as PutMetricAlarmCommandInput;
}
