/**
 * The scheduled path of revoke-open-ingress: runs the sweep of the event's account and region and turns its report
 * into ONE result (one summary notice): the counts of groups by outcome first, then every revoke (why, undo), every
 * planned revoke, failure and exemption. All compliant (exempt groups included) is `already-compliant`: no notice,
 * unless SWEEP_NOTIFY_COMPLIANT=true (shared/pipeline.ts). Over many accounts/regions (organization mode, SWEEP_REGIONS)
 * the run fans out (shared/sweep/dispatch.ts) and sends one summary (open-ingress-sweep-all.ts); this is one target.
 */
import type { Trigger } from '../events/trigger';
import { errorMessage } from '../errors';
import { sweepSecurityGroups, type SweepReport } from '../sweep/security-groups';
import type { RemediationResult } from './result';
import { summarise } from './summary';
import type { Deps } from './types';

/** Sweeps the trigger's account and region (bounded by the SWEEP_* settings) and reports it as one result. */
export async function sweepResult(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const base = {
    remediation: 'revoke-open-ingress',
    resource: { type: 'AWS::EC2::SecurityGroup', id: `all security groups in ${trigger.region}`, account: trigger.account, region: trigger.region },
    trigger: summarise(trigger),
  };
  try {
    const { writeCap, concurrency } = deps.config.sweep;
    return sweepSummary(base, await sweepSecurityGroups({ account: trigger.account, region: trigger.region }, deps, { writeCap, concurrency, now: new Date() }));
  } catch (error) {
    const message = errorMessage(error);
    return { ...base, headline: `Sweep of security groups in ${trigger.region} FAILED`, outcome: 'failed', verified: false, actions: [], kept: [], error: message, reason: `The security groups could not be read, so none was checked: ${message}` };
  }
}

/** The one result of a sweep. Pure. */
export function sweepSummary(base: Pick<RemediationResult, 'remediation' | 'resource' | 'trigger'>, report: SweepReport): RemediationResult {
  const { counts } = report;
  const actions = report.groups.flatMap((g) => g.actions);
  const kept = report.groups.flatMap((g) => g.kept);
  const tally = `${report.scanned} group(s) checked: ${counts.remediated} fixed, ${counts.failed} failed, ${counts.reported} reported, ${counts.skipped} exempt, ${counts['already-compliant']} compliant`;
  const revoked = actions.filter((a) => a.status === 'done').length;
  const result = { ...base, actions, kept };
  if (counts.failed > 0) {
    const error = report.groups.filter((g) => g.error).map((g) => `${g.groupId}: ${g.error}`).join('; ');
    return { ...result, headline: `Sweep: world-open ingress NOT fixed in ${counts.failed} group(s)`, outcome: 'failed', verified: false, error, reason: `${tally}. ${revoked} rule(s) revoked; some world-open rules may still be open.` };
  }
  if (report.capped) {
    const actionNeeded = `WRITE CAP REACHED: the sweep found ${report.writesNeeded} world-open rule(s) to revoke, more than SWEEP_WRITE_CAP=${report.writeCap}, so it revoked none. Check them (a mass change may be intended, or an attack), then revoke them with the commands below or raise SWEEP_WRITE_CAP.`;
    return { ...result, headline: `Sweep: write cap hit, ${report.writesNeeded} open rule(s) NOT revoked`, outcome: 'reported', verified: false, reason: `${tally}. Nothing was written: the write cap stopped the run.`, actionNeeded, reportedWhy: `Write cap (SWEEP_WRITE_CAP=${report.writeCap}) exceeded`, risk: { level: 'HIGH', why: 'security groups are open to the whole internet and were left so' } };
  }
  if (counts.reported > 0) return { ...result, headline: `Sweep: world-open ingress in ${counts.reported} group(s) (report mode)`, outcome: 'reported', verified: false, reason: `${tally}. Report mode: would revoke ${report.writesNeeded} rule(s).` };
  if (counts.remediated > 0) return { ...result, headline: `Sweep: world-open ingress revoked in ${counts.remediated} group(s)`, outcome: 'remediated', verified: true, reason: `${tally}. Revoked ${revoked} rule(s); AWS confirms they are gone (its answer or a re-read).` };
  return { ...result, headline: `Sweep: no world-open ingress to revoke`, outcome: 'already-compliant', verified: true, reason: `${tally}.` };
}
