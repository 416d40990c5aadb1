/** The history against moto: every result is a row, whatever the outcome; a duplicate delivery keeps the first one. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { TablePlace } from '../../../shared/history/gates';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ruleId, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { historyPlace, rows } from '../../support/history';

const ec2 = new EC2Client({ region: 'us-east-1' });
let inbox: Inbox;
let place: TablePlace;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `history-alerts-${n}`, `history-ops-${n}`);
  place = await historyPlace();
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: place.table });

async function authorizeEvent(): Promise<{ event: Record<string, unknown>; groupId: string }> {
  const groupId = await createGroup(ec2, `web-${n}`, [tcp(22, '0.0.0.0/0')]);
  const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
  return { event: withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr }), groupId };
}

it('records a fix with its event, time, place, resource, actor, trigger, outcome, exact before and after, and the notice sent', async () => {
  const { event, groupId } = await authorizeEvent();

  const result = await handleEvent(openIngress, event, deps());
  const [row, ...more] = await rows(place);

  expect(more).toEqual([]);
  expect(row).toMatchObject({ id: result.historyId, kind: 'result', outcome: 'remediated', account: '111122223333', region: 'us-east-1', resource: groupId, trigger: 'AuthorizeSecurityGroupIngress', notice: 'sent', remediation: 'revoke-open-ingress' });
  expect(row?.actor).toMatch(/^arn:aws:/);
  expect(row?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(row?.result?.trigger.eventId).toBe(result.trigger.eventId);
  expect(row?.result?.actions[0]).toMatchObject({ status: 'done', before: { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }, after: 'revoked' });
});

it('names the row in the notice: npm run undo -- <id> first, then the raw AWS CLI commands', async () => {
  const { event } = await authorizeEvent();

  const result = await handleEvent(openIngress, event, deps());
  const [notice] = await inbox.drain();
  const text = notice?.message.split('How to undo')[1] ?? '';

  expect(text.indexOf(`npm run undo -- ${result.historyId ?? '?'}`)).toBeGreaterThan(-1);
  expect(text.indexOf(`npm run undo -- ${result.historyId ?? '?'}`)).toBeLessThan(text.indexOf('aws ec2 authorize-security-group-ingress'));
});

it('records a result that sends no notice (already compliant), with the notice as none', async () => {
  const groupId = await createGroup(ec2, `closed-${n}`, [tcp(22, '10.0.0.0/8')]);
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

  await handleEvent(openIngress, event, deps());

  expect(await rows(place)).toEqual([expect.objectContaining({ outcome: 'already-compliant', notice: 'none', resource: groupId })]);
});

it('keeps the first row of a duplicate delivery, and sends no second notice', async () => {
  const { event } = await authorizeEvent();
  await handleEvent(openIngress, event, deps());

  const duplicate = await handleEvent(openIngress, event, deps());

  expect(duplicate.outcome).toBe('already-compliant');
  expect(await rows(place)).toEqual([expect.objectContaining({ outcome: 'remediated', notice: 'sent' })]);
  expect(await inbox.drain()).toHaveLength(1);
});
