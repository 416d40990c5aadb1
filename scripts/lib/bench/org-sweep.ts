/**
 * Figure 5 (issue 14 item 5): figure 4's sweep over 3 accounts x 2 regions, in-process, as `npm run sweep --
 * --all-targets` runs it: the central account and two emulator members (their member role assumed with the external
 * id), us-east-1 and eu-west-1; every target seeded with its share of figure 4's seed, judged by the same oracle.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { createClients } from '../../../shared/aws/clients';
import { createMemberAccess } from '../../../shared/aws/member-clients';
import { loadConfig } from '../../../shared/config';
import { sweepAll } from '../../../shared/sweep/fan-out';
import { resolveTargets } from '../../../shared/sweep/targets';
import { inAccount } from '../emulator-org';
import { EMULATOR_ACCOUNT, type MotoServer } from '../moto';
import { EMULATOR_EXTERNAL_ID, emulatorMembers } from '../sweep-all';
import { createCallCounter, perRun, totalCalls, type CallCounts } from './calls';
import { seedAccount, ingressKeys } from './sweep-account';
import { EXEMPT_TAG, expectedAfterSweep, isWorldOpen, judge, seedGroups } from './sweep-seed';
import { r1, spread, type Spread } from './stats';

/** Emulator member accounts (never real ones). */
export const ORG_MEMBERS = ['444455556666', '777788889999'] as const;
export const ORG_REGIONS = ['us-east-1', 'eu-west-1'] as const;
/** Groups per target (6 targets: 1,002 in all); 17 of them world-open, in figure 4's shapes in turn. */
const GROUPS_PER_TARGET = 167;
const OPEN_PER_TARGET = 17;

export interface OrgSweepFigure {
  accounts: string[];
  regions: string[];
  groups: number;
  worldOpenGroups: number;
  /** World-open groups tagged with the exemption: the sweep must keep their rules. */
  exemptGroups: number;
  rulesSeeded: number;
  rulesExpectedLeft: number;
  writeCap: number;
  repeats: number;
  /** The whole sweepAll() call, per repeat. */
  inProcessMs: Spread;
  /** Each target's own sweep (TargetSweep.ms), over every target of every repeat. */
  perTargetMs: Spread;
  /** API calls per run (central and member clients, AssumeRole included), by operation. */
  calls: CallCounts;
  totalCalls: number;
  overRemovals: number;
  misses: number;
  worldOpenRulesLeft: number;
  exactEveryRun: boolean;
  /** Targets that did not end with a report (no access, error), over all repeats: 0 when all went well. */
  targetsNotSwept: number;
}

/** Sweeps the six targets `repeats` times, moto reset and re-seeded before each. */
export async function benchOrgSweep(moto: MotoServer, repeats: number): Promise<OrgSweepFigure> {
  const seed = seedGroups(GROUPS_PER_TARGET, OPEN_PER_TARGET);
  const expected = expectedAfterSweep(seed);
  const writeCap = 1000;
  const env = {
    AWS_REGION: 'us-east-1',
    ALERT_TOPIC_ARN: `arn:aws:sns:us-east-1:${EMULATOR_ACCOUNT}:unused`,
    REMEDIATION_MODE: 'enforce',
    SWEEP_WRITE_CAP: String(writeCap),
    SWEEP_REGIONS: ORG_REGIONS.join(','),
    EXEMPT_TAG_KEY: EXEMPT_TAG,
    ORG_MODE: 'on',
    ORG_ACCOUNTS: ORG_MEMBERS.join(','),
    ORG_EXTERNAL_ID: EMULATOR_EXTERNAL_ID,
    ACCOUNT_ID: EMULATOR_ACCOUNT,
  };
  const config = loadConfig({ ...process.env, ...env });
  // The bench's accounts are an allow-list without OU policy: no Organizations call.
  const { targets } = await resolveTargets(config, {});
  const ec2Of = (account: string, region: string) => (account === EMULATOR_ACCOUNT ? new EC2Client({ region }) : inAccount(new EC2Client({ region }), account));
  const totals: number[] = [];
  const perTarget: number[] = [];
  const counts = new Map<string, number>();
  let overRemovals = 0;
  let misses = 0;
  let openLeft = 0;
  let notSwept = 0;
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    await moto.reset();
    await emulatorMembers(EMULATOR_ACCOUNT, ORG_MEMBERS, config.org.memberRoleName);
    for (const t of targets) await seedAccount(ec2Of(t.account, t.region), seed);
    const counter = createCallCounter();
    // Every call counted: the central account's (AssumeRole included) and the members' (clientOptions reach buildClients).
    const clients = createClients({ onCall: counter.onCall });
    const { partition, region } = config.stack;
    const members = createMemberAccess({ partition, region, roleName: config.org.memberRoleName, externalId: config.org.externalId, buildClients: createClients, clientOptions: { onCall: counter.onCall }, sts: clients.sts(region) });
    const started = process.hrtime.bigint();
    const sweeps = await sweepAll(targets, { config, clients, members });
    totals.push(Number(process.hrtime.bigint() - started) / 1e6);
    for (const [k, n] of Object.entries(counter.take())) counts.set(k, (counts.get(k) ?? 0) + n);
    for (const s of sweeps) {
      if ('report' in s && s.ms !== undefined) perTarget.push(s.ms);
      else notSwept += 1;
    }
    for (const t of targets) {
      const verdict = judge(expected, await ingressKeys(ec2Of(t.account, t.region)));
      overRemovals += verdict.overRemovals.length;
      misses += verdict.misses.length;
      openLeft += verdict.misses.filter((key) => / (0\.0\.0\.0\/0|::\/0)$/.test(key)).length;
    }
  }
  const calls = perRun(Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))), repeats);
  const round = (s: Spread): Spread => ({ ...s, min: r1(s.min), median: r1(s.median), max: r1(s.max) });
  return {
    accounts: [EMULATOR_ACCOUNT, ...ORG_MEMBERS],
    regions: [...ORG_REGIONS],
    groups: seed.length * targets.length,
    worldOpenGroups: seed.filter(isWorldOpen).length * targets.length,
    exemptGroups: seed.filter((g) => EXEMPT_TAG in g.tags).length * targets.length,
    rulesSeeded: seed.reduce((n, g) => n + g.rules.length, 0) * targets.length,
    rulesExpectedLeft: expected.size * targets.length,
    writeCap,
    repeats,
    inProcessMs: round(spread(totals)),
    perTargetMs: round(spread(perTarget)),
    calls,
    totalCalls: r1(totalCalls(calls)),
    overRemovals,
    misses,
    worldOpenRulesLeft: openLeft,
    exactEveryRun: overRemovals === 0 && misses === 0 && notSwept === 0,
    targetsNotSwept: notSwept,
  };
}
