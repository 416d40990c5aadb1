/** planAlarms and alarmProblems: pure comparison of the CIS baseline with the current filters and alarms, every field that decides whether an alert fires. */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { ALARM_SHAPE, CIS_ALARMS, alarmName, type AlarmBaseline } from '../../../../shared/baseline/cis-alarms';
import { alarmProblems, planAlarms } from '../../../../shared/remediations/alarms';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';
const baseline: AlarmBaseline = { logGroupName: '/cloudtrail/org', namespace: 'CISBenchmark', topicArn: TOPIC, alarmPrefix: 'CIS-', specs: [...CIS_ALARMS] };
const spec = CIS_ALARMS[0]!;
const goodFilter = (s = spec): MetricFilter => ({ filterName: s.name, filterPattern: s.pattern, metricTransformations: [{ metricName: s.name, metricNamespace: 'CISBenchmark', metricValue: '1' }] });
const goodAlarm = (s = spec): MetricAlarm => ({ AlarmName: alarmName(baseline, s), MetricName: s.name, Namespace: 'CISBenchmark', Dimensions: [], Metrics: [], OKActions: [], InsufficientDataActions: [], ActionsEnabled: true, AlarmActions: [TOPIC], ...ALARM_SHAPE });
const PAGER = 'arn:aws:sns:us-east-1:111122223333:pager';
const transformed = (change: Record<string, unknown>): MetricFilter => ({ ...goodFilter(), metricTransformations: [{ metricName: spec.name, metricNamespace: 'CISBenchmark', metricValue: '1', ...change }] });
const problems = (alarm: MetricAlarm): string[] => alarmProblems(baseline, spec, alarm);
const filterProblems = (filter: MetricFilter): string[] => planAlarms(baseline, [spec], { groupExists: true, filters: [filter], alarms: [goodAlarm()] }).filters[0]?.problems ?? [];

describe('planAlarms', () => {
  it('plans nothing when every filter and alarm matches the baseline', () => {
    const plan = planAlarms(baseline, CIS_ALARMS, { groupExists: true, filters: CIS_ALARMS.map((s) => goodFilter(s)), alarms: CIS_ALARMS.map((s) => goodAlarm(s)) });

    expect(plan).toEqual({ createLogGroup: false, filters: [], alarms: [] });
  });

  it('plans the log group, all 18 filters and all 18 alarms (14 CIS v1.2.0, 3 checker variants, CIS 4.15) for an empty account', () => {
    const plan = planAlarms(baseline, CIS_ALARMS, { groupExists: false, filters: [], alarms: [] });

    expect([plan.createLogGroup, plan.filters.length, plan.alarms.length]).toEqual([true, 18, 18]);
  });

  it('plans a filter whose pattern differs by one clause', () => {
    const altered = { ...goodFilter(), filterPattern: `${spec.pattern.slice(0, -1)} || ($.errorCode="Nope")}` };

    const plan = planAlarms(baseline, [spec], { groupExists: true, filters: [altered], alarms: [goodAlarm()] });

    expect(plan.filters).toEqual([expect.objectContaining({ spec, before: altered, problems: [`filterPattern: ${altered.filterPattern} -> ${spec.pattern}`] })]);
  });

  it('plans a filter whose metric namespace was changed', () => {
    const altered = { ...goodFilter(), metricTransformations: [{ metricName: spec.name, metricNamespace: 'Other', metricValue: '1' }] };

    expect(planAlarms(baseline, [spec], { groupExists: true, filters: [altered], alarms: [goodAlarm()] }).filters).toHaveLength(1);
  });

  it('plans a deleted filter as missing', () => {
    expect(planAlarms(baseline, [spec], { groupExists: true, filters: [], alarms: [goodAlarm()] }).filters).toEqual([{ spec, before: undefined, drift: [], problems: ['missing'] }]);
  });

  it('judges the last filter listed under a name, the one in force (moto lists a replaced filter before its replacement)', () => {
    const replaced = { ...goodFilter(), metricTransformations: [{ metricName: spec.name, metricNamespace: 'CISBenchmark', metricValue: '1', dimensions: { InstanceId: '$.instanceId' } }] };

    const plan = planAlarms(baseline, [spec], { groupExists: true, filters: [goodFilter(), replaced], alarms: [goodAlarm()] });

    expect(plan.filters).toEqual([expect.objectContaining({ before: replaced, problems: ['dimensions: InstanceId=$.instanceId -> none'] })]);
  });

  it('plans an alarm with each field that differs, and leaves a matching one alone', () => {
    const other = CIS_ALARMS[1]!;
    const altered = { ...goodAlarm(), Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }], Period: 86400 };

    const plan = planAlarms(baseline, [spec, other], { groupExists: true, filters: [goodFilter(), goodFilter(other)], alarms: [altered, goodAlarm(other)] });

    expect(plan.alarms).toEqual([{ spec, before: altered, drift: [{ field: 'Dimensions', before: 'InstanceId=i-1', after: 'none' }, { field: 'Period', before: '86400 s', after: '300 s' }], problems: ['Dimensions: InstanceId=i-1 -> none', 'Period: 86400 s -> 300 s'] }]);
  });
});

describe('alarmProblems', () => {
  it('finds nothing in an alarm that matches the baseline, as DescribeAlarms returns it', () => {
    expect(problems(goodAlarm())).toEqual([]);
  });

  it('reports a missing alarm', () => {
    expect(alarmProblems(baseline, spec, undefined)).toEqual(['missing']);
  });

  it.each([
    ['an added dimension', { Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }, 'Dimensions: InstanceId=i-1 -> none'],
    ['an added unit', { Unit: 'Seconds' }, 'Unit: Seconds -> none'],
    ['another statistic', { Statistic: 'Average' }, 'Statistic: Average -> Sum'],
    ['a percentile instead of the statistic', { Statistic: undefined, ExtendedStatistic: 'p99' }, ['Statistic: none -> Sum', 'ExtendedStatistic: p99 -> none']],
    ['a longer period', { Period: 86400 }, 'Period: 86400 s -> 300 s'],
    ['a raised threshold', { Threshold: 100 }, 'Threshold: 100 -> 1'],
    ['another comparison', { ComparisonOperator: 'LessThanThreshold' }, 'ComparisonOperator: LessThanThreshold -> GreaterThanOrEqualToThreshold'],
    ['more evaluation periods and datapoints', { EvaluationPeriods: 5, DatapointsToAlarm: 5 }, ['EvaluationPeriods: 5 -> 1', 'DatapointsToAlarm: 5 -> 1']],
    ['more datapoints to alarm', { DatapointsToAlarm: 3 }, 'DatapointsToAlarm: 3 -> 1'],
    ['missing data treated as breaching', { TreatMissingData: 'breaching' }, 'TreatMissingData: breaching -> notBreaching'],
    ['missing data treatment left unset', { TreatMissingData: undefined }, 'TreatMissingData: unset (missing) -> notBreaching'],
    ['another metric name', { MetricName: 'Other' }, 'MetricName: Other -> UnauthorizedAPICalls'],
    ['another namespace', { Namespace: 'Elsewhere' }, 'Namespace: Elsewhere -> CISBenchmark'],
    ['disabled actions', { ActionsEnabled: false }, 'ActionsEnabled: false -> true'],
    ['the alerts topic removed from the actions', { AlarmActions: [PAGER] }, `AlarmActions: ${PAGER} -> ${PAGER}, ${TOPIC}`],
    ['a warm-up period', { WarmUpConfiguration: { WarmUpPeriodDurationInMinutes: 1440 } }, 'WarmUpConfiguration: 1440 min -> none'],
    ['a wall-clock evaluation window', { EvaluationWindow: { WallClockWindow: { Timezone: 'UTC' } } }, 'EvaluationWindow: {"WallClockWindow":{"Timezone":"UTC"}} -> none (sliding window)'],
  ] as const)('reports %s, before -> after', (_what, change, expected) => {
    expect(problems({ ...goodAlarm(), ...(change as Partial<MetricAlarm>) })).toEqual(typeof expected === 'string' ? [expected] : expected);
  });

  it('reports metric math that replaces the plain metric, naming each query', () => {
    const metrics = [
      { Id: 'm1', MetricStat: { Metric: { Namespace: 'CISBenchmark', MetricName: spec.name }, Period: 300, Stat: 'Sum' }, ReturnData: false },
      { Id: 'e1', Expression: 'm1 * 0', ReturnData: true },
    ];

    expect(problems({ ...goodAlarm(), MetricName: undefined, Namespace: undefined, Statistic: undefined, Period: undefined, Metrics: metrics })).toEqual([
      'MetricName: none -> UnauthorizedAPICalls',
      'Namespace: none -> CISBenchmark',
      'Metrics: metric math m1=CISBenchmark/UnauthorizedAPICalls Sum; e1=m1 * 0 -> none (the plain metric)',
      'Statistic: none -> Sum',
      'Period: none -> 300 s',
    ]);
  });

  it('reports a PromQL evaluation criterion that replaces the plain metric', () => {
    expect(problems({ ...goodAlarm(), EvaluationCriteria: { PromQLCriteria: { Query: 'vector(0)' } } as MetricAlarm['EvaluationCriteria'] })).toEqual(['EvaluationCriteria: {"PromQLCriteria":{"Query":"vector(0)"}} -> none (the plain metric)']);
  });

  it('accepts an unset DatapointsToAlarm when one evaluation period is all there is (it then means 1)', () => {
    expect(problems({ ...goodAlarm(), DatapointsToAlarm: undefined })).toEqual([]);
  });

  it('accepts extra alarm actions, OK and insufficient-data actions, a description and a sliding window', () => {
    const alarm = { ...goodAlarm(), AlarmActions: [PAGER, TOPIC], OKActions: [PAGER], InsufficientDataActions: [PAGER], AlarmDescription: 'team note', EvaluationWindow: { SlidingWindow: {} } };

    expect(problems(alarm as MetricAlarm)).toEqual([]);
  });

  it('does not take the word "none" for an absent metric name (compares values, not their rendering)', () => {
    const none = { ...spec, name: 'none' };

    expect(alarmProblems(baseline, none, { ...goodAlarm(), MetricName: undefined })).toContain('MetricName: none -> none');
  });
});

describe('planAlarms on a filter', () => {
  it.each([
    ['an added dimension', transformed({ dimensions: { InstanceId: '$.instanceId' } }), 'dimensions: InstanceId=$.instanceId -> none'],
    ['another metric value', transformed({ metricValue: '0' }), 'metricValue: 0 -> 1'],
    ['a default value', transformed({ defaultValue: 1 }), 'defaultValue: 1 -> none'],
    ['a zero default value', transformed({ defaultValue: 0 }), 'defaultValue: 0 -> none'],
    ['a unit', transformed({ unit: 'Seconds' }), 'unit: Seconds -> none'],
    ['another metric name', transformed({ metricName: 'Other' }), 'metricName: Other -> UnauthorizedAPICalls'],
    ['another metric namespace', transformed({ metricNamespace: 'Other' }), 'metricNamespace: Other -> CISBenchmark'],
    ['another pattern', { ...goodFilter(), filterPattern: '{ $.errorCode = "Nope" }' }, `filterPattern: { $.errorCode = "Nope" } -> ${spec.pattern}`],
    ['a filter on transformed logs', { ...goodFilter(), applyOnTransformedLogs: true }, 'applyOnTransformedLogs: true -> false'],
    ['a selection of log events', { ...goodFilter(), fieldSelectionCriteria: '@aws.region = "nowhere"' }, 'fieldSelectionCriteria: @aws.region = "nowhere" -> none (every log event)'],
    ['system-field dimensions', { ...goodFilter(), emitSystemFieldDimensions: ['@aws.account'] }, 'emitSystemFieldDimensions: @aws.account -> none'],
  ] as const)('reports %s, before -> after', (_what, filter, expected) => {
    expect(filterProblems(filter as MetricFilter)).toEqual([expected]);
  });

  it('accepts the unit None, which is what an unset unit means', () => {
    expect(filterProblems(transformed({ unit: 'None' }))).toEqual([]);
  });

  it('reports a filter without any metric transformation', () => {
    expect(filterProblems({ ...goodFilter(), metricTransformations: [] })).toEqual(['metricTransformations: 0 transformation(s) -> 1', 'metricName: none -> UnauthorizedAPICalls', 'metricNamespace: none -> CISBenchmark', 'metricValue: none -> 1']);
  });
});

describe('CIS_ALARMS', () => {
  it('covers CIS 3.1 to 3.14 with the CIS text first, then the three checker variants and CIS 4.15, all with unique names', () => {
    expect(CIS_ALARMS.map((a) => a.id)).toEqual([...Array.from({ length: 14 }, (_, i) => `3.${i + 1}`), '3.1', '3.10', '3.13', '4.15']);
    expect(new Set(CIS_ALARMS.map((a) => a.name)).size).toBe(18);
  });

  it('names beside each variant the CIS-text pair of its control', () => {
    const variants = CIS_ALARMS.filter((a) => a.variantOf);
    expect(variants.map((v) => CIS_ALARMS.find((a) => a.name === v.variantOf)?.id)).toEqual(variants.map((v) => v.id));
  });

  it('keeps the root-usage pattern literal that prowler looks for', () => {
    expect(CIS_ALARMS.find((a) => a.id === '3.3')?.pattern).toContain('$.userIdentity.invokedBy NOT EXISTS');
  });
});
