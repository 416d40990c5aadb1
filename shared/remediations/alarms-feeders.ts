/**
 * restore-alarms, the metric side: reads every metric filter of the account and region that publishes to a baseline
 * metric (DescribeMetricFilters by metric name and namespace, any log group) and judges which can lower it
 * (../baseline/alarm-feeders.ts). Reported with ACTION NEEDED, never deleted: the filter is someone's, on a log group
 * that is not the baseline's, and whoever wrote it may also write the logs it reads.
 */
import { DescribeMetricFiltersCommand, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { awsCall } from '../aws/call';
import { describeFeeder, loweringFeeders } from '../baseline/alarm-feeders';
import type { AlarmBaseline, AlarmSpec } from '../baseline/cis-alarms';
import type { Deps } from './types';

/** What a person must do about the filters that can keep baseline alarms silent; empty when there is none. */
export async function feederProblems(baseline: AlarmBaseline, specs: readonly AlarmSpec[], place: { account: string; region: string }, deps: Deps): Promise<string[]> {
  const logs = deps.clients.logs(place.region);
  const filters: MetricFilter[] = [];
  for (const spec of specs) {
    let token: string | undefined;
    do {
      const where = { resource: `${baseline.namespace}/${spec.name}`, account: place.account, region: place.region };
      const page = await awsCall('DescribeMetricFilters', where, () => logs.send(new DescribeMetricFiltersCommand({ metricName: spec.name, metricNamespace: baseline.namespace, nextToken: token })));
      filters.push(...(page.metricFilters ?? []));
      token = page.nextToken;
    } while (token);
  }
  return loweringFeeders(baseline, specs, filters).map((f) => `${describeFeeder(f, baseline.namespace)}; delete it if it is not yours (aws logs delete-metric-filter --region ${place.region} --log-group-name ${f.logGroupName} --filter-name ${f.filterName})`);
}
