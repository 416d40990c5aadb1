/** What the OU policy could not resolve makes a run's summary at least reported (shared/sweep/unresolved.ts). Pure. */
import type { RemediationResult } from '../../../../shared/remediations/result';
import { runNotes, withUnresolved } from '../../../../shared/sweep/unresolved';

const clean = { remediation: 'reenable-trail', headline: 'Sweep: nothing to do across 2 account(s)', outcome: 'already-compliant', verified: true, actions: [], kept: [], reason: 'ok' } as unknown as RemediationResult;

it('makes a clean run reported, with ACTION NEEDED naming what was not resolved', () => {
  // Act
  const result = withUnresolved(clean, runNotes(['account 777788889999 is in ORG_EXCLUDED_ACCOUNTS: not swept'], ['the accounts of ou-ab12-prod0001 (ORG_OUS) could not be listed: AccessDeniedException']));

  // Assess
  expect(result).toMatchObject({ outcome: 'reported', verified: false, actionNeeded: 'NOT RESOLVED: the accounts of ou-ab12-prod0001 (ORG_OUS) could not be listed: AccessDeniedException' });
});

it('keeps a failed run failed, adding the unresolved items to its ACTION NEEDED', () => {
  // Act
  const result = withUnresolved({ ...clean, outcome: 'failed', verified: false, error: 'Throttling', actionNeeded: 'NO ACCESS to 444455556666 us-east-1' } as RemediationResult, runNotes([], ['account 444455556666 (ORG_ACCOUNTS): its OU could not be looked up']));

  // Assess
  expect(result).toMatchObject({ outcome: 'failed', actionNeeded: 'NO ACCESS to 444455556666 us-east-1\nNOT RESOLVED: account 444455556666 (ORG_ACCOUNTS): its OU could not be looked up' });
});

it('leaves a run without unresolved items as it is', () => {
  // Act
  const result = withUnresolved(clean, runNotes(['a note']));

  // Assess
  expect(result).toBe(clean);
});
