/**
 * After a verified fix triggered by an AWS Config rule, what to tell Config and Security Hub so that their consoles
 * agree with it: re-evaluate the rule (StartConfigRulesEvaluation), and when Security Hub owns the rule
 * (`securityhub-<rule>-<hash>`), resolve its control finding on the resource. Pure.
 */
import { securityHubRule } from '../events/accepted';
import type { Trigger } from '../events/trigger';
import type { RemediationResult } from '../remediations/result';
import type { Remediation } from '../remediations/types';

/** The IAM actions the follow-ups call: granted (FollowUp* statements) to every function that takes Config rules. */
export const FOLLOW_UP_PERMISSIONS = ['config:StartConfigRulesEvaluation', 'securityhub:GetFindings', 'securityhub:BatchUpdateFindings'] as const;

/** The follow-up actions a remediation's role needs: only those with Config triggers ever run a follow-up. */
export function followUpPermissions(remediation: Pick<Remediation, 'triggers'>): readonly string[] {
  return (remediation.triggers.config ?? []).length > 0 ? FOLLOW_UP_PERMISSIONS : [];
}

/** What to follow up, for one Config event and its verified result. */
export interface FollowUpPlan {
  ruleName: string;
  account: string;
  region: string;
  /** The resource as Config names it (`sg-0abc`, a trail name, the account id). */
  resourceId: string;
  resourceType: string;
  /** Why the rule is not re-evaluated, or undefined to re-evaluate it. */
  skipReevaluation?: string;
  /** Security Hub owns the rule and chain-guard fixed the resource: its control finding on the resource is resolved. */
  securityHub: boolean;
  /** The note left on the Security Hub finding: what was done, by what, for which event (at most 512 characters). */
  note: string;
}

/**
 * The follow-ups a result deserves, or undefined. Only after a verified fix of a Config event: `remediated`, and
 * `already-compliant` too (the resource was fixed before the event was handled, e.g. by the CloudTrail path, so
 * Config's NON_COMPLIANT is stale). Never in report mode, never after a failure or a skip: the console must not be told
 * anything the re-read did not show.
 */
export function planFollowUp(trigger: Trigger, result: RemediationResult): FollowUpPlan | undefined {
  if (trigger.kind !== 'config') return undefined;
  if ((result.outcome !== 'remediated' && result.outcome !== 'already-compliant') || !result.verified) return undefined;
  const previous = trigger.detail.oldEvaluationResult?.complianceType;
  // Config already found it NON_COMPLIANT before this evaluation, and nothing needed fixing: Config and chain-guard
  // disagree about the resource. A re-evaluation would bring the same event back, and this one again: said, not looped.
  const disagree = result.outcome === 'already-compliant' && previous === 'NON_COMPLIANT';
  const what = result.outcome === 'remediated' ? `fixed it: ${result.headline}` : `found it already compliant: ${result.headline}`;
  return {
    ruleName: trigger.ruleName,
    account: trigger.account,
    region: trigger.region,
    resourceId: trigger.resourceId,
    resourceType: trigger.resourceType,
    ...(disagree
      ? { skipReevaluation: `not re-evaluated: Config found ${trigger.resourceId} NON_COMPLIANT twice in a row while chain-guard finds nothing to fix; check what the rule checks against the baseline` }
      : {}),
    // Resolved only after a fix chain-guard made and re-read. RESOLVED on a finding still FAILED stays until the control
    // passes and fails again (Security Hub resets it to NEW only on PASSED -> FAILED): resolving on chain-guard's word
    // when it changed nothing (already-compliant, or Config and chain-guard disagree) would hide a live finding.
    securityHub: securityHubRule(trigger.ruleName) !== undefined && result.outcome === 'remediated',
    note: `chain-guard ${result.remediation} ${what} (event ${trigger.eventId})`.slice(0, 512),
  };
}
