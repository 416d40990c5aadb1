/**
 * The sweep of security groups: a bounded full check of one account and region, with the same planning, exemption,
 * revoke and verification code as the events (shared/remediations/open-ingress-*.ts). Calls, for G groups of which
 * O are world-open: ceil(G/1000) DescribeSecurityGroups (rules and tags of every group), one
 * GetManagedPrefixListEntries per prefix list the groups use, one RevokeSecurityGroupIngress per open group (by
 * exact permission), and ceil(O/200) re-reads
 * (DescribeSecurityGroups) only when AWS's answer does not confirm the revokes (moto's never does). No per-group reads, no global state: the target is explicit.
 */
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import { SWEEP_DEFAULTS } from '../config-sweep';
import { errorMessage } from '../errors';
import { logger } from '../logger';
import { failureLines, revokeAction, revokeRules, unconfirmed, type Revoked } from '../remediations/open-ingress-apply';
import { exemptKept, planGroup, verifyGroups } from '../remediations/open-ingress-group';
import { mayBeWorldOpen, type IngressPlan } from '../remediations/open-ingress-plan';
import { describeGroups, exemptionsOf, PrefixListCache, rulesOfPermissions, type Where } from '../remediations/open-ingress-read';
import type { Action, Kept, Outcome } from '../remediations/result';
import type { Deps } from '../remediations/types';
import { mapBounded } from './pool';

export { SWEEP_DEFAULTS };

/** One account and region, named explicitly (organization mode fans the sweep out over many). */
export interface SweepTarget {
  account: string;
  region: string;
}

/** How far one run may go: rules revoked at most (above it, nothing is written), groups fixed at a time, the clock. */
export interface SweepOptions {
  writeCap?: number;
  concurrency?: number;
  now?: Date;
  /** A run over many targets: the target writes only when it can reserve all its writes from the run's cap. */
  budget?: WriteBudget;
}

/** The writes left to a run over many targets (shared/sweep/fan-out.ts). */
export interface WriteBudget {
  /** Takes `writes` from what is left and says true, or takes nothing and says false. */
  reserve(writes: number): Promise<boolean>;
}

/** What the sweep found and did for one group that was not simply compliant. */
export interface GroupSweep {
  groupId: string;
  groupName?: string;
  outcome: Exclude<Outcome, 'ignored'>;
  actions: Action[];
  kept: Kept[];
  error?: string;
}

/** The report of one run: counts of groups by outcome, the groups with findings, and whether the cap stopped writes. */
export interface SweepReport {
  target: SweepTarget;
  time: string;
  mode: Deps['config']['mode'];
  /** Groups read. */
  scanned: number;
  counts: Record<GroupSweep['outcome'], number>;
  /** Every group with a world-open rule (revoked, planned, exempt or failed), in the order read. */
  groups: GroupSweep[];
  /** World-open rules found in groups that are not exempt: the writes the run needs. */
  writesNeeded: number;
  writeCap: number;
  /** True when writesNeeded exceeded writeCap: nothing was written, every finding is reported as planned. */
  capped: boolean;
  /** True when the run's cap (many targets) had too few writes left for this target: nothing was written here. */
  runCapped?: boolean;
}

interface Open {
  group: SecurityGroup;
  groupId: string;
  plan: IngressPlan;
}

/** Sweeps every security group of one account and region. Throws only when the groups cannot be read at all. */
export async function sweepSecurityGroups(target: SweepTarget, deps: Deps, options: SweepOptions = {}): Promise<SweepReport> {
  const writeCap = options.writeCap ?? SWEEP_DEFAULTS.writeCap;
  const concurrency = options.concurrency ?? SWEEP_DEFAULTS.concurrency;
  const where: Where = { account: target.account, region: target.region };
  const ec2 = deps.clients.ec2(target.region);
  const prefixLists = new PrefixListCache(ec2, where);
  const groups = await describeGroups(ec2, {}, where);
  const exemptions = await exemptionsOf(groups, deps.config, where, deps.heldBack);
  const results = new Map<string, GroupSweep>();
  const open: Open[] = [];
  const settle = (group: SecurityGroup, result: Omit<GroupSweep, 'groupId' | 'groupName'>): void => {
    const groupId = group.GroupId ?? '';
    results.set(groupId, { groupId, ...(group.GroupName ? { groupName: group.GroupName } : {}), ...result });
  };

  // 1. Judge every group on DescribeSecurityGroups' rules: the same plan as an event about the whole group (Config).
  // Its rules have no IDs: they are revoked by exact permission (protocol, ports, source).
  for (const group of groups) {
    const groupId = group.GroupId ?? '';
    try {
      const rules = rulesOfPermissions(group);
      if (!mayBeWorldOpen(rules, deps.config.authorizedPorts)) continue;
      const plan = await planGroup(rules, { kind: 'group' }, deps.config, prefixLists);
      if (plan.revoke.length === 0) continue;
      const exemption = exemptions.get(groupId);
      if (exemption) settle(group, { outcome: 'skipped', actions: [], kept: [...plan.kept, ...exemptKept(groupId, plan, exemption)] });
      else open.push({ group, groupId, plan });
    } catch (error) {
      settle(group, failure(groupId, error));
    }
  }

  const ready = open;

  // 3. The blast radius: above the cap, nothing is written and every finding is reported.
  const writesNeeded = ready.reduce((sum, o) => sum + o.plan.revoke.length, 0);
  const overCap = writesNeeded > writeCap;
  const reserve = !overCap && writesNeeded > 0 && deps.config.mode === 'enforce' && options.budget !== undefined;
  const runCapped = reserve && !(await options.budget?.reserve(writesNeeded));
  const capped = overCap || runCapped;
  if (capped) logger.error('Sweep write cap reached: nothing revoked, findings reported', { ...where, writesNeeded, writeCap, runCapped });
  const planned = capped || deps.config.mode === 'report';
  for (const o of planned ? ready : []) settle(o.group, { outcome: 'reported', actions: o.plan.revoke.map((r) => revokeAction(r, target.region, 'planned')), kept: o.plan.kept });

  // 4. Revoke, a few groups at a time, then verify all of them at once.
  const revoked = new Map<string, Revoked>();
  await mapBounded(planned ? [] : ready, concurrency, async (o) => {
    revoked.set(o.groupId, await revokeRules(ec2, o.groupId, o.plan.revoke, where));
  });
  let verifyError: string | undefined;
  try {
    await verifyGroups(ec2, revoked, where);
  } catch (error) {
    // Unverified is not verified: the groups whose revokes AWS did not confirm fail.
    verifyError = `could not re-read the groups to verify the revokes: ${errorMessage(error)}`;
  }
  for (const o of planned ? [] : ready) {
    const actions = revoked.get(o.groupId)?.actions ?? [];
    const unverified = verifyError !== undefined && unconfirmed(actions, revoked.get(o.groupId)?.confirmed ?? new Set()).length > 0;
    const errors = [...failureLines(actions), ...(unverified && verifyError ? [verifyError] : [])];
    const done = actions.some((a) => a.status === 'done');
    const outcome = errors.length > 0 ? 'failed' : done ? 'remediated' : 'already-compliant';
    settle(o.group, { outcome, actions, kept: o.plan.kept, ...(errors.length > 0 ? { error: errors.join('; ') } : {}) });
  }

  const ordered = groups.map((g) => results.get(g.GroupId ?? '')).filter((r): r is GroupSweep => r !== undefined);
  const counts = { remediated: 0, 'already-compliant': 0, reported: 0, skipped: 0, failed: 0 };
  for (const r of ordered) counts[r.outcome] += 1;
  counts['already-compliant'] = groups.length - ordered.length + counts['already-compliant'];
  const time = (options.now ?? new Date()).toISOString();
  return { target, time, mode: deps.config.mode, scanned: groups.length, counts, groups: ordered.filter((r) => r.outcome !== 'already-compliant'), writesNeeded, writeCap, capped, ...(runCapped ? { runCapped } : {}) };
}

function failure(groupId: string, error: unknown): Omit<GroupSweep, 'groupId' | 'groupName'> {
  logger.error('Sweep of a security group failed', { groupId, error: error as Error });
  const message = errorMessage(error);
  return { outcome: 'failed', actions: [{ api: 'RevokeSecurityGroupIngress', target: groupId, status: 'failed', params: {}, error: message }], kept: [], error: message };
}
