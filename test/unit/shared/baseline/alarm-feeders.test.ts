/** loweringFeeders: which other metric filters can keep a baseline alarm's sum below its threshold. Pure. */
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { loweringFeeders } from '../../../../shared/baseline/alarm-feeders';
import { CIS_ALARMS } from '../../../../shared/baseline/cis-alarms';

const baseline = { logGroupName: 'trail-logs', namespace: 'CISBenchmark' };

function filter(transformation: Partial<NonNullable<MetricFilter['metricTransformations']>[number]>, logGroupName = '/other', filterName = 'f'): MetricFilter {
  return { logGroupName, filterName, filterPattern: '', metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1', ...transformation }] };
}

describe('loweringFeeders', () => {
  it.each([
    ['a negative value', { metricValue: '-5' }],
    ['a value read from the log event', { metricValue: '$.count' }],
    ['a negative default on every event it does not match', { defaultValue: -1 }],
  ])('reports a filter publishing %s to a baseline metric', (_what, transformation) => {
    expect(loweringFeeders(baseline, CIS_ALARMS, [filter(transformation)]).map((f) => [f.filterName, f.spec.id])).toEqual([['f', '3.3']]);
  });

  it.each([
    ['1 to a baseline metric', {}],
    ['0 as its default', { defaultValue: 0 }],
    ['to another namespace', { metricValue: '-5', metricNamespace: 'Other' }],
    ['to a metric no baseline alarm reads', { metricValue: '-5', metricName: 'Mine' }],
    ['with a dimension (another metric than the one the alarm reads)', { metricValue: '-5', dimensions: { who: '$.userIdentity.arn' } }],
  ])('leaves alone a filter publishing %s', (_what, transformation) => {
    expect(loweringFeeders(baseline, CIS_ALARMS, [filter(transformation)])).toEqual([]);
  });

  it('leaves the baseline filter itself to the drift comparison', () => {
    expect(loweringFeeders(baseline, CIS_ALARMS, [filter({ metricValue: '-5' }, 'trail-logs', 'RootAccountUsage')])).toEqual([]);
  });

  it('reports a filter of another name on the baseline log group itself', () => {
    expect(loweringFeeders(baseline, CIS_ALARMS, [filter({ metricValue: '-5' }, 'trail-logs', 'extra')])).toHaveLength(1);
  });
});
