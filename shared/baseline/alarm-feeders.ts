/**
 * Other metric filters that feed a baseline alarm's metric. Each CIS alarm sums its metric (CISBenchmark/<name>, no
 * dimension) over 5 minutes; any metric filter in the account and region may publish to that metric, from any log
 * group. One that publishes a negative or log-chosen value (a field such as `$.n`), or a negative default for every
 * event it does not match, can keep the sum below 1 while the baseline filter and alarm stay exactly as the checkers
 * want them: the alarm never fires. A filter adding 1 (a second trail's log group, say) only adds, and is left alone.
 * A filter with dimensions publishes another metric, which the alarm does not read. Pure.
 */
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { AlarmBaseline, AlarmSpec } from './cis-alarms';

/** A filter that can lower a baseline metric, and why. */
export interface Feeder {
  spec: AlarmSpec;
  logGroupName: string;
  filterName: string;
  why: string;
}

/** A literal number that is not negative (`1`, `2.5`, `0`): never lowers the sum. */
const POSITIVE = /^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The filters other than the baseline filter that can lower a baseline metric (`filters`: any log group's). */
export function loweringFeeders(baseline: Pick<AlarmBaseline, 'logGroupName' | 'namespace'>, specs: readonly AlarmSpec[], filters: readonly MetricFilter[]): Feeder[] {
  const found: Feeder[] = [];
  for (const filter of filters) {
    const logGroupName = filter.logGroupName ?? '';
    const filterName = filter.filterName ?? '';
    for (const t of filter.metricTransformations ?? []) {
      const spec = specs.find((s) => s.name === t.metricName);
      if (!spec || t.metricNamespace !== baseline.namespace) continue;
      if (logGroupName === baseline.logGroupName && filterName === spec.name) continue; // the baseline filter: compared field by field elsewhere
      if (t.dimensions && Object.keys(t.dimensions).length > 0) continue;
      const value = (t.metricValue ?? '').trim();
      const reasons = [
        POSITIVE.test(value) ? '' : `publishes ${value || 'nothing'} on each match`,
        typeof t.defaultValue === 'number' && t.defaultValue < 0 ? `publishes ${t.defaultValue} on every other event` : '',
      ].filter(Boolean);
      if (reasons.length > 0) found.push({ spec, logGroupName, filterName, why: reasons.join(', ') });
    }
  }
  return found;
}

/** `metric filter evil on /attacker/logs publishes -1000 on each match into CISBenchmark/UnauthorizedAPICalls`. */
export function describeFeeder(feeder: Feeder, namespace: string): string {
  return `metric filter ${feeder.filterName} on log group ${feeder.logGroupName} ${feeder.why} into ${namespace}/${feeder.spec.name} (CIS ${feeder.spec.id}): the alarm may never fire`;
}
