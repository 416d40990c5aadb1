/**
 * npm run bench: how long a remediation takes end to end (parse -> plan -> apply -> verify -> notify) against the
 * embedded emulator, per scenario, over N runs; and the size of each deployment zip (after `npx serverless package`).
 * Figures include the emulator's own latency on loopback: compare them with each other, not with AWS.
 */
import { statSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../shared/aws/clients';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { runDoctor } from '../shared/doctor';
import { scheduledEvent } from '../shared/events/trigger';
import { handleEvent } from '../shared/pipeline';
import { alarmChain } from '../shared/remediations/alarms';
import { notificationChannel } from '../shared/remediations/notifications';
import { openIngress } from '../shared/remediations/open-ingress';
import { trailProtection } from '../shared/remediations/trail';
import type { Deps, Remediation } from '../shared/remediations/types';
import { putEntries } from '../shared/history/gates';
import { graceKey } from '../shared/history/keys';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHistoryTable } from './lib/emulator-history';
import { createGroup, ruleId, tcp } from './lib/emulator-ec2';
import { createTrail, prepareBaseline } from './lib/emulator-trail';
import { loadEvent, withIds } from './lib/events';
import { applyTopicBaseline } from './lib/emulator-sns';
import { createInbox } from './lib/inbox';
import { quietNodeVersionWarning } from './lib/cli';
import { EMULATOR_CREDENTIALS, startMoto } from './lib/moto';
import { PROJECT_ROOT } from './lib/serverless-config';

const RUNS = Number(process.argv[2] ?? '20');
const REGION = 'us-east-1';
logger.setLogLevel('SILENT');
quietNodeVersionWarning();

async function main(): Promise<void> {
  const moto = await startMoto();
  try {
    Object.assign(process.env, EMULATOR_CREDENTIALS, { AWS_ENDPOINT_URL: moto.url, AWS_REGION: REGION, POWERTOOLS_METRICS_DISABLED: 'true' });
    const inbox = await createInbox(new SNSClient({ region: REGION }), new SQSClient({ region: REGION }), 'bench-alerts', 'bench-ops');
    const baseline = await prepareBaseline('bench-trail', REGION);
    const deps = { config: loadConfig({ AWS_REGION: REGION, ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]), ...baseline }), clients: createClients() };
    const sns = new SNSClient({ region: REGION });
    await applyTopicBaseline(sns, deps.config.topic);
    const ec2 = new EC2Client({ region: REGION });
    const cloudtrail = new CloudTrailClient({ region: REGION });
    await createTrail(REGION, baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', { logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN, kmsKeyId: baseline.TRAIL_KMS_KEY_ID, prefix: baseline.TRAIL_S3_KEY_PREFIX });
    await handleEvent(alarmChain, scheduledEvent(deps.config.topic.account, REGION, { id: 'bench-bootstrap' }), deps);

    // The same, as deployed: with the history table (every result recorded; grace periods and exemptions read first).
    const table = await createHistoryTable(new DynamoDBClient({ region: REGION }), 'bench-history');
    const withHistory = { ...deps, config: { ...deps.config, historyTableName: table } };
    const place = { clients: deps.clients, table, region: REGION };
    const openGroup = async (name: string) => {
      const groupId = await createGroup(ec2, name, [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')]);
      const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
      return { groupId, event: withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr, '"eventID":"': `"eventID":"${name}-` }) };
    };

    const scenarios: { name: string; remediation?: Remediation; deps?: Deps; prepare: (i: number) => Promise<unknown> }[] = [
      {
        name: 'revoke one world-open rule (CloudTrail AuthorizeSecurityGroupIngress)',
        remediation: openIngress,
        prepare: async (i) => {
          const groupId = await createGroup(ec2, `bench-${i}`, [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')]);
          const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
          return withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });
        },
      },
      {
        name: 'the same, with the history table (result recorded, grace periods and exemptions read)',
        remediation: openIngress,
        deps: withHistory,
        prepare: async (i) => (await openGroup(`bench-history-${i}`)).event,
      },
      {
        name: 'the same, reopened in a grace period after an undo (report-mode preview, reported, nothing written)',
        remediation: openIngress,
        deps: withHistory,
        prepare: async (i) => {
          const { groupId, event } = await openGroup(`bench-grace-${i}`);
          const until = new Date(Date.now() + 3600_000).toISOString();
          await putEntries(place, graceKey(openIngress.id), [{ kind: 'grace', remediation: openIngress.id, target: groupId, until, by: 'bench', undoId: 'benchbench', reason: 'bench', at: until }]);
          return event;
        },
      },
      {
        name: 'restart a stopped trail (CloudTrail StopLogging)',
        remediation: trailProtection,
        prepare: async () => {
          await cloudtrail.send(new StopLoggingCommand({ Name: baseline.TRAIL_NAME }));
          return withIds(loadEvent('cloudtrail-stoplogging'), { 'stratus-red-team-ct-stop-trail-buykxbqejv': baseline.TRAIL_NAME ?? '' });
        },
      },
      {
        name: 'duplicate event, nothing to do (already compliant)',
        remediation: trailProtection,
        prepare: async () => withIds(loadEvent('cloudtrail-stoplogging'), { 'stratus-red-team-ct-stop-trail-buykxbqejv': baseline.TRAIL_NAME ?? '' }),
      },
      {
        name: 'recreate the deleted alerts topic, policy and subscriber (CloudTrail DeleteTopic)',
        remediation: notificationChannel,
        prepare: async () => {
          await sns.send(new DeleteTopicCommand({ TopicArn: inbox.topicArn }));
          return withIds(loadEvent('sns-deletetopic'), { 'arn:aws:sns:us-west-2:111122223333:hello-topic': inbox.topicArn, '"awsRegion":"us-west-2"': `"awsRegion":"${REGION}"` });
        },
      },
      {
        name: 'chain doctor, report only, whole chain (9 links, 18 CIS alarms: 14 CIS v1.2.0, 3 checker variants, CIS 4.15)',
        prepare: async () => undefined,
      },
    ];

    console.log(`chain-guard benchmark: ${RUNS} runs per scenario against moto on loopback (Node ${process.version})\n`);
    console.log('| scenario | min ms | median ms | p95 ms | max ms |');
    console.log('|---|---|---|---|---|');
    for (const scenario of scenarios) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const event = await scenario.prepare(i);
        const start = process.hrtime.bigint();
        if (scenario.remediation) await handleEvent(scenario.remediation, event, scenario.deps ?? deps);
        else if (!(await runDoctor(deps, { repair: false })).whole) throw new Error('bench: the chain doctor found a broken chain');
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      await inbox.drain();
      times.sort((a, b) => a - b);
      const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
      console.log(`| ${scenario.name} | ${at(0)} | ${at(0.5)} | ${at(0.95)} | ${at(1)} |`);
    }
    const dir = join(PROJECT_ROOT, '.serverless');
    if (existsSync(dir)) {
      console.log('\n| deployment zip | KiB |\n|---|---|');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.zip'))) console.log(`| ${file} | ${(statSync(join(dir, file)).size / 1024).toFixed(1)} |`);
    } else console.log('\n(run `npx serverless package` first to measure the deployment zips)');
  } finally {
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
