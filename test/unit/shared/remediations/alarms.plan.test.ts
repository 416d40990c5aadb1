/** planAlarms and alarmProblems: pure comparison of the CIS baseline with the current filters and alarms. */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { ALARM_SHAPE, CIS_ALARMS, alarmName, type AlarmBaseline } from '../../../../shared/baseline/cis-alarms';
import { alarmProblems, planAlarms } from '../../../../shared/remediations/alarms';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';
const baseline: AlarmBaseline = { logGroupName: '/cloudtrail/org', namespace: 'CISBenchmark', topicArn: TOPIC, alarmPrefix: 'CIS-', specs: [...CIS_ALARMS] };
const spec = CIS_ALARMS[0]!;
const goodFilter = (s = spec): MetricFilter => ({ filterName: s.name, filterPattern: s.pattern, metricTransformations: [{ metricName: s.name, metricNamespace: 'CISBenchmark', metricValue: '1' }] });
const goodAlarm = (s = spec): MetricAlarm => ({ AlarmName: alarmName(baseline, s), MetricName: s.name, Namespace: 'CISBenchmark', ActionsEnabled: true, AlarmActions: [TOPIC], ...ALARM_SHAPE });

describe('planAlarms', () => {
  it('plans nothing when every filter and alarm matches the baseline', () => {
    const plan = planAlarms(baseline, CIS_ALARMS, { groupExists: true, filters: CIS_ALARMS.map((s) => goodFilter(s)), alarms: CIS_ALARMS.map((s) => goodAlarm(s)) });

    expect(plan).toEqual({ createLogGroup: false, filters: [], alarms: [] });
  });

  it('plans the log group, all 14 filters and all 14 alarms for an empty account', () => {
    const plan = planAlarms(baseline, CIS_ALARMS, { groupExists: false, filters: [], alarms: [] });

    expect([plan.createLogGroup, plan.filters.length, plan.alarms.length]).toEqual([true, 14, 14]);
  });

  it('plans a filter whose pattern differs by one clause', () => {
    const altered = { ...goodFilter(), filterPattern: `${spec.pattern.slice(0, -1)} || ($.errorCode="Nope")}` };

    const plan = planAlarms(baseline, [spec], { groupExists: true, filters: [altered], alarms: [goodAlarm()] });

    expect(plan.filters).toEqual([{ spec, before: altered }]);
  });

  it('plans a filter whose metric namespace was changed', () => {
    const altered = { ...goodFilter(), metricTransformations: [{ metricName: spec.name, metricNamespace: 'Other', metricValue: '1' }] };

    expect(planAlarms(baseline, [spec], { groupExists: true, filters: [altered], alarms: [goodAlarm()] }).filters).toHaveLength(1);
  });
});

describe('alarmProblems', () => {
  it.each([
    ['a missing alarm', undefined, ['missing']],
    ['disabled actions', { ...goodAlarm(), ActionsEnabled: false }, ['actions disabled']],
    ['a topic removed from the actions', { ...goodAlarm(), AlarmActions: [] }, ['alerts topic not among its actions']],
    ['a raised threshold', { ...goodAlarm(), Threshold: 100 }, ['condition is GreaterThanOrEqualToThreshold 100']],
    ['another metric', { ...goodAlarm(), MetricName: 'Other' }, ['metric is CISBenchmark/Other']],
  ] as const)('reports %s', (_what, alarm, expected) => {
    expect(alarmProblems(baseline, spec, alarm as MetricAlarm | undefined)).toEqual(expected);
  });

  it('accepts an alarm with extra actions besides the alerts topic', () => {
    expect(alarmProblems(baseline, spec, { ...goodAlarm(), AlarmActions: ['arn:aws:sns:us-east-1:111122223333:pager', TOPIC] })).toEqual([]);
  });
});

describe('CIS_ALARMS', () => {
  it('covers CIS 3.1 to 3.14 once each, with unique names', () => {
    expect(CIS_ALARMS.map((a) => a.id)).toEqual(Array.from({ length: 14 }, (_, i) => `3.${i + 1}`));
    expect(new Set(CIS_ALARMS.map((a) => a.name)).size).toBe(14);
  });

  it('keeps the root-usage pattern literal that prowler looks for', () => {
    expect(CIS_ALARMS.find((a) => a.id === '3.3')?.pattern).toContain('$.userIdentity.invokedBy NOT EXISTS');
  });
});
