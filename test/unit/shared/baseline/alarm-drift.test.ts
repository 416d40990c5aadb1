/** What the restore writes: the baseline filter and alarm, merged with what the customer added to the alarm. The comparison is in ../remediations/alarms.plan.test.ts. */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { alarmAsInput, restoredAlarmActions, restoredAlarmInput, restoredFilterInput } from '../../../../shared/baseline/alarm-drift';
import { ALARM_SHAPE, CIS_ALARMS, alarmName, type AlarmBaseline } from '../../../../shared/baseline/cis-alarms';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';
const PAGER = 'arn:aws:sns:us-east-1:111122223333:pager';
const baseline: AlarmBaseline = { logGroupName: '/cloudtrail/org', namespace: 'CISBenchmark', topicArn: TOPIC, alarmPrefix: 'CIS-', specs: [...CIS_ALARMS] };
const spec = CIS_ALARMS[0]!;
const goodAlarm = (): MetricAlarm => ({ AlarmName: alarmName(baseline, spec), MetricName: spec.name, Namespace: 'CISBenchmark', Dimensions: [], Metrics: [], OKActions: [], InsufficientDataActions: [], ActionsEnabled: true, AlarmActions: [TOPIC], ...ALARM_SHAPE });

describe('what the restore writes', () => {
  it('writes the baseline filter whole: pattern and a metric of value 1 without dimensions, unit or default', () => {
    expect(restoredFilterInput(baseline, spec)).toEqual({ logGroupName: '/cloudtrail/org', filterName: spec.name, filterPattern: spec.pattern, metricTransformations: [{ metricName: spec.name, metricNamespace: 'CISBenchmark', metricValue: '1' }] });
  });

  it('writes the baseline alarm shape and drops dimensions, unit, percentile and metric math', () => {
    const before = { ...goodAlarm(), Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }], Unit: 'Seconds' as const, ExtendedStatistic: 'p99', Metrics: [{ Id: 'e1', Expression: '0' }], WarmUpConfiguration: { WarmUpPeriodDurationInMinutes: 60 } };

    const input = restoredAlarmInput(baseline, spec, before);

    expect(input).toEqual(expect.objectContaining({ MetricName: spec.name, Namespace: 'CISBenchmark', ...ALARM_SHAPE, ActionsEnabled: true }));
    for (const field of ['Dimensions', 'Unit', 'ExtendedStatistic', 'Metrics', 'WarmUpConfiguration']) expect(input).not.toHaveProperty(field);
  });

  it('keeps what the customer added: OK and insufficient-data actions, extra alarm actions, description, notification settings', () => {
    const before = { ...goodAlarm(), AlarmActions: [PAGER], OKActions: [PAGER], InsufficientDataActions: ['arn:aws:sns:us-east-1:111122223333:data'], AlarmDescription: 'paged to team A', ActionConfiguration: { AlarmTagsPropagation: {} } } as MetricAlarm;

    expect(restoredAlarmInput(baseline, spec, before)).toEqual(
      expect.objectContaining({ AlarmActions: [PAGER, TOPIC], OKActions: [PAGER], InsufficientDataActions: ['arn:aws:sns:us-east-1:111122223333:data'], AlarmDescription: 'paged to team A', ActionConfiguration: { AlarmTagsPropagation: {} } }),
    );
  });

  it('describes a recreated alarm as restored by chain-guard', () => {
    expect(restoredAlarmInput(baseline, spec, undefined).AlarmDescription).toBe('CIS 3.1 Unauthorized API calls (Security Hub CloudWatch.2): restored by chain-guard');
  });

  it('makes room for the alerts topic when five other actions fill the alarm actions, keeping the first four', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => `arn:aws:sns:us-east-1:111122223333:${n}`);

    expect(restoredAlarmActions(five, TOPIC)).toEqual([...five.slice(0, 4), TOPIC]);
  });

  it('keeps the alarm actions as they are when the alerts topic is among them', () => {
    expect(restoredAlarmActions([PAGER, TOPIC, PAGER], TOPIC)).toEqual([PAGER, TOPIC]);
  });

  it('turns the alarm as it was into the input that would put it back (set fields only)', () => {
    const before = { ...goodAlarm(), Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }], StateValue: 'OK' as const };

    expect(alarmAsInput(before)).toEqual({ AlarmName: 'CIS-3.1-UnauthorizedAPICalls', ActionsEnabled: true, AlarmActions: [TOPIC], MetricName: spec.name, Namespace: 'CISBenchmark', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }], ...ALARM_SHAPE });
  });
});
