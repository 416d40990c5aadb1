/**
 * Figure 3: an event storm through the routing path. 1,000 AuthorizeSecurityGroupIngress events for 100 groups,
 * shuffled: each group's two world-open rules (tcp 22 from 0.0.0.0/0, tcp 3389 from ::/0), one kept rule (tcp 443
 * from 0.0.0.0/0), each such event delivered again (duplicates), and copies made by the backend's own role
 * (self-caused). Each event goes through serverless.yml's patterns (the in-repo matcher) and, when routed, the pipeline.
 * The correct answer: one revoke per distinct world-open rule, one notice per revoke, nothing else changed.
 */
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { functionRoleArn } from '../../../shared/baseline/roles';
import { handleEvent } from '../../../shared/pipeline';
import { remediationById } from '../../../shared/remediations/registry';
import { createGroup, ingressRules, tcp } from '../emulator-ec2';
import { loadRouting } from '../invoke';
import { EMULATOR_ACCOUNT, type MotoServer } from '../moto';
import { route } from '../routes';
import { totalCalls, type CallCounts } from './calls';
import { REGION, STAGE, freshSetting } from './setting';
import { authorizeEvent, type EventRule } from './sg-events';
import { msSince, r1 } from './stats';

export interface StormFigure {
  events: number;
  groups: number;
  /** Events by kind: original world-open, original kept, duplicate, self-caused. */
  mix: Record<string, number>;
  routed: number;
  outcomes: Record<string, number>;
  calls: CallCounts;
  totalCalls: number;
  revokes: number;
  notices: number;
  openRulesLeft: number;
  keptRulesLeft: number;
  expected: { revokes: number; notices: number; openRulesLeft: number; keptRulesLeft: number };
  correct: boolean;
  wallMs: number;
  eventsPerSecond: number;
  msPerEvent: number;
}

/** A deterministic shuffle (the same storm every run). */
export function shuffled<T>(items: readonly T[], seed = 14): T[] {
  const out = [...items];
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const GROUPS = 100;
const WORLD = ['0.0.0.0/0', '::/0'];

export async function benchStorm(moto: MotoServer): Promise<StormFigure> {
  const setting = await freshSetting(moto);
  const ec2 = new EC2Client({ region: REGION });
  const open: EventRule[] = [];
  const kept: EventRule[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    const groupId = await createGroup(ec2, `storm-${g}`, [tcp(22, '0.0.0.0/0'), tcp(3389, '::/0'), tcp(443, '0.0.0.0/0')]);
    for (const rule of await ingressRules(ec2, groupId)) {
      const eventRule = { groupId, ruleId: rule.SecurityGroupRuleId ?? '', protocol: rule.IpProtocol ?? '', from: rule.FromPort ?? 0, to: rule.ToPort ?? 0, cidr: rule.CidrIpv4 ?? rule.CidrIpv6 ?? '' };
      (rule.FromPort === 443 ? kept : open).push(eventRule);
    }
  }
  const self = { kind: 'role' as const, roleArn: functionRoleArn({ partition: 'aws', account: EMULATOR_ACCOUNT, region: REGION, rolePrefix: `chain-guard-${STAGE}-` }, 'revoke-open-ingress') };
  const originals = [...open.map((rule, i) => ({ kind: 'world-open', event: authorizeEvent(rule, `storm-open-${i}`) })), ...kept.map((rule, i) => ({ kind: 'kept', event: authorizeEvent(rule, `storm-kept-${i}`) }))];
  const duplicates = [...originals.filter((o) => o.kind === 'world-open'), ...originals.filter((o) => o.kind === 'world-open')].map((o) => ({ kind: 'duplicate', event: structuredClone(o.event) }));
  const selfCaused = [...open, ...kept].map((rule, i) => ({ kind: 'self-caused', event: authorizeEvent(rule, `storm-self-${i}`, self) }));
  const storm = shuffled([...originals, ...duplicates, ...selfCaused]);
  const mix: Record<string, number> = {};
  for (const item of storm) mix[item.kind] = (mix[item.kind] ?? 0) + 1;

  const routing = loadRouting(EMULATOR_ACCOUNT, { stage: STAGE, region: REGION });
  const outcomes: Record<string, number> = {};
  let routed = 0;
  setting.counter.take();
  const start = process.hrtime.bigint();
  for (const { event } of storm) {
    const matched = route(routing.functions, event);
    if (matched.length === 0) outcomes['not routed'] = (outcomes['not routed'] ?? 0) + 1;
    for (const fn of matched) {
      routed += 1;
      const result = await handleEvent(remediationById(fn.name), event, setting.deps);
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    }
  }
  const wallMs = msSince(start);
  const calls = setting.counter.take();
  const notices = (await setting.inbox.drain()).length;
  const left = ((await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [...new Set(open.map((r) => r.groupId))] }] }))).SecurityGroupRules ?? []).filter((r) => !r.IsEgress);
  const openRulesLeft = left.filter((r) => WORLD.includes(r.CidrIpv4 ?? r.CidrIpv6 ?? '') && r.FromPort !== 443).length;
  const keptRulesLeft = left.filter((r) => r.FromPort === 443).length;
  const revokes = calls['ec2:RevokeSecurityGroupIngress'] ?? 0;
  const expected = { revokes: open.length, notices: open.length, openRulesLeft: 0, keptRulesLeft: kept.length };
  const correct = revokes === expected.revokes && notices === expected.notices && openRulesLeft === 0 && keptRulesLeft === expected.keptRulesLeft;
  return { events: storm.length, groups: GROUPS, mix, routed, outcomes, calls, totalCalls: totalCalls(calls), revokes, notices, openRulesLeft, keptRulesLeft, expected, correct, wallMs: r1(wallMs), eventsPerSecond: r1((storm.length / wallMs) * 1000), msPerEvent: r1(wallMs / storm.length) };
}
