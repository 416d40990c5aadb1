/**
 * npm run undo on a security-group revoke, against moto: the rules come back in their recorded shape, the undo is its
 * own history row, and the grace period makes the next event report instead of revoking again.
 */
import { CreateManagedPrefixListCommand, DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { TablePlace } from '../../../shared/history/gates';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { ADMIN, again, historyPlace, rows, tableKeys, undo } from '../../support/history';

const ec2 = new EC2Client({ region: 'us-east-1' });
let inbox: Inbox;
let place: TablePlace;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `undo-alerts-${n}`, `undo-ops-${n}`);
  place = await historyPlace();
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: place.table });
const configEvent = (groupId: string) => withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

/** The group's ingress rules with everything that makes a rule what it is (sources, description), sorted. */
async function shapes(groupId: string): Promise<string[]> {
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? [];
  return rules.filter((r) => !r.IsEgress).map((r) => `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId} "${r.Description ?? ''}"`).sort();
}

/** A group with an IPv4 rule, an IPv6 rule and a prefix-list rule open to the world on port 22, each with a description. */
async function openGroup(): Promise<string> {
  const pl = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: `world-${n}`, AddressFamily: 'IPv4', MaxEntries: 5, Entries: [{ Cidr: '0.0.0.0/0' }] }))).PrefixList?.PrefixListId ?? '';
  return createGroup(ec2, `bastion-${n}`, [
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'vendor support, ticket SEC-42' }], Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'vendor v6' }], PrefixListIds: [{ PrefixListId: pl, Description: 'vendor list' }] },
    tcp(443, '0.0.0.0/0'),
  ]);
}

it('re-authorizes every revoked rule in its recorded shape: IPv4, IPv6 and prefix list, with their descriptions', async () => {
  const groupId = await openGroup();
  const before = await shapes(groupId);
  const fixed = await handleEvent(openIngress, configEvent(groupId), deps());

  const report = await undo(place, fixed.historyId ?? '');

  expect(fixed.outcome).toBe('remediated');
  expect(report.status).toBe('undone');
  expect(await shapes(groupId)).toEqual(before);
});

it('reports instead of revoking when the rule is opened again during the grace period, naming who undid it and until when', async () => {
  const groupId = await openGroup();
  const fixed = await handleEvent(openIngress, configEvent(groupId), deps());
  await undo(place, fixed.historyId ?? '');
  await inbox.drain();

  const rerun = await handleEvent(openIngress, again(configEvent(groupId)), deps());
  const [notice] = await inbox.drain();

  expect(rerun.outcome).toBe('reported');
  expect(rerun.gate).toMatchObject({ kind: 'grace', target: groupId, by: ADMIN, undoId: fixed.historyId });
  expect((await shapes(groupId)).length).toBe(4);
  expect(notice?.message).toMatch(new RegExp(`Grace period until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: ${ADMIN} undid this remediation \\(npm run undo -- ${fixed.historyId ?? ''}\\)`));
});

it('revokes again once the grace period is over', async () => {
  const groupId = await openGroup();
  const fixed = await handleEvent(openIngress, configEvent(groupId), deps());
  await undo(place, fixed.historyId ?? '', { graceHours: 1, now: new Date(Date.now() - 2 * 3600_000) });

  const rerun = await handleEvent(openIngress, again(configEvent(groupId)), deps());

  expect(rerun.outcome).toBe('remediated');
  expect(await shapes(groupId)).toEqual(['tcp 443-443 0.0.0.0/0 ""']);
});

it('records the undo as its own history row, with who, what it undid and the grace period', async () => {
  const groupId = await openGroup();
  const fixed = await handleEvent(openIngress, configEvent(groupId), deps());

  const report = await undo(place, fixed.historyId ?? '');
  const undoRow = (await rows(place)).find((r) => r.kind === 'undo');

  expect(report.status === 'undone' && undoRow).toMatchObject({ id: report.status === 'undone' ? report.undoId : '', outcome: 'undone', undoes: fixed.historyId, actor: ADMIN, resource: groupId, graceUntil: report.status === 'undone' ? report.graceUntil : '' });
});

it('refuses to undo the same result twice, changing nothing', async () => {
  const groupId = await openGroup();
  const fixed = await handleEvent(openIngress, configEvent(groupId), deps());
  await undo(place, fixed.historyId ?? '');

  const second = await undo(place, fixed.historyId ?? '');

  expect(second).toMatchObject({ status: 'refused', why: expect.stringContaining(`was already undone`) });
});

it('refuses an id that names no result', async () => {
  const report = await undo(place, 'abcdefghjk');

  expect(report).toMatchObject({ status: 'refused', why: expect.stringContaining('no result with id abcdefghjk') });
});

it('holds back a function switched to enforce while the stack reports, during a grace period', async () => {
  const groupId = await openGroup();
  const enforcing = motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: place.table, REMEDIATION_MODE: 'report', REMEDIATION_SWITCHES: JSON.stringify({ 'revoke-open-ingress': 'enforce' }) });
  const fixed = await handleEvent(openIngress, configEvent(groupId), enforcing);
  await undo(place, fixed.historyId ?? '');

  const rerun = await handleEvent(openIngress, again(configEvent(groupId)), enforcing);

  expect([fixed.outcome, rerun.outcome]).toEqual(['remediated', 'reported']);
  expect((await shapes(groupId)).length).toBe(4);
});

it('refuses the undo of a result when the credentials are for another account, and writes nothing', async () => {
  const groupId = await openGroup();
  const fixed = await handleEvent(openIngress, configEvent(groupId), deps());
  const [rules, keys] = [await shapes(groupId), await tableKeys(place)];

  const report = await undo(place, fixed.historyId ?? '', { account: '444455556666' });

  expect(report).toEqual({ status: 'refused', why: expect.stringContaining('changed account 111122223333 (us-east-1), but these credentials are for account 444455556666: nothing was changed'), commands: expect.arrayContaining([expect.stringMatching(/^aws ec2 authorize-security-group-ingress /)]) });
  expect([await shapes(groupId), await tableKeys(place)]).toEqual([rules, keys]);
});
