/**
 * npm run undo -- <id>: puts back exactly what the result `<id>` changed, and gives what it put back a grace period,
 * during which the remediation reports instead of writing (shared/history/gate.ts), so the backend does not revert the
 * undo. The grace period is written BEFORE the undo's own writes, whose events would otherwise be reverted at once.
 * Run by an admin: the table's resource policy lets only the stack roles and the admins write, and only admins may
 * write grace periods and undo records. The undo is recorded as its own row (`undo#<id>`), once: a second undo of the
 * same id is refused unless the first failed. The caller's credentials must be for the account the result is about
 * (STS GetCallerIdentity, in the CLI): a result of another account (an organization member's) is refused, nothing
 * written, and its raw undo commands are printed, to be run with credentials for that account. The member role cannot
 * be used instead: it trusts only the stack's function roles.
 */
import { GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { awsCall } from '../aws/call';
import type { Clients } from '../aws/clients';
import { AwsCallError, hasErrorCode } from '../errors';
import { putEntries, type GraceEntry, type TablePlace } from './gates';
import { expiresAt, graceKey, shortIdOf, undoKey } from './keys';
import { findRow, type HistoryRow } from './read';
import { applyUndo, type StepOutcome } from './undo-apply';
import { planUndo } from './undo-plan';

/** Who undoes, why, and for how long the remediation then holds back. */
export interface UndoRequest {
  id: string;
  by: string;
  /** The account the caller's credentials are for (GetCallerIdentity): the undo's calls act there. */
  account: string;
  reason: string;
  graceHours: number;
  now?: Date;
}

/** How an undo ended. `refused`: nothing was changed (unknown id, nothing to undo, not undoable, already undone). */
export type UndoReport =
  | { status: 'refused'; why: string; commands?: string[] }
  | { status: 'undone' | 'failed'; row: HistoryRow; undoId: string; graceUntil: string; steps: StepOutcome[] };

/** Undoes the result `request.id` with `clients` (the caller's credentials). */
export async function undoResult(place: TablePlace, clients: Clients, request: UndoRequest): Promise<UndoReport> {
  const now = request.now ?? new Date();
  const row = await findRow(place, request.id);
  if (!row?.result) return { status: 'refused', why: `no result with id ${request.id} in ${place.table} (npm run history lists them)` };
  if (row.kind !== 'result') return { status: 'refused', why: `${request.id} is ${row.kind === 'undo' ? 'an undo' : 'a warning'}, not a remediation's result: nothing to undo` };
  const elsewhere = accountRefusal(row, request.account);
  if (elsewhere) return elsewhere;
  const plan = planUndo(row.result);
  if (plan.unsupported.length > 0) {
    const apis = [...new Set(plan.unsupported.map((a) => a.api))].join(', ');
    return { status: 'refused', why: `${apis} cannot be undone exactly by this command; nothing was changed. Undo by hand with the notice's commands (last change first):`, commands: plan.unsupported.map((a) => a.undo ?? '') };
  }
  if (plan.steps.length === 0) return { status: 'refused', why: `${request.id} (${row.outcome}) changed nothing that can be undone` };
  const key = undoKey(request.id);
  const prior = await claim(place, key, row, request, now);
  if (prior) return { status: 'refused', why: `${request.id} was already undone at ${prior.at} by ${prior.by} (undo ${shortIdOf(key)})` };
  const graceUntil = new Date(now.getTime() + request.graceHours * 3600_000).toISOString();
  const targets = [...new Set(plan.steps.map((s) => s.target))];
  const grace: GraceEntry[] = targets.map((target) => ({ kind: 'grace', remediation: row.remediation, target, until: graceUntil, by: request.by, undoId: request.id, reason: request.reason, at: now.toISOString() }));
  await putEntries(place, graceKey(row.remediation), grace);
  const steps = await applyUndo(clients, plan.steps);
  const status = steps.every((s) => s.status === 'done' || s.status === 'already-done') ? 'undone' : 'failed';
  await put(place, { ...undoItem(key, row, request, now), outcome: { S: status }, graceUntil: { S: graceUntil }, steps: { S: JSON.stringify(steps) } });
  return { status, row, undoId: shortIdOf(key), graceUntil, steps };
}

/**
 * The refusal of an undo whose result is about another account than the credentials' (undefined when they match):
 * its calls would act in the wrong account. Gives the result's raw undo commands, last change first. Pure.
 */
export function accountRefusal(row: HistoryRow, account: string): Extract<UndoReport, { status: 'refused' }> | undefined {
  const accounts = [...new Set([row.account, row.result?.resource.account ?? ''])];
  if (accounts.length === 1 && accounts[0] === account && account !== '') return undefined;
  const named = accounts.filter(Boolean).join(' / ') || 'no account';
  const commands = [...new Set([...(row.result?.actions ?? [])].reverse().filter((a) => a.status === 'done' && a.undo).map((a) => a.undo ?? ''))];
  return {
    status: 'refused',
    why: `${row.id} changed account ${named} (${row.region}), but these credentials are for account ${account || 'unknown'}: nothing was changed. Run npm run undo -- ${row.id} with credentials for account ${named} (that may write the history table), or undo by hand there with the raw commands (last change first; they set no grace period):`,
    commands,
  };
}

/** Records the undo as started; returns the earlier undo when one succeeded (a failed one may be retried). */
async function claim(place: TablePlace, key: string, row: HistoryRow, request: UndoRequest, now: Date): Promise<{ at: string; by: string } | undefined> {
  const db = place.clients.dynamodb(place.region);
  const item = { ...undoItem(key, row, request, now), outcome: { S: 'started' } };
  try {
    await db.send(new PutItemCommand({ TableName: place.table, Item: item, ConditionExpression: 'attribute_not_exists(pk) OR outcome <> :undone', ExpressionAttributeValues: { ':undone': { S: 'undone' } } }));
    return undefined;
  } catch (error) {
    if (!hasErrorCode(error, 'ConditionalCheckFailedException')) throw new AwsCallError('PutItem', error, { resource: place.table, region: place.region });
  }
  const out = await awsCall('GetItem', { resource: place.table, region: place.region }, () => db.send(new GetItemCommand({ TableName: place.table, Key: { pk: { S: key } }, ConsistentRead: true })));
  return { at: out.Item?.recordedAt?.S ?? 'unknown time', by: out.Item?.actor?.S ?? 'unknown' };
}

function undoItem(key: string, row: HistoryRow, request: UndoRequest, now: Date): Record<string, AttributeValue> {
  return {
    pk: { S: key },
    shortId: { S: shortIdOf(key) },
    remediation: { S: row.remediation },
    resource: { S: row.resource },
    account: { S: row.account },
    region: { S: row.region },
    actor: { S: request.by },
    eventName: { S: 'npm run undo' },
    undoes: { S: request.id },
    reason: { S: request.reason },
    status: { S: 'none' },
    recordedAt: { S: now.toISOString() },
    expiresAt: { N: expiresAt(now) },
  };
}

async function put(place: TablePlace, item: Record<string, AttributeValue>): Promise<void> {
  const db = place.clients.dynamodb(place.region);
  await awsCall('PutItem', { resource: place.table, region: place.region }, () => db.send(new PutItemCommand({ TableName: place.table, Item: item })));
}
