/**
 * What a function plugs into the fan-out of its scheduled sweep (shared/sweep/dispatch.ts, worker.ts): how one
 * account x region target is swept with that account's deps, what a target that never answered counts as, and the one
 * summary of a run. The same three serve the in-process run (scripts, no queue) and the queue's workers.
 */
import type { Config } from '../config';
import type { RemediationResult } from '../remediations/result';
import type { Deps, Remediation } from '../remediations/types';
import type { SweepTarget, WriteBudget } from './security-groups';

/** The parts of a run's summary that say who and what (the summary adds the rest). */
export type RunBase = Pick<RemediationResult, 'remediation' | 'resource' | 'trigger'>;

/** What one target's sweep came to: JSON (a worker stores it in the run's table), naming its target. */
export interface TargetOutcome {
  target: SweepTarget;
}

/** Options of one target's sweep. */
export interface TargetOptions {
  now: Date;
  /** The run's write budget: the target writes only after reserving all its writes from it (absent: no run cap). */
  budget?: WriteBudget;
}

/** A function's per-target sweep. Methods (bivariant): a sweeper of a narrower outcome is a TargetSweeper. */
export interface TargetSweeper<R extends TargetOutcome = TargetOutcome> {
  /** What is swept, for the run's resource line (e.g. `security groups`). */
  readonly scope: string;
  /** The resource type of the run's result. */
  readonly resourceType: string;
  /**
   * Where it sweeps, of every configured account x region (shared/sweep/targets.ts): absent, each of them; given, the
   * one region per account its resources live in (the baseline trail's home region, the alarms' region).
   */
  regionOf?(config: Config): string;
  /** Sweeps one target with that account's deps (the member role in organization mode). Never throws. */
  sweep(remediation: Remediation, target: SweepTarget, deps: Deps, options: TargetOptions): Promise<R>;
  /** A target that did not answer (its message dead-lettered, or its result unstorable): a failure, saying why. */
  lost(target: SweepTarget, why: string): R;
  /** The run's one result, from every target's outcome. Pure. */
  summary(base: RunBase, outcomes: readonly R[], notes: readonly string[]): RemediationResult;
}

/** The targets of `sweeper`'s runs: every configured account x region, or each account once in its one region. */
export function sweeperTargets(sweeper: Pick<TargetSweeper, 'regionOf'>, targets: readonly SweepTarget[], config: Config): SweepTarget[] {
  const region = sweeper.regionOf?.(config);
  if (region === undefined) return [...targets];
  const accounts = [...new Set(targets.map((t) => t.account))];
  return accounts.map((account) => ({ account, region }));
}
