/**
 * The per-target sweep of a function whose scheduled run already checks one account and region (reenable-trail,
 * restore-alarms, protect-backstops): that same run, with the target's account's deps (the member role in
 * organization mode) and a scheduled trigger naming the target. A member whose role cannot be assumed gets NO ACCESS
 * and nothing is read or written for it.
 */
import { MemberRoleError } from '../aws/member-clients';
import { errorMessage } from '../errors';
import type { ScheduleTrigger } from '../events/trigger';
import { gatedRun } from '../history/gate';
import { logger } from '../logger';
import { accountDeps } from '../org';
import type { RemediationResult } from '../remediations/result';
import type { Deps, Remediation } from '../remediations/types';
import { runSummary } from './run-summary';
import type { SweepTarget } from './security-groups';
import type { TargetOptions, TargetSweeper } from './sweeper';

/** What one target's run came to. */
export type TargetRun = { target: SweepTarget; result: RemediationResult } | { target: SweepTarget; noAccess: string } | { target: SweepTarget; error: string };

/** The scheduled trigger of one target of a run: the target's account and region. */
export function targetTrigger(target: SweepTarget, now: Date): ScheduleTrigger {
  return { kind: 'schedule', eventId: `sweep-${target.account}-${target.region}-${now.toISOString()}`, account: target.account, accounts: [target.account], region: target.region, time: now.toISOString(), eventName: 'Scheduled Event', actor: { type: 'Schedule' } };
}

/** The NO ACCESS text of a member whose role cannot be assumed. */
export function noAccessText(error: MemberRoleError, target: SweepTarget): string {
  return `chain-guard cannot assume ${error.roleArn} (${error.code}): nothing was checked or changed in account ${target.account} (${target.region}). Deploy the member StackSet (scripts/org/member-template.json, README "Organization") to that account, or check the role's trust policy and external id.`;
}

/** Runs `remediation`'s own scheduled run in each target. */
export function eachTargetSweeper(scope: string, resourceType: string): TargetSweeper<TargetRun> {
  return {
    scope,
    resourceType,
    sweep: async (remediation: Remediation, target: SweepTarget, deps: Deps, options: TargetOptions): Promise<TargetRun> => {
      let targetDeps: Deps;
      try {
        targetDeps = await accountDeps(target.account, remediation, deps, target.region);
      } catch (error) {
        if (!(error instanceof MemberRoleError)) return { target, error: errorMessage(error) };
        logger.warn('Sweep: member role not assumable', { ...target, role: error.roleArn, code: error.code });
        return { target, noAccess: noAccessText(error, target) };
      }
      const trigger = targetTrigger(target, options.now);
      try {
        // Grace periods and exemptions hold as for an event (a per-resource function is given them in deps.heldBack).
        const result = remediation.gatesPerResource ? await remediation.run(trigger, targetDeps) : await gatedRun(remediation, trigger, targetDeps, (d) => remediation.run(trigger, d));
        return { target, result };
      } catch (error) {
        logger.error('Sweep of a target failed', { ...target, error: error as Error });
        return { target, error: errorMessage(error) };
      }
    },
    lost: (target, why) => ({ target, error: why }),
    summary: runSummary,
  };
}
