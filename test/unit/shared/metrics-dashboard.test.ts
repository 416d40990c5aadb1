/**
 * The operations dashboard (serverless.yml OperationsDashboard) reads exactly the metrics shared/metrics.ts emits:
 * same namespace, metric names and dimension sets, captured from the embedded-metric-format lines Powertools writes.
 * Renaming a metric or a dimension on either side fails here.
 */
import { loadServerless } from '../../../scripts/lib/serverless-config';
import { loadEvent } from '../../../scripts/lib/events';
import { parseEvent, scheduledEvent } from '../../../shared/events/trigger';
import { recordOutcome } from '../../../shared/metrics';
import { OUTCOMES, type RemediationResult } from '../../../shared/remediations/result';
import { FUNCTION_NAMES } from '../../../shared/baseline/roles';

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
}

/** `namespace|metric|dim1,dim2` (dimensions sorted), for every metric the code wrote while `act` ran. */
function emitted(act: () => void): Set<string> {
  const lines: string[] = [];
  const previous = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
    process.env.POWERTOOLS_METRICS_DISABLED = previous;
  }
  const keys = new Set<string>();
  for (const line of lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"'))) {
    for (const directive of (JSON.parse(line) as Emf)._aws.CloudWatchMetrics) {
      for (const metric of directive.Metrics) for (const dims of directive.Dimensions) keys.add(`${directive.Namespace}|${metric.Name}|${[...dims].sort().join(',')}`);
    }
  }
  return keys;
}

const result = (outcome: RemediationResult['outcome'], verified: boolean): RemediationResult =>
  ({ remediation: 'revoke-open-ingress', headline: 'h', outcome, verified, resource: { type: 't', id: 'i', account: '111122223333', region: 'us-east-1' }, actions: [{ api: 'RevokeSecurityGroupIngress', target: 'sg-1', status: 'done', params: {} }], kept: [], reason: 'r', trigger: { kind: 'cloudtrail', eventId: 'e', eventName: 'n', time: '2026-01-01T00:00:00Z' }, ...(outcome === 'failed' ? { error: 'x' } : {}) }) as RemediationResult;

const event = parseEvent(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'));
const sweep = parseEvent(scheduledEvent('111122223333', 'us-east-1', { id: 's', rule: 'chain-guard-dev-restore-alarms-sweep' }));
const code = emitted(() => {
  recordOutcome(result('remediated', true), event, Date.parse(event.time) + 4000);
  recordOutcome(result('already-compliant', true), sweep);
});

interface Widget {
  properties: { title: string; metrics: ({ expression: string }[] | string[])[] };
}
const doc = loadServerless({ stage: 'dev', region: 'us-east-1' }) as { resources: { Resources: Record<string, { Properties: Record<string, unknown> }> } };
const widgets = (JSON.parse(String(doc.resources.Resources.OperationsDashboard?.Properties.DashboardBody)) as { widgets: Widget[] }).widgets;
const QUERY = /^SELECT (?:SUM|AVG|MAX|MIN|COUNT)\((\w+)\) FROM SCHEMA\(([\w/]+), ([\w, ]+)\)(?: WHERE (\w+) = '([\w-]+)')?(?: GROUP BY ([\w, ]+))?$/;
const queries = widgets.flatMap((w) => w.properties.metrics.flatMap((m) => m.filter((e): e is { expression: string } => typeof e === 'object').map((e) => ({ title: w.properties.title, expression: e.expression }))));

/** `namespace|metric|dims` of each Metrics Insights query on the dashboard, with the keys it filters or groups on. */
const read = queries.map(({ title, expression }) => {
  const match = QUERY.exec(expression);
  if (!match) throw new Error(`${title}: not a query this test can read: ${expression}`);
  const [, metric, namespace, dims = '', whereKey, whereValue, groupBy] = match;
  const keys = dims.split(', ').sort();
  return { title, key: `${namespace}|${metric}|${keys.join(',')}`, keys, used: [...(whereKey ? [whereKey] : []), ...(groupBy ? groupBy.split(', ') : [])], whereKey, whereValue };
});

it('captures what the code emits', () => {
  expect(code.size).toBe(4);
});

it('queries only metrics the code emits, with their exact namespace and dimensions', () => {
  expect(read.filter((q) => !code.has(q.key)).map((q) => `${q.title}: ${q.key}`)).toEqual([]);
});

it('shows every metric the code emits', () => {
  expect([...code].filter((key) => !read.some((q) => q.key === key))).toEqual([]);
});

it('filters and groups only on dimensions of the queried metric', () => {
  expect(read.filter((q) => q.used.some((k) => !q.keys.includes(k))).map((q) => q.title)).toEqual([]);
});

it('filters on values the code writes (an outcome or a function name)', () => {
  const known: Record<string, readonly string[]> = { outcome: OUTCOMES, remediation: FUNCTION_NAMES };
  expect(read.filter((q) => q.whereKey && !known[q.whereKey]?.includes(q.whereValue ?? '')).map((q) => q.title)).toEqual([]);
});

it('graphs the depth of the stack dead-letter queue, by its name', () => {
  const queue = doc.resources.Resources.DeadLetterQueue?.Properties.QueueName;
  const plain = widgets.flatMap((w) => w.properties.metrics.filter((m): m is string[] => typeof m[0] === 'string'));

  expect(plain).toEqual([['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queue]]);
});
