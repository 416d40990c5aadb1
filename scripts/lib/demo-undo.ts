/**
 * The demo's last story: a false positive is undone with npm run undo and stays undone. A partner's SFTP port is opened
 * on purpose; the backend revokes it; ops undo that; the undo's own AuthorizeSecurityGroupIngress call reaches the
 * backend again, which now reports (grace period) instead of revoking a second time.
 */
import { randomUUID } from 'node:crypto';
import { AuthorizeSecurityGroupIngressCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { addExemption } from '../../shared/history/exemptions';
import { readHistory } from '../../shared/history/read';
import { undoResult } from '../../shared/history/undo';
import { adminContext } from './admin';
import { createGroup, ingressSummary, ruleId, tcp } from './emulator-ec2';
import { loadEvent, withIds } from './events';
import { historyLine } from './history-format';
import { invokeEvent } from './invoke';

/** An exemption added as an admin would (npm run exemptions -- add ... --expires 30d). */
export async function exemptAsAdmin(groupId: string, reason: string): Promise<void> {
  const { place, by } = await adminContext('');
  await addExemption(place, { scope: 'resource', target: groupId, reason, until: '30d', by });
}

/** Tells the story; returns false when a step did not go as it must (the demo then fails). */
export async function undoStory(ec2: EC2Client, region: string, say: (text?: string) => void): Promise<boolean> {
  const groupId = await createGroup(ec2, 'partner-sftp', [tcp(22, '198.51.100.0/24')]);
  const opened = await ec2AuthorizeEvent(ec2, groupId);
  const show = async (): Promise<string> => (await ingressSummary(ec2, groupId)).join(' | ');
  say(`A. A partner's SFTP needs port 22 open to the world for a week (ticket OPS-77), and an engineer opens it on ${groupId}.`);
  const [fixed] = await invokeEvent(opened, { stage: 'demo', region });
  say(`   ${fixed?.function ?? '(none)'} -> ${fixed?.outcome.toUpperCase() ?? ''}: ${fixed?.reason ?? ''}`);
  say(`   now:    ${await show()}  (a false positive: the opening was intended)`);
  const id = fixed?.result?.historyId ?? '';
  say(`B. Ops run: npm run undo -- ${id}`);
  const { deps, place, by, account } = await adminContext('');
  const report = await undoResult(place, deps.clients, { id, by, account, reason: 'false positive: partner SFTP, ticket OPS-77', graceHours: deps.config.undoGraceHours });
  if (report.status === 'refused') {
    say(`   refused: ${report.why}`);
    return false;
  }
  say(`   ${report.status}: ${report.steps.map((s) => `${s.status} ${s.step.what}`).join('; ')}; grace period until ${report.graceUntil}`);
  say(`   now:    ${await show()}`);
  say('C. The undo is itself an AuthorizeSecurityGroupIngress call: CloudTrail delivers it to the backend too.');
  const [again] = await invokeEvent(await ec2AuthorizeEvent(ec2, groupId), { stage: 'demo', region });
  say(`   ${again?.function ?? '(none)'} -> ${again?.outcome.toUpperCase() ?? ''}: ${again?.reason ?? ''}`);
  say(`   now:    ${await show()}  (the undo stays undone)`);
  say(`D. npm run history -- --resource ${groupId}:`);
  for (const row of await readHistory(place, { resource: groupId })) say(`   ${historyLine(row)}`);
  return report.status === 'undone' && again?.outcome === 'reported' && (await show()).includes('0.0.0.0/0');
}

/** The CLI's AuthorizeSecurityGroupIngress event for the world-open rule of the group (authorized first, as the call did). */
async function ec2AuthorizeEvent(ec2: EC2Client, groupId: string): Promise<Record<string, unknown>> {
  const rules = await ingressSummary(ec2, groupId);
  if (!rules.includes('tcp 22-22 0.0.0.0/0')) await createRule(ec2, groupId);
  const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });
  const detail = event.detail as Record<string, unknown>;
  return { ...event, id: randomUUID(), detail: { ...detail, eventID: randomUUID() } };
}

async function createRule(ec2: EC2Client, groupId: string): Promise<void> {
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [tcp(22, '0.0.0.0/0')] }));
}
