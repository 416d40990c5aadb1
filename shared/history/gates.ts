/**
 * Grace periods and exemptions, as stored in the history table. Each is one attribute of one row (`grace#<function>`,
 * `exemptions`; see keys.ts), holding JSON: the functions read them with one GetItem each; only the admin CLIs
 * (npm run undo, npm run exemptions) write them, never a function (IAM and the table's resource policy).
 */
import { GetItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { awsCall } from '../aws/call';
import type { Clients } from '../aws/clients';
import { EXEMPTIONS_KEY, graceKey } from './keys';

/** After an undo: the remediation reports instead of writing on `target` until `until`. */
export interface GraceEntry {
  kind: 'grace';
  remediation: string;
  /** A resource id, ARN, or action target (`sg-0abc`, a trail ARN, an alarm name). */
  target: string;
  until: string;
  /** Who ran the undo (caller ARN), and which history row it undid. */
  by: string;
  undoId: string;
  reason: string;
  at: string;
}

/** No remediation writes on `target` (a resource or an account) until `until`: the result is skipped, with the reason. */
export interface Exemption {
  kind: 'exemption';
  scope: 'resource' | 'account';
  target: string;
  until: string;
  by: string;
  reason: string;
  at: string;
}

export type GateEntry = GraceEntry | Exemption;

/** Where the table is. */
export interface TablePlace {
  clients: Clients;
  table: string;
  region: string;
}

/** The attribute name of an entry in its row. */
export function attributeOf(entry: Pick<GraceEntry, 'kind' | 'target'> | Pick<Exemption, 'kind' | 'scope' | 'target'>): string {
  return entry.kind === 'grace' ? `grace:${entry.target}` : `${entry.scope}:${entry.target}`;
}

/** Every entry of one row (expired ones too: the caller decides). */
async function readRow(place: TablePlace, key: string): Promise<GateEntry[]> {
  const db = place.clients.dynamodb(place.region);
  const out = await awsCall('GetItem', { resource: place.table, region: place.region }, () => db.send(new GetItemCommand({ TableName: place.table, Key: { pk: { S: key } }, ConsistentRead: true })));
  return entriesOf(out.Item ?? {});
}

/** The entries held by an item's attributes (`grace:...`, `resource:...`, `account:...`). */
export function entriesOf(item: Record<string, AttributeValue>): GateEntry[] {
  const entries: GateEntry[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (!/^(grace|resource|account):/.test(name) || value.S === undefined) continue;
    try {
      entries.push(JSON.parse(value.S) as GateEntry);
    } catch {
      // An unreadable entry gates nothing (only admins write here).
    }
  }
  return entries;
}

/** This function's grace periods and every exemption. */
export async function readGates(place: TablePlace, remediation: string): Promise<GateEntry[]> {
  const [grace, exemptions] = await Promise.all([readRow(place, graceKey(remediation)), readRow(place, EXEMPTIONS_KEY)]);
  return [...grace, ...exemptions];
}

/** Every exemption. */
export async function readExemptions(place: TablePlace): Promise<Exemption[]> {
  return (await readRow(place, EXEMPTIONS_KEY)).filter((e): e is Exemption => e.kind === 'exemption');
}

/** Every grace period of these functions. */
export async function readGrace(place: TablePlace, remediations: readonly string[]): Promise<GraceEntry[]> {
  const rows = await Promise.all(remediations.map((r) => readRow(place, graceKey(r))));
  return rows.flat().filter((e): e is GraceEntry => e.kind === 'grace');
}

/** Writes (or replaces) entries in their row. Admin CLIs only. */
export async function putEntries(place: TablePlace, key: string, entries: readonly GateEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const sets = entries.map((entry, i) => {
    names[`#a${i}`] = attributeOf(entry);
    values[`:v${i}`] = { S: JSON.stringify(entry) };
    return `#a${i} = :v${i}`;
  });
  await update(place, key, `SET ${sets.join(', ')}`, names, values);
}

/** Removes one entry from its row. Admin CLIs only. */
export async function removeEntry(place: TablePlace, key: string, attribute: string): Promise<void> {
  await update(place, key, 'REMOVE #a', { '#a': attribute }, undefined);
}

async function update(place: TablePlace, key: string, expression: string, names: Record<string, string>, values: Record<string, AttributeValue> | undefined): Promise<void> {
  const db = place.clients.dynamodb(place.region);
  const input = { TableName: place.table, Key: { pk: { S: key } }, UpdateExpression: expression, ExpressionAttributeNames: names, ...(values ? { ExpressionAttributeValues: values } : {}) };
  await awsCall('UpdateItem', { resource: place.table, region: place.region }, () => db.send(new UpdateItemCommand(input)));
}
