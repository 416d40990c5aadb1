/** The follow-ups of a result (Config re-evaluation, Security Hub finding) as one short line each, for every protocol. */
import type { FollowUp, RemediationResult } from '../remediations/result';

const SERVICE: Record<FollowUp['service'], string> = { config: 'AWS Config', securityhub: 'Security Hub' };

/** `AWS Config: rule restricted-ssh re-evaluation started: ...`; none when the result has no follow-up. Pure. */
export function followUpLines(result: RemediationResult): string[] {
  return (result.followUps ?? []).map((f) => `${SERVICE[f.service]}: ${f.summary}${f.status === 'failed' && f.error ? ` [${f.error}]` : ''}`);
}
