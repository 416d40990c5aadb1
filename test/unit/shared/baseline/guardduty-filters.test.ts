/** GuardDuty suppression rules: which of chain-guard's finding types a filter can archive (conservative). */
import type { FindingCriteria } from '@aws-sdk/client-guardduty';
import { judgeFilter, narrowedCriteria } from '../../../../shared/baseline/guardduty-filters';

const TRAIL = 'Stealth:IAMUser/CloudTrailLoggingDisabled';
const SSH = 'UnauthorizedAccess:EC2/SSHBruteForce';
const OURS = [TRAIL, SSH];
const archive = (Criterion: FindingCriteria['Criterion']) => ({ action: 'ARCHIVE', findingCriteria: { Criterion } });

describe('judgeFilter', () => {
  it('archives every type of ours when an ARCHIVE rule has no type criterion (all LOW findings)', () => {
    expect(judgeFilter(archive({ severity: { LessThan: 4 } }), OURS).archives).toEqual(OURS);
  });

  it('names the criteria that do not decide the type, for a person to judge', () => {
    expect(judgeFilter(archive({ severity: { LessThan: 4 }, accountId: { Equals: ['111122223333'] } }), OURS).narrowing).toEqual(['severity LessThan 4', 'accountId Equals ["111122223333"]']);
  });

  it('archives nothing when the action is NOOP (a saved view)', () => {
    expect(judgeFilter({ action: 'NOOP', findingCriteria: { Criterion: { severity: { LessThan: 4 } } } }, OURS).archives).toEqual([]);
  });

  it('archives nothing when no action is given (NOOP is the default)', () => {
    expect(judgeFilter({ findingCriteria: { Criterion: {} } }, OURS).archives).toEqual([]);
  });

  it('archives only the listed type of ours under Equals', () => {
    expect(judgeFilter(archive({ type: { Equals: [TRAIL, 'Recon:EC2/PortScan'] } }), OURS).archives).toEqual([TRAIL]);
  });

  it('archives a type of ours listed under the deprecated Eq in another case', () => {
    expect(judgeFilter(archive({ type: { Eq: [TRAIL.toLowerCase()] } }), OURS).archives).toEqual([TRAIL]);
  });

  it('spares our types when Equals lists only other types', () => {
    expect(judgeFilter(archive({ type: { Equals: ['Recon:EC2/PortScan'] }, severity: { LessThan: 4 } }), OURS).archives).toEqual([]);
  });

  it('spares only the types NotEquals lists', () => {
    expect(judgeFilter(archive({ type: { NotEquals: [SSH] } }), OURS).archives).toEqual([TRAIL]);
  });

  it('does not count a NotEquals value in another case as sparing the type', () => {
    expect(judgeFilter(archive({ type: { Neq: [TRAIL.toUpperCase(), SSH] } }), OURS).archives).toEqual([TRAIL]);
  });

  it('archives the types a Matches wildcard covers', () => {
    expect(judgeFilter(archive({ type: { Matches: ['Stealth:*'] } }), OURS).archives).toEqual([TRAIL]);
  });

  it('reads a ? in Matches as a wildcard too (the doubt counts as matching)', () => {
    expect(judgeFilter(archive({ type: { Matches: ['UnauthorizedAccess:EC2/SSHBrute?orce'] } }), OURS).archives).toEqual([SSH]);
  });

  it('spares the types a NotMatches wildcard covers', () => {
    expect(judgeFilter(archive({ type: { NotMatches: ['Stealth:*'] } }), OURS).archives).toEqual([SSH]);
  });

  it('does not read a ? in NotMatches as a wildcard (the doubt counts as matching)', () => {
    expect(judgeFilter(archive({ type: { NotMatches: ['UnauthorizedAccess:EC2/SSHBrute?orce', 'Stealth:*'] } }), OURS).archives).toEqual([SSH]);
  });

  it('counts a number comparison on type as matching, and says it could not judge it', () => {
    expect(judgeFilter(archive({ type: { GreaterThan: 3 } }), OURS)).toMatchObject({ archives: OURS, unsure: ['type GreaterThan 3'] });
  });

  it('spares a type only when every operator on type excludes it', () => {
    expect(judgeFilter(archive({ type: { Equals: ['Recon:EC2/PortScan'], NotMatches: ['Recon:*'] } }), OURS).archives).toEqual(OURS);
  });

  it('archives every type of ours under an empty type condition', () => {
    expect(judgeFilter(archive({ type: {} }), OURS).archives).toEqual(OURS);
  });

  it('spares our types when the rule archives only sample findings', () => {
    expect(judgeFilter(archive({ 'service.additionalInfo.sample': { Equals: ['true'] } }), OURS).archives).toEqual([]);
  });

  it('does not count a sample criterion other than Equals true as sparing real findings', () => {
    expect(judgeFilter(archive({ 'service.additionalInfo.sample': { NotEquals: ['false'] } }), OURS).archives).toEqual(OURS);
  });

  it('describes the type criterion for the notice', () => {
    expect(judgeFilter(archive({ type: { NotEquals: [SSH] } }), OURS).typeCriterion).toBe(`type NotEquals ["${SSH}"]`);
  });
});

describe('narrowedCriteria', () => {
  it('adds a NotEquals on our types to a rule without a type criterion, keeping its other criteria', () => {
    expect(narrowedCriteria({ Criterion: { severity: { LessThan: 4 } } }, OURS)).toEqual({ Criterion: { severity: { LessThan: 4 }, type: { NotEquals: OURS } } });
  });

  it('adds our types to an existing NotEquals', () => {
    expect(narrowedCriteria({ Criterion: { type: { Neq: ['Recon:EC2/PortScan', SSH] } } }, OURS)).toEqual({ Criterion: { type: { NotEquals: ['Recon:EC2/PortScan', SSH, TRAIL] } } });
  });

  it('removes our types from an Equals list', () => {
    expect(narrowedCriteria({ Criterion: { type: { Equals: [TRAIL, 'Recon:EC2/PortScan'] } } }, OURS)).toEqual({ Criterion: { type: { Equals: ['Recon:EC2/PortScan'] } } });
  });

  it('has no narrowing when an Equals list holds only our types (removing the rule is the fix)', () => {
    expect(narrowedCriteria({ Criterion: { type: { Equals: [TRAIL] } } }, OURS)).toBeUndefined();
  });

  it('has no narrowing for a wildcard type criterion', () => {
    expect(narrowedCriteria({ Criterion: { type: { Matches: ['Stealth:*'] } } }, OURS)).toBeUndefined();
  });
});
