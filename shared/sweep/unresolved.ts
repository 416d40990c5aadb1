/**
 * What the OU policy could not resolve for a run (shared/sweep/targets.ts `unresolved`: an OU Organizations would not
 * list, an account it would not place) travels with the run's notes, marked, and makes any sweeper's summary at least
 * `reported` with ACTION NEEDED: a run that skipped part of the organization is never a clean run. Pure.
 */
import type { RemediationResult } from '../remediations/result';

const MARK = 'NOT RESOLVED: ';

/** The run's notes: the targets' notes, then each unresolved item, marked. */
export function runNotes(notes: readonly string[], unresolved: readonly string[] = []): string[] {
  return [...notes, ...unresolved.map((u) => `${MARK}${u}`)];
}

/** The summary with the run's unresolved items in ACTION NEEDED; a clean outcome becomes `reported`. */
export function withUnresolved(result: RemediationResult, notes: readonly string[]): RemediationResult {
  const lines = notes.filter((n) => n.startsWith(MARK));
  if (lines.length === 0) return result;
  const actionNeeded = [result.actionNeeded, ...lines].filter((l): l is string => Boolean(l)).join('\n');
  if (result.outcome !== 'already-compliant' && result.outcome !== 'remediated') return { ...result, actionNeeded };
  return { ...result, actionNeeded, outcome: 'reported', verified: false, headline: `${result.headline}; ${lines.length} OU(s)/account(s) of the organization NOT resolved, NOT swept`, reportedWhy: 'Organizations lookup failed' };
}
