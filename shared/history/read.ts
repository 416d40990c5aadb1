/** Reading the history back (npm run history, npm run undo): every row, filtered, in time order. Admin tooling. */
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { awsCall } from '../aws/call';
import type { RemediationResult } from '../remediations/result';
import type { TablePlace } from './gates';

/** One row of the history as people read it. */
export interface HistoryRow {
  id: string;
  key: string;
  kind: 'result' | 'undo' | 'warning';
  time: string;
  remediation: string;
  outcome: string;
  account: string;
  region: string;
  resource: string;
  actor?: string;
  trigger: string;
  /** The notice: sent, pending (recorded, not yet published), or none (this outcome is only logged). */
  notice: string;
  /** For an undo: the result it undid, and the grace period it set. */
  undoes?: string;
  graceUntil?: string;
  result?: RemediationResult;
}

/** What to list: by resource (also matched against what the actions changed), account, outcome, and since when. */
export interface HistoryFilter {
  resource?: string;
  account?: string;
  outcome?: string;
  since?: Date;
}

/** Every row (a Scan: the table holds 90 days; see README "History" for its cost), oldest first. */
export async function readHistory(place: TablePlace, filter: HistoryFilter = {}): Promise<HistoryRow[]> {
  const db = place.clients.dynamodb(place.region);
  const rows: HistoryRow[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await awsCall('Scan', { resource: place.table, region: place.region }, () => db.send(new ScanCommand({ TableName: place.table, ExclusiveStartKey: start, ConsistentRead: true })));
    for (const item of page.Items ?? []) {
      const row = rowOf(item);
      if (row && matches(row, filter)) rows.push(row);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return rows.sort((a, b) => a.time.localeCompare(b.time));
}

/** The row with this short id, or undefined. */
export async function findRow(place: TablePlace, id: string): Promise<HistoryRow | undefined> {
  return (await readHistory(place)).find((row) => row.id === id);
}

function rowOf(item: Record<string, AttributeValue>): HistoryRow | undefined {
  const key = item.pk?.S ?? '';
  const id = item.shortId?.S;
  if (!id) return undefined; // grace periods, exemptions (npm run exemptions lists them), rows older than the history
  const s = (name: string): string => item[name]?.S ?? '';
  const result = item.result?.S ? (JSON.parse(item.result.S) as RemediationResult) : undefined;
  const kind = key.startsWith('undo#') ? 'undo' : key.startsWith('half-armed#') ? 'warning' : 'result';
  return {
    id,
    key,
    kind,
    time: s('recordedAt'),
    remediation: s('remediation') || (result?.remediation ?? ''),
    outcome: s('outcome'),
    account: s('account'),
    region: s('region'),
    resource: s('resource'),
    ...(item.actor?.S ? { actor: item.actor.S } : {}),
    trigger: s('eventName'),
    notice: s('status') || 'none',
    ...(item.undoes?.S ? { undoes: item.undoes.S } : {}),
    ...(item.graceUntil?.S ? { graceUntil: item.graceUntil.S } : {}),
    ...(result ? { result } : {}),
  };
}

function matches(row: HistoryRow, filter: HistoryFilter): boolean {
  if (filter.account && row.account !== filter.account) return false;
  if (filter.outcome && row.outcome !== filter.outcome) return false;
  if (filter.since && row.time < filter.since.toISOString()) return false;
  if (filter.resource) {
    const names = [row.resource, ...(row.result?.actions ?? []).map((a) => a.target), row.result?.resource.arn ?? '', row.result?.resource.name ?? ''];
    if (!names.some((name) => name.includes(filter.resource ?? ''))) return false;
  }
  return true;
}
