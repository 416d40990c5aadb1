/** The history table in the emulator, and the admin side (undo, exemptions) as the CLIs call it, for the tests. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createClients } from '../../shared/aws/clients';
import { addExemption, type ExemptionRequest } from '../../shared/history/exemptions';
import type { TablePlace } from '../../shared/history/gates';
import { readHistory, type HistoryRow } from '../../shared/history/read';
import { undoResult, type UndoReport } from '../../shared/history/undo';
import { createHistoryTable } from '../../scripts/lib/emulator-history';

export const ADMIN = 'arn:aws:iam::111122223333:role/ops-admin';

/** A fresh history table (in the stack's region: us-east-1 unless said), and where it is. */
export async function historyPlace(region = 'us-east-1'): Promise<TablePlace> {
  const table = await createHistoryTable(new DynamoDBClient({ region }), `chain-guard-test-history-${randomUUID().slice(0, 8)}`);
  return { clients: createClients(), table, region };
}

/** npm run undo -- <id>, as the admin, with a 24-hour grace period (or as `overrides` say). */
export function undo(place: TablePlace, id: string, overrides: { graceHours?: number; now?: Date } = {}): Promise<UndoReport> {
  return undoResult(place, place.clients, { id, by: ADMIN, reason: 'false positive', graceHours: overrides.graceHours ?? 24, ...(overrides.now ? { now: overrides.now } : {}) });
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
