/** One readable line per history row (npm run history, the demo). */
import type { HistoryRow } from '../../shared/history/read';

/** When, id, outcome, what, where, who, and the notice (or, for an undo, what it undid and the grace period). */
export function historyLine(row: HistoryRow): string {
  const who = row.actor ? ` by ${row.actor}` : '';
  const extra = row.kind === 'undo' ? ` undoes ${row.undoes ?? ''}, grace until ${row.graceUntil ?? '-'}` : ` [${row.trigger}] notice ${row.notice}`;
  return `${row.time}  ${row.id}  ${row.outcome.padEnd(17)} ${row.remediation} ${row.account}/${row.region} ${row.resource}${who}${extra}`;
}
