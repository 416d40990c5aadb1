/** npm run history, undo and exemptions as people run them: child processes against the emulator, exit codes 0 / 1 / 2. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { TablePlace } from '../../../shared/history/gates';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import type { RemediationResult } from '../../../shared/remediations/result';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { runScript } from '../../support/cli';
import { motoDeps } from '../../support/deps';
import { copyToAccount, historyPlace, tableKeys } from '../../support/history';

const ec2 = new EC2Client({ region: 'us-east-1' });
let place: TablePlace;
let topicArn = '';
let groupId = '';
let fixed: RemediationResult;

beforeAll(async () => {
  topicArn = (await new SNSClient({ region: 'us-east-1' }).send(new CreateTopicCommand({ Name: 'history-cli-alerts' }))).TopicArn ?? '';
  place = await historyPlace();
  groupId = await createGroup(ec2, 'history-cli', [tcp(22, '0.0.0.0/0')]);
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });
  fixed = await handleEvent(openIngress, event, motoDeps({ ALERT_TOPIC_ARN: topicArn, HISTORY_TABLE_NAME: place.table }));
});

const run = (script: string, args: string[], env: Record<string, string | undefined> = {}) => runScript(script, args, { env: { ALERT_TOPIC_ARN: topicArn, HISTORY_TABLE_NAME: place.table, ...env } });

it('lists the history as JSON, filtered by resource and outcome', () => {
  const { code, stdout } = run('history', ['--resource', groupId, '--outcome', 'remediated', '--json']);

  expect(code).toBe(0);
  expect((JSON.parse(stdout) as { rows: unknown[] }).rows).toEqual([expect.objectContaining({ id: fixed.historyId, resource: groupId, outcome: 'remediated' })]);
});

it('refuses to run without HISTORY_TABLE_NAME, with exit code 2', () => {
  const { code, stderr } = run('history', [], { HISTORY_TABLE_NAME: undefined });

  expect(code).toBe(2);
  expect(stderr).toContain('HISTORY_TABLE_NAME is not set');
});

it('shows what an undo would re-open with --dry-run, and changes nothing', async () => {
  const { code, stdout } = run('undo', [fixed.historyId ?? '', '--dry-run']);

  expect(code).toBe(0);
  expect(stdout).toMatch(new RegExp(`AuthorizeSecurityGroupIngress +re-authorize .*0\\.0\\.0\\.0/0.* on ${groupId}`));
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
});

it('undoes a result by its id (exit 0), then refuses the same undo (exit 2)', async () => {
  const first = run('undo', [fixed.historyId ?? '', '--reason', 'false positive']);
  const second = run('undo', [fixed.historyId ?? '']);

  expect([first.code, second.code]).toEqual([0, 2]);
  expect(first.stdout).toMatch(/^Undone: revoke-open-ingress on sg-/);
  expect(second.stderr).toContain('was already undone');
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
});

it('adds, lists and removes an exemption, which needs a reason and an expiry', () => {
  const bad = run('exemptions', ['add', '--account', '111122223333']);
  const added = run('exemptions', ['add', '--account', '111122223333', '--reason', 'sandbox, SEC-7', '--expires', '7d']);
  const listed = run('exemptions', ['list', '--json']);
  const removed = run('exemptions', ['remove', '--account', '111122223333']);

  expect([bad.code, added.code, listed.code, removed.code]).toEqual([2, 0, 0, 0]);
  expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ scope: 'account', target: '111122223333', reason: 'sandbox, SEC-7', expired: false })]);
});

it('refuses (exit 2) to undo a result of another account than the credentials\', writing nothing, and prints its raw commands', async () => {
  const id = await copyToAccount(place, fixed.historyId ?? '', '444455556666');
  const rules = await ingressSummary(ec2, groupId);
  const keys = await tableKeys(place);

  const dry = run('undo', [id, '--dry-run']);
  const real = run('undo', [id]);

  expect([dry.code, real.code]).toEqual([2, 2]);
  expect(real.stderr).toContain(`${id} changed account 444455556666 (us-east-1), but these credentials are for account 111122223333: nothing was changed`);
  expect(real.stderr).toContain(`aws ec2 authorize-security-group-ingress --region us-east-1 --group-id ${groupId}`);
  expect([await ingressSummary(ec2, groupId), await tableKeys(place)]).toEqual([rules, keys]);
});
