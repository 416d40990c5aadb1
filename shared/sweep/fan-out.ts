/**
 * A sweep run over many account x region targets (shared/sweep/targets.ts): each target is swept with its own
 * account's deps (the member role in organization mode), a few targets at a time. The write cap holds for the whole
 * run: a target writes only after reserving all its writes from the run's budget (first come, first served); one that
 * cannot writes nothing and reports its findings. A member whose role cannot be assumed gets ACTION NEEDED and no write.
 */
import { errorMessage } from '../errors';
import { MemberRoleError } from '../aws/member-clients';
import { logger } from '../logger';
import { accountDeps } from '../org';
import { fanOutSummary } from '../remediations/open-ingress-sweep-all';
import type { Deps } from '../remediations/types';
import { noAccessText } from './each-target';
import { mapBounded } from './pool';
import { reserveAll } from './run';
import { sweepSecurityGroups, type SweepReport, type SweepTarget, type WriteBudget } from './security-groups';
import type { TargetSweeper } from './sweeper';

/** Targets swept at a time. Each account and region has its own EC2 throttling buckets. */
export const TARGET_CONCURRENCY = 3;

/** What one target's sweep came to: its report, no access (ACTION NEEDED), or an error before any group was judged. */
export type TargetSweep = { target: SweepTarget; report: SweepReport; ms?: number } | { target: SweepTarget; noAccess: string } | { target: SweepTarget; error: string };

export interface FanOutOptions {
  now?: Date;
  /** The run's budget of writes; by default one in memory of SWEEP_WRITE_CAP (one process runs every target). */
  budget?: WriteBudget;
  targetConcurrency?: number;
}

/** A run's budget held in memory: `cap` writes in all. */
export function memoryBudget(cap: number): WriteBudget {
  let left = cap;
  return {
    reserve: async (writes: number) => {
      const taken = reserveAll(left, writes);
      left = taken.left;
      return taken.granted;
    },
  };
}

/** Sweeps one target with its own account's deps. Never throws: a failure is the target's outcome. */
export async function sweepTarget(target: SweepTarget, deps: Deps, options: { now?: Date; budget?: WriteBudget } = {}): Promise<TargetSweep> {
  let targetDeps: Deps;
  try {
    targetDeps = await accountDeps(target.account, { id: 'revoke-open-ingress' }, deps, target.region);
  } catch (error) {
    if (!(error instanceof MemberRoleError)) return { target, error: errorMessage(error) };
    logger.warn('Sweep: member role not assumable', { ...target, role: error.roleArn, code: error.code });
    return { target, noAccess: noAccessText(error, target) };
  }
  try {
    const { writeCap, concurrency } = deps.config.sweep;
    const started = Date.now();
    const report = await sweepSecurityGroups(target, targetDeps, { writeCap, concurrency, ...(options.now ? { now: options.now } : {}), ...(options.budget ? { budget: options.budget } : {}) });
    // How long the target took (logs, `npm run sweep -- --all-targets`): measured, never asserted.
    return { target, report, ms: Date.now() - started };
  } catch (error) {
    logger.error('Sweep of a target failed', { ...target, error: error as Error });
    return { target, error: `the security groups could not be read: ${errorMessage(error)}` };
  }
}

/** Sweeps every target, a few at a time, within one write budget; results in the order of `targets`. */
export async function sweepAll(targets: readonly SweepTarget[], deps: Deps, options: FanOutOptions = {}): Promise<TargetSweep[]> {
  const budget = options.budget ?? memoryBudget(deps.config.sweep.writeCap);
  const now = options.now ?? new Date();
  return mapBounded(targets, options.targetConcurrency ?? TARGET_CONCURRENCY, (target) => sweepTarget(target, deps, { now, budget }));
}

/** revoke-open-ingress's per-target sweep (shared/sweep/sweeper.ts): the security groups of one account and region. */
export const securityGroupSweeper: TargetSweeper<TargetSweep> = {
  scope: 'security groups',
  resourceType: 'AWS::EC2::SecurityGroup',
  sweep: (_remediation, target, deps, options) => sweepTarget(target, deps, options),
  lost: (target, why) => ({ target, error: why }),
  summary: (base, outcomes, notes) => fanOutSummary(base, outcomes, notes),
};
