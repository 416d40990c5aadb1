/** The one summary of a sweep over many accounts and regions (shared/remediations/open-ingress-sweep-all.ts). Pure. */
import { fanOutSummary } from '../../../../shared/remediations/open-ingress-sweep-all';
import type { TargetSweep } from '../../../../shared/sweep/fan-out';
import type { SweepReport } from '../../../../shared/sweep/security-groups';

const base = { remediation: 'revoke-open-ingress', resource: { type: 'AWS::EC2::SecurityGroup', id: 'all', account: '111122223333', region: 'us-east-1' }, trigger: { kind: 'schedule' } } as Parameters<typeof fanOutSummary>[0];
const counts = (c: Partial<SweepReport['counts']> = {}): SweepReport['counts'] => ({ remediated: 0, 'already-compliant': 0, reported: 0, skipped: 0, failed: 0, ...c });

function swept(account: string, region: string, report: Partial<SweepReport> = {}): TargetSweep {
  const target = { account, region };
  return { target, report: { target, time: '2026-12-06T00:00:00.000Z', mode: 'enforce', scanned: 10, counts: counts({ 'already-compliant': 10 }), groups: [], writesNeeded: 0, writeCap: 50, capped: false, ...report } };
}

describe('the summary of a sweep over many targets', () => {
  it('is already-compliant when every target is', () => {
    // Act
    const result = fanOutSummary(base, [swept('111122223333', 'us-east-1'), swept('444455556666', 'eu-west-1')]);

    // Assess
    expect(result).toMatchObject({ outcome: 'already-compliant', headline: 'Sweep: nothing open across 2 account/region(s)' });
  });

  it('starts with the run total, then one line of counts per account and region', () => {
    // Act
    const result = fanOutSummary(base, [swept('111122223333', 'us-east-1', { counts: counts({ remediated: 2, 'already-compliant': 8 }) }), swept('444455556666', 'eu-west-1')]);

    // Assess
    expect(result.reason.split('\n')).toEqual([
      '2 account/region target(s), 20 group(s) checked: 2 fixed, 0 failed, 0 reported, 0 exempt, 18 compliant.',
      '111122223333 us-east-1: 10 group(s): 2 fixed, 0 failed, 0 reported, 0 exempt, 8 compliant',
      '444455556666 eu-west-1: 10 group(s): 0 fixed, 0 failed, 0 reported, 0 exempt, 10 compliant',
    ]);
  });

  it('is reported with ACTION NEEDED naming the target a member role could not be assumed in', () => {
    // Act
    const result = fanOutSummary(base, [swept('111122223333', 'us-east-1'), { target: { account: '444455556666', region: 'eu-west-1' }, noAccess: 'AccessDenied' }]);

    // Assess
    expect(result).toMatchObject({ outcome: 'reported', actionNeeded: 'NO ACCESS to 444455556666 eu-west-1: AccessDenied' });
  });

  it('is reported, never a clean run, with ACTION NEEDED naming what the organization lookup could not resolve', () => {
    // Act
    const result = fanOutSummary(base, [swept('111122223333', 'us-east-1')], [], ['the accounts of ou-ab12-prod0001 (ORG_OUS) could not be listed: AccessDeniedException']);

    // Assess
    expect(result).toMatchObject({ outcome: 'reported', verified: false, headline: 'Sweep: 1 OU(s)/account(s) of the organization NOT resolved, NOT swept', actionNeeded: 'NOT RESOLVED: the accounts of ou-ab12-prod0001 (ORG_OUS) could not be listed: AccessDeniedException' });
  });

  it('is failed when a target could not be read, even if others were fixed', () => {
    // Act
    const result = fanOutSummary(base, [swept('111122223333', 'us-east-1', { counts: counts({ remediated: 1 }) }), { target: { account: '444455556666', region: 'eu-west-1' }, error: 'Throttling' }]);

    // Assess
    expect(result).toMatchObject({ outcome: 'failed', error: '444455556666 eu-west-1: Throttling' });
  });

  it('says the run cap, not the target cap, stopped a target that found too few writes left', () => {
    // Act
    const result = fanOutSummary(base, [swept('111122223333', 'us-east-1', { capped: true, runCapped: true, writesNeeded: 3, counts: counts({ reported: 3 }) })]);

    // Assess
    expect(result.actionNeeded).toMatch(/^WRITE CAP REACHED in 111122223333 us-east-1: 3 world-open rule\(s\) found, the run's write cap/);
  });
});
