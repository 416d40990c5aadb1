/**
 * The one Powertools metrics instance (CloudWatch embedded metric format). Every metric the code emits is written here,
 * and the dashboard in serverless.yml reads exactly these (test/unit/shared/metrics-dashboard.test.ts checks it).
 * Each metric also carries Powertools' default `service` dimension (`chain-guard`).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Trigger } from './events/trigger';
import type { RemediationResult } from './remediations/result';

/** The namespace of every metric (serverless.yml also sets POWERTOOLS_METRICS_NAMESPACE to it). */
export const METRICS_NAMESPACE = 'ChainGuard';

/** Metric names, as the dashboard queries them. */
export const METRIC = {
  /** One per result, dimensions remediation + outcome. */
  remediations: 'Remediations',
  /** Event time -> verified fix, in milliseconds, dimension remediation; only for `remediated` results of events. */
  eventToFix: 'EventToFixLatency',
  /** One per scheduled sweep, dimensions remediation + outcome. */
  sweeps: 'Sweeps',
  /** Writes a sweep made (actions done), dimension remediation. */
  sweepRepairs: 'SweepRepairs',
} as const;

/** Shared metrics instance; each record below is a single metric, written at once. */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'chain-guard' });

/** Counts one result (by remediation and outcome); times event -> verified fix; counts sweeps and their repairs. */
export function recordOutcome(result: RemediationResult, trigger?: Trigger, now: number = Date.now()): void {
  const count = metrics.singleMetric();
  count.addDimensions({ remediation: result.remediation, outcome: result.outcome });
  count.addMetric(METRIC.remediations, MetricUnit.Count, 1);
  if (trigger?.kind === 'schedule') {
    const sweep = metrics.singleMetric();
    sweep.addDimensions({ remediation: result.remediation, outcome: result.outcome });
    sweep.addMetric(METRIC.sweeps, MetricUnit.Count, 1);
    const repairs = metrics.singleMetric();
    repairs.addDimensions({ remediation: result.remediation });
    repairs.addMetric(METRIC.sweepRepairs, MetricUnit.Count, result.actions.filter((a) => a.status === 'done').length);
    return;
  }
  const latency = eventToFixMs(result, trigger, now);
  if (latency !== undefined) {
    const timing = metrics.singleMetric();
    timing.addDimensions({ remediation: result.remediation });
    timing.addMetric(METRIC.eventToFix, MetricUnit.Milliseconds, latency);
  }
}

/**
 * From the event's time to now, for a fix a re-read verified; undefined otherwise (nothing fixed, a sweep, or a time
 * that cannot be read or lies in the future: an event's time is set by its sender).
 */
export function eventToFixMs(result: RemediationResult, trigger: Trigger | undefined, now: number): number | undefined {
  if (!trigger || trigger.kind === 'schedule' || result.outcome !== 'remediated' || !result.verified) return undefined;
  const at = Date.parse(trigger.time);
  if (Number.isNaN(at) || at > now) return undefined;
  return now - at;
}
