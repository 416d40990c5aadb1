/**
 * npm run checkers: what the CIS checkers say about an account's alerting chain before and after chain-guard repairs
 * it, on the embedded emulator. Prowler (pinned, .venv-prowler) runs for real against moto; Security Hub and Steampipe
 * cannot run there, so their ported logic (test/support/checkers) judges the same account state. Writes
 * bench/checkers.md. Not part of `npm test` (Prowler's install and runs take minutes; see that file).
 *
 * The account: the alerts topic with a subscriber, the baseline trail, and the 14 CIS v1.2.0 filters and alarms as
 * most CIS baselines ship them. Then it is broken: the trail stopped, validation and KMS off, management events
 * narrowed to writes; the root-usage alarm and filter deleted; the IAM-policy filter lost a clause. Then the chain
 * doctor repairs it (`npm run doctor -- --repair`, in-process).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, PutEventSelectorsCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DeleteMetricFilterCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { restoredAlarmInput, restoredFilterInput } from '../shared/baseline/alarm-drift';
import { CIS_V120_ALARMS } from '../shared/baseline/cis-alarms';
import { getConfig, resetConfig } from '../shared/config';
import { runDoctor } from '../shared/doctor';
import { defaultDeps, resetDefaultDeps } from '../shared/pipeline';
import { createClients } from '../shared/aws/clients';
import { PROWLER_CLOUDWATCH, prowlerCloudTrail } from '../test/support/checkers/prowler';
import { SECURITY_HUB_CLOUDTRAIL, SECURITY_HUB_CLOUDWATCH } from '../test/support/checkers/securityhub';
import { readAccountState, type AccountState, type PortedControl } from '../test/support/checkers/state';
import { STEAMPIPE_CLOUDWATCH, steampipeCloudTrail } from '../test/support/checkers/steampipe';
import { logsToFile } from './lib/cli';
import { checkersReport, type Phase } from './lib/checkers-report';
import { applyTopicBaseline } from './lib/emulator-sns';
import { createTrail, prepareBaseline } from './lib/emulator-trail';
import { createInbox } from './lib/inbox';
import { EMULATOR_CREDENTIALS, startMoto } from './lib/moto';
import { PROWLER, runProwler } from './lib/prowler';

const REGION = 'us-east-1';
const ROOT = join(__dirname, '..');
const logs = logsToFile('chain-guard-checkers');
const say = (text = ''): void => logs.out(`${text}\n`);

/** Every ported control, per checker, judged at `now`. */
function ported(now: Date): Record<string, readonly PortedControl[]> {
  return {
    prowler: [...PROWLER_CLOUDWATCH, ...prowlerCloudTrail(REGION, now)],
    securityhub: [...SECURITY_HUB_CLOUDWATCH, ...SECURITY_HUB_CLOUDTRAIL],
    steampipe: [...STEAMPIPE_CLOUDWATCH, ...steampipeCloudTrail(now)],
  };
}

async function phase(endpoint: string, name: string): Promise<Phase> {
  const now = new Date();
  const state: AccountState = await readAccountState(REGION);
  const judged = Object.fromEntries(Object.entries(ported(now)).map(([checker, controls]) => [checker, new Map(controls.map((c) => [c.id, c.judge(state)]))]));
  say(`${name}: running Prowler (${ported(now).prowler?.length} checks) against the emulator...`);
  const prowler = await runProwler(endpoint, REGION, (ported(now).prowler ?? []).map((c) => c.id));
  say(`  done in ${prowler.seconds.toFixed(0)} s`);
  return { name, prowler: prowler.verdicts, prowlerSeconds: prowler.seconds, ported: judged };
}

/** The 14 CIS v1.2.0 pairs as a hand-made baseline would have them, then the chain broken as an attacker would. */
async function breakChain(trailName: string): Promise<void> {
  const alarms = getConfig().alarms;
  if (!alarms) throw new Error('no alarm baseline configured');
  const logsClient = new CloudWatchLogsClient({ region: REGION });
  const cloudwatch = new CloudWatchClient({ region: REGION });
  for (const spec of CIS_V120_ALARMS) {
    await logsClient.send(new PutMetricFilterCommand(restoredFilterInput(alarms, spec)));
    await cloudwatch.send(new PutMetricAlarmCommand(restoredAlarmInput(alarms, spec, undefined)));
  }
  const cloudtrail = new CloudTrailClient({ region: REGION });
  await cloudtrail.send(new StopLoggingCommand({ Name: trailName }));
  await cloudtrail.send(new UpdateTrailCommand({ Name: trailName, EnableLogFileValidation: false, KmsKeyId: '' }));
  await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: trailName, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
  await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['CIS-3.3-RootAccountUsage'] }));
  await logsClient.send(new DeleteMetricFilterCommand({ logGroupName: alarms.logGroupName, filterName: 'RootAccountUsage' }));
  const iam = CIS_V120_ALARMS.find((s) => s.id === '3.4');
  if (!iam) return;
  // moto 5.2.5 keeps both filters when PutMetricFilter reuses a name (AWS replaces): delete it first.
  await logsClient.send(new DeleteMetricFilterCommand({ logGroupName: alarms.logGroupName, filterName: iam.name }));
  await logsClient.send(new PutMetricFilterCommand({ ...restoredFilterInput(alarms, iam), filterPattern: iam.pattern.replace('||($.eventName=DetachGroupPolicy)', '') }));
}

async function main(): Promise<void> {
  if (!existsSync(PROWLER)) throw new Error('Prowler is not installed: run `npm run setup:prowler` (or `npm run checkers`, which does)');
  const moto = await startMoto();
  try {
    Object.assign(process.env, EMULATOR_CREDENTIALS, { AWS_ENDPOINT_URL: moto.url, AWS_REGION: REGION, STAGE: 'checkers' });
    const inbox = await createInbox(new SNSClient({ region: REGION }), new SQSClient({ region: REGION }), 'chain-guard-checkers-alerts', 'ops-pager');
    Object.assign(process.env, { ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]) });
    const baseline = await prepareBaseline('org-security-trail', REGION);
    Object.assign(process.env, baseline);
    resetConfig();
    await applyTopicBaseline(new SNSClient({ region: REGION }), getConfig().topic);
    const trailName = baseline.TRAIL_NAME ?? '';
    await createTrail(REGION, trailName, baseline.TRAIL_S3_BUCKET ?? '', { prefix: baseline.TRAIL_S3_KEY_PREFIX, kmsKeyId: baseline.TRAIL_KMS_KEY_ID, logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN });
    await breakChain(trailName);
    const before = await phase(moto.url, 'before');
    say('Repairing with the chain doctor...');
    resetDefaultDeps();
    const report = await runDoctor(defaultDeps(createClients), { repair: true });
    say(`  chain ${report.whole ? 'whole' : 'STILL BROKEN'} after ${report.repairs.length} repair(s)`);
    const after = await phase(moto.url, 'after');
    const installSeconds = readInstallSeconds();
    const out = join(ROOT, 'bench', 'checkers.md');
    writeFileSync(out, checkersReport({ before, after, ported: ported(new Date()), installSeconds, date: new Date() }));
    say(`Wrote ${out} (handler logs: ${logs.path})`);
    if (!report.whole) throw new Error('the chain doctor left a link broken');
  } finally {
    await moto.stop();
  }
}

/** The pip install time scripts/setup-prowler.sh measured, when it installed. */
function readInstallSeconds(): number | undefined {
  const file = join(ROOT, '.venv-prowler', 'install-seconds');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

main().catch((error: unknown) => {
  logs.err(`checkers: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
