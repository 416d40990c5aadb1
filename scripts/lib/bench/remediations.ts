/**
 * Figure 1: per remediation type, the AWS API calls by operation and the time from event to verified fix (the whole
 * pipeline: parse -> plan -> apply -> verify -> notice published), over N warm runs in one process.
 */
import { CloudTrailClient, DeleteTrailCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { notificationChannel } from '../../../shared/remediations/notifications';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { trailProtection } from '../../../shared/remediations/trail';
import type { Deps, Remediation } from '../../../shared/remediations/types';
import { putEntries } from '../../../shared/history/gates';
import { graceKey } from '../../../shared/history/keys';
import { createHistoryTable } from '../emulator-history';
import { createGroup, ruleId, tcp } from '../emulator-ec2';
import { loadEvent, withIds } from '../events';
import type { MotoServer } from '../moto';
import { perRun, totalCalls, type CallCounts } from './calls';
import { REGION, freshSetting, type Setting } from './setting';
import { authorizeEvent } from './sg-events';
import { msSince, quantile, r1 } from './stats';

/** One remediation type's figures. */
export interface RemediationFigure {
  scenario: string;
  runs: number;
  outcome: string;
  callsPerRun: CallCounts;
  totalPerRun: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

interface Scenario {
  name: string;
  remediation: Remediation;
  /** Other deps than the setting's (the history table's scenarios). */
  deps?: Deps;
  /** Breaks the resource (uncounted) and returns the event that reports it. */
  prepare(i: number): Promise<unknown>;
  expected: string;
}

function scenarios(setting: Setting, withHistory: Deps): Scenario[] {
  const ec2 = new EC2Client({ region: REGION });
  const cloudtrail = new CloudTrailClient({ region: REGION });
  const cloudwatch = new CloudWatchClient({ region: REGION });
  const sns = new SNSClient({ region: REGION });
  const trailName = setting.baseline.TRAIL_NAME ?? '';
  const trailEvent = (fixture: string, from: string) => withIds(loadEvent(fixture), { [from]: trailName });
  const alarmName = 'CIS-3.1-UnauthorizedAPICalls';
  return [
    {
      name: 'SG revoke: one world-open rule (CloudTrail AuthorizeSecurityGroupIngress)',
      remediation: openIngress,
      expected: 'remediated',
      prepare: async (i) => {
        const groupId = await createGroup(ec2, `bench-${i}`, [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')]);
        const id = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
        return authorizeEvent({ groupId, ruleId: id, protocol: 'tcp', from: 22, to: 22, cidr: '0.0.0.0/0' }, `revoke-${i}`);
      },
    },
    {
      name: 'SG revoke, as deployed with the history table (result recorded, grace periods and exemptions read first)',
      remediation: openIngress,
      deps: withHistory,
      expected: 'remediated',
      prepare: async (i) => {
        const groupId = await createGroup(ec2, `bench-history-${i}`, [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')]);
        const id = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
        return authorizeEvent({ groupId, ruleId: id, protocol: 'tcp', from: 22, to: 22, cidr: '0.0.0.0/0' }, `history-${i}`);
      },
    },
    {
      name: 'SG reopened in a grace period after an undo (report-mode preview, reported, nothing written)',
      remediation: openIngress,
      deps: withHistory,
      expected: 'reported',
      prepare: async (i) => {
        const groupId = await createGroup(ec2, `bench-grace-${i}`, [tcp(22, '0.0.0.0/0')]);
        const id = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
        const until = new Date(Date.now() + 3600_000).toISOString();
        const place = { clients: withHistory.clients, table: withHistory.config.historyTableName ?? '', region: REGION };
        await putEntries(place, graceKey(openIngress.id), [{ kind: 'grace', remediation: openIngress.id, target: groupId, until, by: 'bench', undoId: 'benchbench', reason: 'bench', at: until }]);
        return authorizeEvent({ groupId, ruleId: id, protocol: 'tcp', from: 22, to: 22, cidr: '0.0.0.0/0' }, `grace-${i}`);
      },
    },
    {
      name: 'SG already compliant: the same event again (duplicate delivery)',
      remediation: openIngress,
      expected: 'already-compliant',
      prepare: async (i) => {
        const groupId = await createGroup(ec2, `bench-dup-${i}`, [tcp(22, '0.0.0.0/0')]);
        const id = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
        const event = authorizeEvent({ groupId, ruleId: id, protocol: 'tcp', from: 22, to: 22, cidr: '0.0.0.0/0' }, `dup-${i}`);
        await handleEvent(openIngress, event, setting.deps); // the first delivery revokes; the measured one finds nothing
        return event;
      },
    },
    {
      name: 'trail restart (CloudTrail StopLogging)',
      remediation: trailProtection,
      expected: 'remediated',
      prepare: async () => {
        await cloudtrail.send(new StopLoggingCommand({ Name: trailName }));
        return trailEvent('cloudtrail-stoplogging', 'stratus-red-team-ct-stop-trail-buykxbqejv');
      },
    },
    {
      name: 'trail recreate (CloudTrail DeleteTrail)',
      remediation: trailProtection,
      expected: 'remediated',
      prepare: async () => {
        await cloudtrail.send(new DeleteTrailCommand({ Name: trailName }));
        return trailEvent('cloudtrail-deletetrail', 'stratus-red-team-cloudtraild-trail-kvrwohmiai');
      },
    },
    {
      name: `alarm restore (CloudWatch DeleteAlarms ${alarmName})`,
      remediation: alarmChain,
      expected: 'remediated',
      prepare: async () => {
        await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarmName] }));
        const event = loadEvent('cloudwatch-deletealarms');
        (event.detail as { requestParameters: unknown }).requestParameters = { alarmNames: [alarmName] };
        return event;
      },
    },
    {
      name: 'topic recreate: topic, policy and subscriber (SNS DeleteTopic)',
      remediation: notificationChannel,
      expected: 'remediated',
      prepare: async () => {
        await sns.send(new DeleteTopicCommand({ TopicArn: setting.inbox.topicArn }));
        return withIds(loadEvent('sns-deletetopic'), { 'arn:aws:sns:us-west-2:111122223333:hello-topic': setting.inbox.topicArn, '"awsRegion":"us-west-2"': `"awsRegion":"${REGION}"` });
      },
    },
  ];
}

/** Runs every scenario `runs` times (after `warmup` unmeasured runs) on a fresh emulator account. */
export async function benchRemediations(moto: MotoServer, runs: number, warmup = 5): Promise<RemediationFigure[]> {
  const setting = await freshSetting(moto);
  // The baseline alarms exist before the first alarm scenario (a scheduled sweep creates them).
  await handleEvent(alarmChain, scheduledEvent(setting.deps.config.topic.account, REGION, { id: 'bench-bootstrap' }), setting.deps);
  // The stack as deployed has a history table; the other scenarios run without it, to compare.
  const table = await createHistoryTable(setting.deps.clients.dynamodb(REGION), 'bench-history');
  const withHistory: Deps = { ...setting.deps, config: { ...setting.deps.config, historyTableName: table } };
  const figures: RemediationFigure[] = [];
  for (const scenario of scenarios(setting, withHistory)) {
    const times: number[] = [];
    const outcomes = new Set<string>();
    const counted: CallCounts = {};
    for (let i = 0; i < warmup + runs; i += 1) {
      const event = await scenario.prepare(i);
      setting.counter.take(); // what preparing cost is not the remediation's
      const start = process.hrtime.bigint();
      const result = await handleEvent(scenario.remediation, event, scenario.deps ?? setting.deps);
      const elapsed = msSince(start);
      const calls = setting.counter.take();
      if (i < warmup) continue;
      times.push(elapsed);
      outcomes.add(result.outcome);
      for (const [key, n] of Object.entries(calls)) counted[key] = (counted[key] ?? 0) + n;
    }
    const calls = perRun(counted, runs);
    await setting.inbox.drain();
    const outcome = [...outcomes].join(', ');
    if (outcome !== scenario.expected) throw new Error(`bench: ${scenario.name} ended ${outcome}, expected ${scenario.expected}`);
    figures.push({ scenario: scenario.name, runs, outcome, callsPerRun: calls, totalPerRun: totalCalls(calls), p50Ms: r1(quantile(times, 0.5)), p95Ms: r1(quantile(times, 0.95)), minMs: r1(quantile(times, 0)), maxMs: r1(quantile(times, 1)) });
  }
  return figures;
}
