/**
 * The keys of the stack's history table (HistoryTable in serverless.yml), one table for every record:
 * - `notice#<function>#<eventName>#<eventId>`: the result of one event (whatever the outcome) and its notice, if any;
 * - `half-armed#<function>#<day>`: the daily half-armed warning (shared/notify/notices.ts);
 * - `undo#<id>`: an undo run by an admin (npm run undo), for the result whose short id is `<id>`;
 * - `grace#<function>`: that function's grace periods (one attribute per resource), written only by npm run undo;
 * - `exemptions`: every exemption (one attribute per resource or account), written only by npm run exemptions;
 * - `sweep#<function>#...`: a sweep run fanned out over the queue (shared/sweep/run-store.ts): the run's row, one row
 *   per target's result, and the function's list of open runs.
 * The functions write only their own `notice#`, `half-armed#` and `sweep#` rows, and read their own `grace#` row and `exemptions`
 * (IAM dynamodb:LeadingKeys); the table's resource policy keeps everyone but the stack roles and the admins out.
 */
import { createHash } from 'node:crypto';

/** Short ids use no 0/1/i/l/o, so they are read and typed without mistakes. */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const ID_LENGTH = 10;

/** The short id a person types (`npm run undo -- <id>`): derived from the row's key, so a retry yields the same id. */
export function shortIdOf(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  let id = '';
  for (let i = 0; i < ID_LENGTH; i += 1) id += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return id;
}

/** Whether `text` has the shape of a short id (checked before anything is read). */
export function isShortId(text: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${ID_LENGTH}}$`).test(text);
}

/** The row of an undo of the result `id`. */
export function undoKey(id: string): string {
  return `undo#${id}`;
}

/** The row holding one function's grace periods. */
export function graceKey(remediation: string): string {
  return `grace#${remediation}`;
}

/** The row holding every exemption. */
export const EXEMPTIONS_KEY = 'exemptions';

/** Rows are kept 90 days (DynamoDB TTL on `expiresAt`). */
export const KEEP_SECONDS = 90 * 24 * 3600;

/** The TTL attribute of a row written at `now`. */
export function expiresAt(now: Date): string {
  return String(Math.floor(now.getTime() / 1000) + KEEP_SECONDS);
}
