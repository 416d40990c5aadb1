/**
 * npm run demo: starts the embedded moto emulator, builds a drifted account, sends real-world events through the
 * same path as `npm run remediate` (serverless.yml patterns -> handlers), and shows what was found, what was done,
 * and the SNS messages ops received. Stops the emulator at the end.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHistoryTable } from './lib/emulator-history';
import { EC2Client, ModifySecurityGroupRulesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { DeleteTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient, SetTopicAttributesCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { samePolicy, topicPolicy } from '../shared/baseline/topic';
import { CIS_ALARMS } from '../shared/baseline/cis-alarms';
import { logGroupNameOfArn } from '../shared/baseline/trail';
import { getConfig, resetConfig } from '../shared/config';
import { formatReport, runDoctor } from '../shared/doctor';
import { scheduledEvent } from '../shared/events/trigger';
import { logger } from '../shared/logger';
import { defaultDeps, resetDefaultDeps } from '../shared/pipeline';
import { createClients } from '../shared/aws/clients';
import { CloudTrailClient, DeleteTrailCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DeleteMetricFilterCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createGroup, ingressSummary, ruleId, tcp } from './lib/emulator-ec2';
import { createTrail, prepareBaseline, trailState } from './lib/emulator-trail';
import { loadEvent, withIds } from './lib/events';
import { applyTopicBaseline } from './lib/emulator-sns';
import { createInbox } from './lib/inbox';
import { invokeEvent } from './lib/invoke';
import { attackScenarios } from './lib/demo-attacks';
import { backstopScenarios } from './lib/demo-backstops';
import { ingressScenarios } from './lib/demo-ingress';
import { DEMO_ORG_ENV, orgScenarios } from './lib/demo-org';
import { exemptAsAdmin, undoStory } from './lib/demo-undo';
import type { Scenario } from './lib/demo-scenario';
import { EMULATOR_ACCOUNT, EMULATOR_CREDENTIALS, startMoto } from './lib/moto';
import { logsToFile } from './lib/cli';

const REGION = 'us-east-1';
// The handlers' JSON logs would drown the story: they go to a file, named at the end.
const logs = logsToFile('chain-guard-demo');
const say = (text = ''): void => logs.out(`${text}\n`);
if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel('INFO');

async function main(): Promise<void> {
  say('chain-guard demo: remediation on the embedded AWS emulator (moto)\n');
  const moto = await startMoto();
  try {
    Object.assign(process.env, EMULATOR_CREDENTIALS, { AWS_ENDPOINT_URL: moto.url, AWS_REGION: REGION, STAGE: 'demo' });
    const ec2 = new EC2Client({ region: REGION });
    const inbox = await createInbox(new SNSClient({ region: REGION }), new SQSClient({ region: REGION }), 'chain-guard-demo-alerts', 'ops-pager');
    // A second region's topic: where notices about the alerts topic itself also go.
    const fallback = await createInbox(new SNSClient({ region: 'us-west-2' }), new SQSClient({ region: 'us-west-2' }), 'chain-guard-demo-fallback', 'ops-fallback');
    // As deployed: every notice is recorded in the history table before it is published (at least once).
    const historyTable = await createHistoryTable(new DynamoDBClient({ region: REGION }), 'chain-guard-demo-history');
    Object.assign(process.env, {
      HISTORY_TABLE_NAME: historyTable,
      ALERT_TOPIC_ARN: inbox.topicArn,
      ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]),
      ALERT_FALLBACK_TOPIC_ARN: fallback.topicArn,
      // Organization mode: member accounts' events are repaired there through the member role.
      ...DEMO_ORG_ENV,
    });
    // As the deployed stack would: the baseline topic policy (Deny on tampering) and display name.
    await applyTopicBaseline(new SNSClient({ region: REGION }), getConfig().topic);
    say(`Emulator on ${moto.url}; alerts topic ${inbox.topicArn} (baseline policy), read back through its SQS`);
    say(`subscriber; fallback topic ${fallback.topicArn}.\n`);

    const baseline = await prepareBaseline('org-security-trail', REGION);
    Object.assign(process.env, baseline);
    await createTrail(REGION, baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', {
      prefix: baseline.TRAIL_S3_KEY_PREFIX,
      kmsKeyId: baseline.TRAIL_KMS_KEY_ID,
      logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN,
      roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN,
    });
    say(`Baseline trail ${baseline.TRAIL_NAME} (multi-region, validated, KMS-encrypted, delivering to CloudWatch Logs) is logging.\n`);

    const logGroup = logGroupNameOfArn(baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN) ?? '';
    const scenarios = [...trailScenarios(baseline.TRAIL_NAME ?? ''), ...alarmScenarios(logGroup), ...topicScenarios(inbox.topicArn), ...ingressScenarios(ec2, exemptAsAdmin), ...backstopScenarios(), ...attackScenarios(ec2, baseline.TRAIL_NAME ?? ''), ...orgScenarios()];
    let failed = 0;
    for (const [index, scenario] of scenarios.entries()) {
      say(`${index + 1}. ${scenario.title}`);
      const { event, state } = await scenario.setup();
      say(`   found:  ${await state()}`);
      for (const line of await invokeEvent(event as Record<string, unknown>, { stage: 'demo', region: REGION })) {
        if (line.outcome === 'failed') failed += 1;
        say(`   ${line.function ?? '(no rule matches)'} -> ${line.outcome.toUpperCase()}: ${line.reason ?? ''}`);
      }
      say(`   now:    ${await state()}\n`);
    }

    const messages = await inbox.drain();
    say(`Ops received ${messages.length} SNS message(s):\n`);
    for (const message of messages) {
      const [human = '', json = ''] = message.message.split('\n--- machine-readable result ---\n');
      say(`  Subject: ${message.subject}`);
      say(`  Attributes: ${Object.entries(message.attributes).map(([k, v]) => `${k}=${v}`).join(', ')}`);
      say(human.split('\n').map((l) => `  | ${l}`).join('\n'));
      say(`  | --- machine-readable result (${json.length} characters of JSON) ---\n`);
    }
    const backup = await fallback.drain();
    say(`The fallback topic received ${backup.length} message(s), the ones about the alerts channel itself:`);
    for (const message of backup) say(`  Subject: ${message.subject}`);
    if (failed > 0) throw new Error(`${failed} remediation(s) failed`);
    say('\nDone: the trail was restarted, restored and recreated; the CIS alarms and the alerts topic were put back;');
    say('every world-open rule was revoked while authorized and private rules stayed; ignored events changed nothing;');
    say('a look-alike of the backend\'s role was acted on; a member account without the member role got ACTION NEEDED and');
    say('nothing changed anywhere, and one with it was repaired in its own account and region.\n');

    say('The chain doctor (npm run doctor) on the repaired account:\n');
    resetConfig();
    resetDefaultDeps();
    const report = await runDoctor(defaultDeps(createClients), { repair: true });
    say(formatReport(report).split('\n').map((l) => `  ${l}`).join('\n'));
    if (!report.whole) throw new Error('the chain doctor found a broken link after the repairs');

    say('\nFinally, an undo that sticks (README, "Operations"):\n');
    await inbox.drain();
    if (!(await undoStory(ec2, REGION, say))) throw new Error('the undo did not stay undone');
    say(`   Ops received: ${(await inbox.drain()).map((m) => m.subject).join(' / ')}`);
  } finally {
    await moto.stop();
  }
}

function trailScenarios(name: string): Scenario[] {
  const cloudtrail = new CloudTrailClient({ region: REGION });
  const state = async (): Promise<string> => {
    try {
      const { trail, logging } = await trailState(REGION, name);
      const flags = [logging ? 'LOGGING' : 'NOT LOGGING', trail?.IsMultiRegionTrail ? 'multi-region' : 'single-region', trail?.LogFileValidationEnabled ? 'validation on' : 'validation OFF', trail?.KmsKeyId ? 'KMS on' : 'KMS OFF', trail?.CloudWatchLogsLogGroupArn ? 'to CloudWatch Logs' : 'no CloudWatch Logs'];
      return `${name}: ${flags.join(', ')}`;
    } catch {
      return `${name}: DOES NOT EXIST`;
    }
  };
  const rename = (event: Record<string, unknown>, from: string) => withIds(event, { [from]: name });
  return [
    {
      title: 'An attacker stops the baseline trail (StopLogging): every CloudTrail-driven rule goes blind',
      async setup() {
        await cloudtrail.send(new StopLoggingCommand({ Name: name }));
        return { event: rename(loadEvent('cloudtrail-stoplogging'), 'stratus-red-team-ct-stop-trail-buykxbqejv'), state };
      },
    },
    {
      title: 'Someone turns off log file validation and KMS encryption and points the trail at another bucket in the console (UpdateTrail)',
      async setup() {
        await cloudtrail.send(new UpdateTrailCommand({ Name: name, EnableLogFileValidation: false, KmsKeyId: '', S3BucketName: 'test-cloudtrail-bucket' }));
        const event = withIds(loadEvent('cloudtrail-updatetrail'), { 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail': name, '"awsRegion":"us-west-2"': '"awsRegion":"us-east-1"' });
        return { event, state };
      },
    },
    {
      title: 'The baseline trail is deleted (DeleteTrail)',
      async setup() {
        await cloudtrail.send(new DeleteTrailCommand({ Name: name }));
        return { event: rename(loadEvent('cloudtrail-deletetrail'), 'stratus-red-team-cloudtraild-trail-kvrwohmiai'), state };
      },
    },
  ];
}

function alarmScenarios(logGroup: string): Scenario[] {
  const logs = new CloudWatchLogsClient({ region: REGION });
  const cloudwatch = new CloudWatchClient({ region: REGION });
  const state = async (): Promise<string> => {
    const filters = (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: logGroup }))).metricFilters ?? [];
    const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'CIS-' }))).MetricAlarms ?? [];
    const armed = alarms.filter((a) => a.ActionsEnabled && (a.AlarmActions ?? []).includes(process.env.ALERT_TOPIC_ARN ?? '')).length;
    return `${logGroup}: ${new Set(filters.map((f) => f.filterName)).size}/${CIS_ALARMS.length} CIS metric filters, ${alarms.length}/${CIS_ALARMS.length} alarms (${armed} notifying the alerts topic)`;
  };
  const bootstrap = scheduledEvent(EMULATOR_ACCOUNT, REGION, { id: 'demo-bootstrap', rule: 'chain-guard-demo-restore-alarms-sweep' });
  return [
    {
      title: 'Bootstrap: the CIS 3.1-3.14 filters and alarms (and the checker variants) are created on the trail log group (npm run remediate -- events/restore-alarms.bootstrap.json)',
      setup: async () => ({ event: bootstrap, state }),
    },
    {
      title: 'Someone deletes the CIS 3.1 alarm and the UnauthorizedAPICalls filter (DeleteAlarms, DeleteMetricFilter)',
      async setup() {
        await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['CIS-3.1-UnauthorizedAPICalls'] }));
        await logs.send(new DeleteMetricFilterCommand({ logGroupName: logGroup, filterName: 'UnauthorizedAPICalls' }));
        const event = withIds(loadEvent('cloudwatch-deletealarms'), { 'cpu-mon': 'CIS-3.1-UnauthorizedAPICalls' });
        return { event, state };
      },
    },
    {
      title: '... and the DeleteMetricFilter event for the filter arrives',
      setup: async () => ({ event: withIds(loadEvent('logs-deletemetricfilter'), { 'cloudtrail-log-group-test': logGroup }), state }),
    },
  ];
}

function topicScenarios(topicArn: string): Scenario[] {
  const sns = new SNSClient({ region: REGION });
  const state = async (): Promise<string> => {
    try {
      const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
      const subscriptions = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
      const policy = samePolicy(attributes.Policy, JSON.stringify(topicPolicy(getConfig().topic))) ? 'baseline policy' : 'POLICY CHANGED';
      return `topic exists, ${policy}, subscribers: ${subscriptions.map((s) => s.Protocol).join(', ') || 'NONE'}`;
    } catch {
      return 'topic DOES NOT EXIST';
    }
  };
  const onTopic = (event: Record<string, unknown>, from: string) => withIds(event, { [from]: topicArn, '"awsRegion":"us-west-2"': `"awsRegion":"${REGION}"`, '"region":"us-west-2"': `"region":"${REGION}"` });
  return [
    {
      title: 'Someone with SetTopicAttributes replaces the alerts topic policy (opening it, dropping the Deny)',
      async setup() {
        const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:*', Resource: topicArn }] });
        await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: open }));
        const event = onTopic(loadEvent('sns-deletetopic'), 'arn:aws:sns:us-west-2:111122223333:hello-topic');
        Object.assign((event as { detail: Record<string, unknown> }).detail, { eventName: 'SetTopicAttributes', requestParameters: { topicArn, attributeName: 'Policy', attributeValue: open } });
        return { event, state };
      },
    },
    {
      title: 'The ops queue is unsubscribed from the alerts topic (real Unsubscribe event)',
      async setup() {
        const subscription = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions?.[0]?.SubscriptionArn ?? '';
        await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription }));
        return { event: onTopic(loadEvent('sns-unsubscribe'), 'arn:aws:sns:us-west-2:111122223333:security-alerts'), state };
      },
    },
    {
      title: 'The alerts topic itself is deleted (real DeleteTopic event): who tells ops?',
      async setup() {
        await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
        return { event: onTopic(loadEvent('sns-deletetopic'), 'arn:aws:sns:us-west-2:111122223333:hello-topic'), state };
      },
    },
  ];
}

main().then(
  () => {
    say(`\nThe handlers' logs (Powertools JSON): ${logs.path}`);
    process.exit(0);
  },
  (error: unknown) => {
    logs.err(`demo failed: ${(error as Error).stack ?? String(error)}\nThe handlers' logs (Powertools JSON): ${logs.path}\n`);
    process.exit(1);
  },
);
