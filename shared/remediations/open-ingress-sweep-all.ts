/**
 * The one summary of a sweep run over many account x region targets (shared/sweep/fan-out.ts): counts of groups by
 * outcome per account/region first, then what needs people (no access, write cap), then every revoke, planned revoke,
 * failure and exemption. The worst target decides the outcome: failed > reported (no access, cap, report mode) >
 * remediated > already-compliant (no notice, unless SWEEP_NOTIFY_COMPLIANT=true). Pure.
 */
import type { TargetSweep } from '../sweep/fan-out';
import type { SweepReport } from '../sweep/security-groups';
import type { RemediationResult } from './result';

type Base = Pick<RemediationResult, 'remediation' | 'resource' | 'trigger'>;

const where = (t: TargetSweep['target']): string => `${t.account} ${t.region}`;

/** One line per target: where, then its counts (or why it was not swept). */
export function targetLine(sweep: TargetSweep): string {
  if ('noAccess' in sweep) return `${where(sweep.target)}: NO ACCESS, not swept`;
  if ('error' in sweep) return `${where(sweep.target)}: FAILED, ${sweep.error}`;
  const { counts, scanned } = sweep.report;
  const cap = sweep.report.capped ? `; write cap: ${sweep.report.writesNeeded} rule(s) NOT revoked` : '';
  return `${where(sweep.target)}: ${scanned} group(s): ${counts.remediated} fixed, ${counts.failed} failed, ${counts.reported} reported, ${counts.skipped} exempt, ${counts['already-compliant']} compliant${cap}`;
}

function capLine(report: SweepReport): string {
  const why = report.runCapped ? `the run's write cap (SWEEP_WRITE_CAP=${report.writeCap} across all accounts and regions) had too few writes left` : `more than SWEEP_WRITE_CAP=${report.writeCap}`;
  return `WRITE CAP REACHED in ${where(report.target)}: ${report.writesNeeded} world-open rule(s) found, ${why}, so none was revoked there. Check them, then revoke them with the commands below or raise SWEEP_WRITE_CAP.`;
}

/**
 * The run's one result. `notes`: what the choice of targets left out (shared/sweep/targets.ts); `unresolved`: OUs or
 * accounts Organizations could not place (not swept: ACTION NEEDED, and never a clean run).
 */
export function fanOutSummary(base: Base, sweeps: readonly TargetSweep[], notes: readonly string[] = [], unresolved: readonly string[] = []): RemediationResult {
  const reports = sweeps.flatMap((s) => ('report' in s ? [s.report] : []));
  const groups = reports.flatMap((r) => r.groups.map((g) => ({ ...g, where: where(r.target) })));
  const actions = groups.flatMap((g) => g.actions);
  const kept = groups.flatMap((g) => g.kept);
  const sum = (key: keyof SweepReport['counts']): number => reports.reduce((n, r) => n + r.counts[key], 0);
  const scanned = reports.reduce((n, r) => n + r.scanned, 0);
  const tally = `${sweeps.length} account/region target(s), ${scanned} group(s) checked: ${sum('remediated')} fixed, ${sum('failed')} failed, ${sum('reported')} reported, ${sum('skipped')} exempt, ${sum('already-compliant')} compliant`;
  const reason = [tally + '.', ...sweeps.map(targetLine), ...notes].join('\n');
  const needs = [
    ...sweeps.flatMap((s) => ('noAccess' in s ? [`NO ACCESS to ${where(s.target)}: ${s.noAccess}`] : [])),
    ...reports.filter((r) => r.capped).map(capLine),
    ...unresolved.map((u) => `NOT RESOLVED: ${u}`),
  ];
  const result = { ...base, actions, kept, reason, ...(needs.length > 0 ? { actionNeeded: needs.join('\n') } : {}) };
  const errors = [
    ...sweeps.flatMap((s) => ('error' in s ? [`${where(s.target)}: ${s.error}`] : [])),
    ...groups.filter((g) => g.error).map((g) => `${g.where} ${g.groupId}: ${g.error ?? ''}`),
  ];
  if (errors.length > 0) return { ...result, headline: `Sweep: world-open ingress NOT fixed or NOT checked in ${errors.length} place(s)`, outcome: 'failed', verified: false, error: errors.join('; ') };
  const capped = reports.filter((r) => r.capped);
  if (capped.length > 0) {
    const rules = capped.reduce((n, r) => n + r.writesNeeded, 0);
    return { ...result, headline: `Sweep: write cap hit, ${rules} open rule(s) NOT revoked in ${capped.length} account/region(s)`, outcome: 'reported', verified: false, reportedWhy: `Write cap (SWEEP_WRITE_CAP=${capped[0]?.writeCap ?? 0}) exceeded`, risk: { level: 'HIGH', why: 'security groups are open to the whole internet and were left so' } };
  }
  const noAccess = sweeps.filter((s) => 'noAccess' in s).length;
  if (noAccess > 0) return { ...result, headline: `Sweep: ${noAccess} account/region(s) NOT swept (no access)${sum('remediated') > 0 ? `, ${sum('remediated')} group(s) fixed` : ''}`, outcome: 'reported', verified: false, reportedWhy: 'Member role not assumable' };
  if (unresolved.length > 0) return { ...result, headline: `Sweep: ${unresolved.length} OU(s)/account(s) of the organization NOT resolved, NOT swept`, outcome: 'reported', verified: false, reportedWhy: 'Organizations lookup failed' };
  if (sum('reported') > 0) return { ...result, headline: `Sweep: world-open ingress in ${sum('reported')} group(s) (report mode)`, outcome: 'reported', verified: false };
  if (sum('remediated') > 0) return { ...result, headline: `Sweep: ${sum('remediated')} group(s) fixed across ${sweeps.length} account/region(s)`, outcome: 'remediated', verified: true };
  return { ...result, headline: `Sweep: nothing open across ${sweeps.length} account/region(s)`, outcome: 'already-compliant', verified: true };
}
