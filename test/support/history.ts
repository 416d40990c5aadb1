/** The history table in the emulator, and the admin side (undo, exemptions) as the CLIs call it, for the tests. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createClients } from '../../shared/aws/clients';
import { addExemption, type ExemptionRequest } from '../../shared/history/exemptions';
import type { TablePlace } from '../../shared/history/gates';
import { shortIdOf } from '../../shared/history/keys';
import { readHistory, type HistoryRow } from '../../shared/history/read';
import { undoResult, type UndoReport } from '../../shared/history/undo';
import { createHistoryTable } from '../../scripts/lib/emulator-history';

export const ADMIN = 'arn:aws:iam::111122223333:role/ops-admin';
/** The account the admin's credentials are for (the emulator's). */
export const ADMIN_ACCOUNT = '111122223333';

/** A fresh history table (in the stack's region: us-east-1 unless said), and where it is. */
export async function historyPlace(region = 'us-east-1'): Promise<TablePlace> {
  const table = await createHistoryTable(new DynamoDBClient({ region }), `chain-guard-test-history-${randomUUID().slice(0, 8)}`);
  return { clients: createClients(), table, region };
}

/** npm run undo -- <id>, as the admin, with a 24-hour grace period (or as `overrides` say). */
export function undo(place: TablePlace, id: string, overrides: { graceHours?: number; now?: Date; account?: string } = {}): Promise<UndoReport> {
  return undoResult(place, place.clients, { id, by: ADMIN, account: overrides.account ?? ADMIN_ACCOUNT, reason: 'false positive', graceHours: overrides.graceHours ?? 24, ...(overrides.now ? { now: overrides.now } : {}) });
}

/** npm run exemptions -- add, as the admin. */
export function exempt(place: TablePlace, request: Omit<ExemptionRequest, 'by'>, now?: Date): Promise<unknown> {
  return addExemption(place, { ...request, by: ADMIN }, now);
}

/** Every history row, oldest first. */
export function rows(place: TablePlace): Promise<HistoryRow[]> {
  return readHistory(place);
}

/** The same event as a new delivery of a new call: fresh EventBridge and CloudTrail ids. */
export function again<T extends Record<string, unknown>>(event: T): T {
  const copy = JSON.parse(JSON.stringify(event)) as T & { id: string; detail: Record<string, unknown> };
  copy.id = randomUUID();
  if (typeof copy.detail.eventID === 'string') copy.detail.eventID = randomUUID();
  return copy;
}

/** Every key of the table, sorted (what an undo wrote or not). */
export async function tableKeys(place: TablePlace): Promise<string[]> {
  const items = (await place.clients.dynamodb(place.region).send(new ScanCommand({ TableName: place.table }))).Items ?? [];
  return items.map((item) => item.pk?.S ?? '').sort();
}

/** A copy of the result row `id` as if it were about `account` (an organization member's result); returns its id. */
export async function copyToAccount(place: TablePlace, id: string, account: string): Promise<string> {
  const db = place.clients.dynamodb(place.region);
  const item = ((await db.send(new ScanCommand({ TableName: place.table }))).Items ?? []).find((i) => i.shortId?.S === id);
  if (!item?.result?.S) throw new Error(`no result row ${id}`);
  const result = JSON.parse(item.result.S) as { resource: { account: string } };
  result.resource.account = account;
  const pk = `${item.pk?.S ?? ''}#${account}`;
  await db.send(new PutItemCommand({ TableName: place.table, Item: { ...item, pk: { S: pk }, shortId: { S: shortIdOf(pk) }, account: { S: account }, result: { S: JSON.stringify(result) } } }));
  return shortIdOf(pk);
}
