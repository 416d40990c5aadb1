/** The one Powertools metrics instance (CloudWatch embedded metric format). Namespace from POWERTOOLS_METRICS_NAMESPACE. */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RemediationResult } from './remediations/result';

/** Shared metrics instance, flushed by the `logMetrics` middleware after each invocation. */
export const metrics = new Metrics({ namespace: 'ChainGuard', serviceName: 'chain-guard' });

/** Counts one result, by remediation and outcome, so dashboards and alarms can watch failures. */
export function recordOutcome(result: RemediationResult): void {
  const single = metrics.singleMetric();
  single.addDimensions({ remediation: result.remediation, outcome: result.outcome });
  single.addMetric('Remediations', MetricUnit.Count, 1);
}
