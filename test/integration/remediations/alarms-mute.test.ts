/** restore-alarms and alarm mute rules against the moto emulator (mute rules: storage added by scripts/emulator/moto_server.py). */
import { CloudWatchClient, GetAlarmMuteRuleCommand, ListAlarmMuteRulesCommand, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { alarmChain } from '../../../shared/remediations/alarms';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { putAlarmMuteRuleEvent } from '../../support/alarm-events';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const LOG_GROUP = 'cloudtrail-log-group-test';
const NAME = 'CIS-3.1-UnauthorizedAPICalls';
const RULE = { Schedule: { Expression: 'cron(0 * * * ? *)', Duration: 'PT1H' } };
const cloudwatch = new CloudWatchClient({ region });
let inbox: Inbox;

const sweep = (id: string) => scheduledEvent('111122223333', region, { id, rule: 'chain-guard-test-restore-alarms-sweep', time: new Date('2026-11-23T00:00:00Z') });
const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ALARM_LOG_GROUP_NAME: LOG_GROUP });
const mute = (name: string, targets: string[], description?: string) => cloudwatch.send(new PutAlarmMuteRuleCommand({ Name: name, Rule: RULE, MuteTargets: { AlarmNames: targets }, ...(description ? { Description: description } : {}) }));
const ruleNames = async () => ((await cloudwatch.send(new ListAlarmMuteRulesCommand({}))).AlarmMuteRuleSummaries ?? []).map((s) => s.AlarmMuteRuleArn?.split(':').pop());

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), 'alarm-alerts', 'alarm-ops');
  await new CloudWatchLogsClient({ region }).send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
  await handleEvent(alarmChain, sweep('bootstrap-1'), deps());
  await inbox.drain();
});

it('deletes, on the sweep, a mute rule that mutes baseline alarms the alarms themselves show nothing of', async () => {
  await mute('maint', [NAME, 'CIS-3.3-RootAccountUsage']);

  const result = await handleEvent(alarmChain, sweep('sweep-2'), deps());

  expect(result).toMatchObject({ outcome: 'remediated', verified: true });
  expect(result.actions.map((a) => `${a.api} ${a.target}`)).toEqual(['DeleteAlarmMuteRule maint']);
  expect(await ruleNames()).toEqual([]);
});

it('rewrites, on the PutAlarmMuteRule event, a rule that also mutes the customer own alarm, keeping it muted', async () => {
  await mute('nightly', ['orders-cpu', NAME], 'backups');

  const result = await handleEvent(alarmChain, putAlarmMuteRuleEvent({ name: 'nightly', muteTargets: { alarmNames: ['orders-cpu', NAME] } }), deps());
  const after = await cloudwatch.send(new GetAlarmMuteRuleCommand({ AlarmMuteRuleName: 'nightly' }));

  expect(result.outcome).toBe('remediated');
  expect(after).toMatchObject({ Description: 'backups', Rule: RULE, MuteTargets: { AlarmNames: ['orders-cpu'] } });
});

it('leaves a rule that mutes only the customer own alarms, and reports the baseline in place', async () => {
  await mute('nightly', ['orders-cpu']);

  const result = await handleEvent(alarmChain, sweep('sweep-3'), deps());

  expect(result.outcome).toBe('already-compliant');
  expect(await ruleNames()).toEqual(['nightly']);
});
