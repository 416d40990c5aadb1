/** The one summary of a function's own sweep run over many targets (shared/sweep/run-summary.ts). Pure. */
import type { RemediationResult } from '../../../../shared/remediations/result';
import type { TargetRun } from '../../../../shared/sweep/each-target';
import { runSummary } from '../../../../shared/sweep/run-summary';

const base = { remediation: 'reenable-trail', resource: { type: 'AWS::CloudTrail::Trail', id: 'all trails in 3 account/region(s)', account: '111122223333', region: 'us-east-1' }, trigger: { kind: 'schedule' as const, eventId: 'r1', eventName: 'Scheduled Event', time: '2026-12-06T05:00:00Z' } };
const A = { account: '111122223333', region: 'us-east-1' };
const B = { account: '444455556666', region: 'us-east-1' };
const C = { account: '777788889999', region: 'eu-west-1' };

function result(outcome: 'remediated' | 'already-compliant', headline: string): RemediationResult {
  return { ...base, resource: { ...base.resource, id: 'org-trail' }, headline, outcome, verified: true, actions: outcome === 'remediated' ? [{ api: 'StartLogging', target: 'org-trail', status: 'done', params: {} }] : [], kept: [], reason: headline };
}

describe('the summary of a sweep run over many targets', () => {
  it('is remediated with one line per target when every target was fixed or compliant', () => {
    // Prepare
    const runs: TargetRun[] = [{ target: A, result: result('remediated', 'Trail restarted') }, { target: B, result: result('already-compliant', 'Trail compliant') }];

    // Act
    const summary = runSummary(base, runs);

    // Assess
    expect(summary).toMatchObject({ outcome: 'remediated', headline: 'Sweep: fixed in 1 of 2 account/region(s)', actions: [expect.objectContaining({ api: 'StartLogging' })] });
    expect(summary.reason.split('\n').slice(1)).toEqual(['111122223333 us-east-1: remediated: Trail restarted', '444455556666 us-east-1: already-compliant: Trail compliant']);
  });

  it('fails, naming the target, when a target never answered', () => {
    // Prepare
    const runs: TargetRun[] = [{ target: A, result: result('remediated', 'Trail restarted') }, { target: C, error: 'no answer' }];

    // Act
    const summary = runSummary(base, runs);

    // Assess
    expect(summary).toMatchObject({ outcome: 'failed', error: '777788889999 eu-west-1: no answer' });
  });

  it('reports a member without the role with ACTION NEEDED, and still counts the fixes elsewhere', () => {
    // Prepare
    const runs: TargetRun[] = [{ target: A, result: result('remediated', 'Trail restarted') }, { target: B, noAccess: 'chain-guard cannot assume the member role' }];

    // Act
    const summary = runSummary(base, runs, ['ORG note']);

    // Assess
    expect(summary).toMatchObject({ outcome: 'reported', headline: 'Sweep: 1 account/region(s) NOT swept (no access), fixed in 1', actionNeeded: 'NO ACCESS to 444455556666 us-east-1: chain-guard cannot assume the member role' });
    expect(summary.reason).toMatch(/\nORG note$/);
  });
});
