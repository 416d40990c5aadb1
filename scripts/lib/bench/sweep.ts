/**
 * Figure 4: the sweep of 1,000 groups side by side, in one run. For each repeat and each tool (in alternating order):
 * moto reset and re-seeded with the same groups, the tool run, then the rules it left judged against the oracle.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { MotoServer } from '../moto';
import { totalCalls, type CallCounts } from './calls';
import type { ProcessRun } from './custodian';
import { REGION } from './setting';
import { expectedAfterSweep, isWorldOpen, judge, seedGroups, type SeedGroup } from './sweep-seed';
import { seedAccount, ingressKeys } from './sweep-account';
import { r1, spread, type Spread } from './stats';

/** One tool: how to prepare the account besides the seed (before seeding), and how to run one sweep. */
export interface SweepTool {
  name: string;
  /** Resets moto and puts in place what the tool needs (e.g. the alerts topic), before the groups are seeded. */
  prepare(moto: MotoServer): Promise<void>;
  run(moto: MotoServer): Promise<ProcessRun>;
}

export interface ToolRun extends ProcessRun {
  totalCalls: number;
  overRemovals: number;
  misses: number;
  exact: boolean;
  /** The first few differences, for the report. */
  examples: string[];
}

export interface ToolSummary {
  tool: string;
  wallMs: Spread;
  inProcessMs: Spread;
  calls: CallCounts;
  totalCalls: number;
  exactEveryRun: boolean;
  overRemovals: number;
  misses: number;
}

export interface SweepFigure {
  groups: number;
  worldOpenGroups: number;
  rulesSeeded: number;
  rulesExpectedLeft: number;
  repeats: number;
  runs: Record<string, ToolRun[]>;
  summary: ToolSummary[];
  /** Per repeat, first tool / second tool (e.g. chain-guard / custodian), then min/median/max over repeats. */
  ratios?: { inProcess: Spread; wall: Spread; perRepeat: { inProcess: number; wall: number }[] };
}

/** Sweeps with every tool `repeats` times on the same seed; the first tool is the one the ratios put on top. */
export async function benchSweep(moto: MotoServer, tools: readonly SweepTool[], repeats: number, seed: readonly SeedGroup[] = seedGroups()): Promise<SweepFigure> {
  const ec2 = new EC2Client({ region: REGION });
  const expected = expectedAfterSweep(seed);
  const runs: Record<string, ToolRun[]> = Object.fromEntries(tools.map((t) => [t.name, []]));
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const order = repeat % 2 === 0 ? tools : [...tools].reverse();
    for (const tool of order) {
      await tool.prepare(moto);
      await seedAccount(ec2, seed);
      const result = await tool.run(moto);
      const verdict = judge(expected, await ingressKeys(ec2));
      runs[tool.name]?.push({
        ...result,
        wallMs: r1(result.wallMs),
        inProcessMs: r1(result.inProcessMs),
        totalCalls: totalCalls(result.calls),
        overRemovals: verdict.overRemovals.length,
        misses: verdict.misses.length,
        exact: verdict.exact,
        examples: [...verdict.overRemovals.slice(0, 3).map((k) => `over-removed: ${k}`), ...verdict.misses.slice(0, 3).map((k) => `missed: ${k}`)],
      });
    }
  }
  const summary = tools.map((tool) => summarize(tool.name, runs[tool.name] ?? []));
  const [first, second] = tools.map((t) => runs[t.name] ?? []);
  const perRepeat = first && second ? first.map((a, i) => ({ inProcess: ratio(a.inProcessMs, second[i]?.inProcessMs), wall: ratio(a.wallMs, second[i]?.wallMs) })) : [];
  return {
    groups: seed.length,
    worldOpenGroups: seed.filter(isWorldOpen).length,
    rulesSeeded: seed.reduce((n, g) => n + g.rules.length, 0),
    rulesExpectedLeft: expected.size,
    repeats,
    runs,
    summary,
    ...(perRepeat.length > 0 ? { ratios: { inProcess: spread(perRepeat.map((p) => p.inProcess)), wall: spread(perRepeat.map((p) => p.wall)), perRepeat } } : {}),
  };
}

const ratio = (a: number, b: number | undefined): number => (b ? Math.round((a / b) * 100) / 100 : Number.NaN);

function summarize(tool: string, runs: readonly ToolRun[]): ToolSummary {
  const calls = runs[0]?.calls ?? {};
  return {
    tool,
    wallMs: spread(runs.map((r) => r.wallMs)),
    inProcessMs: spread(runs.map((r) => r.inProcessMs)),
    calls,
    totalCalls: totalCalls(calls),
    exactEveryRun: runs.every((r) => r.exact),
    overRemovals: Math.max(0, ...runs.map((r) => r.overRemovals)),
    misses: Math.max(0, ...runs.map((r) => r.misses)),
  };
}
