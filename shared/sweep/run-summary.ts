/**
 * The one summary of a run of a function's own scheduled sweep over many account x region targets
 * (shared/sweep/each-target.ts): one line per target (its outcome and headline), what needs people, then every action,
 * kept finding and failure. The worst target decides: failed > reported (no access, report mode) > skipped >
 * remediated > already-compliant (no notice, unless SWEEP_NOTIFY_COMPLIANT=true). Pure.
 */
import { SEVERITIES, type RemediationResult, type Risk } from '../remediations/result';
import type { TargetRun } from './each-target';
import type { RunBase } from './sweeper';

const where = (t: TargetRun['target']): string => `${t.account} ${t.region}`;

/** One line per target: where, then its outcome and headline (or why it was not swept). */
export function runLine(run: TargetRun): string {
  if ('noAccess' in run) return `${where(run.target)}: NO ACCESS, not swept`;
  if ('error' in run) return `${where(run.target)}: FAILED, ${run.error}`;
  return `${where(run.target)}: ${run.result.outcome}: ${run.result.headline}`;
}

function highest(risks: readonly Risk[]): Risk | undefined {
  return [...risks].sort((a, b) => SEVERITIES.indexOf(b.level) - SEVERITIES.indexOf(a.level))[0];
}

/** The run's one result. `notes`: what the choice of targets left out (shared/sweep/targets.ts). */
export function runSummary(base: RunBase, runs: readonly TargetRun[], notes: readonly string[] = []): RemediationResult {
  const results = runs.flatMap((r) => ('result' in r ? [r.result] : []));
  const count = (outcome: RemediationResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  const noAccess = runs.filter((r) => 'noAccess' in r);
  const broken = runs.filter((r): r is Extract<TargetRun, { error: string }> => 'error' in r);
  const failed = broken.length + count('failed');
  const tally = `${runs.length} account/region target(s): ${count('remediated')} fixed, ${failed} failed, ${count('reported') + noAccess.length} reported, ${count('skipped')} skipped, ${count('already-compliant') + count('ignored')} compliant or nothing to check`;
  const reason = [tally + '.', ...runs.map(runLine), ...notes].join('\n');
  const needs = [
    ...noAccess.map((r) => `NO ACCESS to ${where(r.target)}: ${'noAccess' in r ? r.noAccess : ''}`),
    ...runs.flatMap((r) => ('result' in r && r.result.actionNeeded ? [`${where(r.target)}: ${r.result.actionNeeded}`] : [])),
  ];
  const risk = highest(results.flatMap((r) => (r.risk ? [r.risk] : [])));
  const result = {
    ...base,
    actions: results.flatMap((r) => r.actions),
    kept: results.flatMap((r) => r.kept),
    reason,
    ...(needs.length > 0 ? { actionNeeded: needs.join('\n') } : {}),
    ...(risk ? { risk } : {}),
  };
  const errors = [...broken.map((r) => `${where(r.target)}: ${r.error}`), ...runs.flatMap((r) => ('result' in r && r.result.outcome === 'failed' ? [`${where(r.target)}: ${r.result.error}`] : []))];
  if (failed > 0) return { ...result, headline: `Sweep: NOT fixed or NOT checked in ${failed} of ${runs.length} account/region(s)`, outcome: 'failed', verified: false, error: errors.join('; ') };
  if (noAccess.length > 0) return { ...result, headline: `Sweep: ${noAccess.length} account/region(s) NOT swept (no access)${count('remediated') > 0 ? `, fixed in ${count('remediated')}` : ''}`, outcome: 'reported', verified: false, reportedWhy: 'Member role not assumable' };
  if (count('reported') > 0) return { ...result, headline: `Sweep: findings reported in ${count('reported')} account/region(s)${count('remediated') > 0 ? `, fixed in ${count('remediated')}` : ''}`, outcome: 'reported', verified: false };
  if (count('skipped') > 0) return { ...result, headline: `Sweep: held back or skipped in ${count('skipped')} account/region(s)${count('remediated') > 0 ? `, fixed in ${count('remediated')}` : ''}`, outcome: 'skipped', verified: false };
  if (count('remediated') > 0) return { ...result, headline: `Sweep: fixed in ${count('remediated')} of ${runs.length} account/region(s)`, outcome: 'remediated', verified: true };
  return { ...result, headline: `Sweep: nothing to fix across ${runs.length} account/region(s)`, outcome: 'already-compliant', verified: true };
}
