/** Exemptions in the history table, against moto: per resource and per account, with reason and expiry; expired ones ignored. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { listExemptions, removeExemption } from '../../../shared/history/exemptions';
import type { TablePlace } from '../../../shared/history/gates';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { ADMIN, exempt, historyPlace } from '../../support/history';

const ec2 = new EC2Client({ region: 'us-east-1' });
let inbox: Inbox;
let place: TablePlace;
let groupId: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `exempt-alerts-${n}`, `exempt-ops-${n}`);
  place = await historyPlace();
  groupId = await createGroup(ec2, `sftp-${n}`, [tcp(22, '0.0.0.0/0')]);
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: place.table });
const configEvent = () => withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

it('skips an exempted group, leaving it open, with the reason and expiry in the notice', async () => {
  await exempt(place, { scope: 'resource', target: groupId, reason: 'public SFTP, ticket SEC-1234', until: '30d' });

  const result = await handleEvent(openIngress, configEvent(), deps());
  const [notice] = await inbox.drain();

  expect(result.outcome).toBe('skipped');
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(notice?.message).toMatch(new RegExp(`Exemption until \\d{4}-[\\d-]+T[\\d:.]+Z on ${groupId}: "public SFTP, ticket SEC-1234" \\(added by ${ADMIN}\\)`));
});

it('skips every resource of an exempted account', async () => {
  await exempt(place, { scope: 'account', target: '111122223333', reason: 'sandbox account, ticket SEC-7', until: '12h' });

  const result = await handleEvent(openIngress, configEvent(), deps());

  expect(result).toMatchObject({ outcome: 'skipped', gate: { kind: 'exemption', target: 'account 111122223333' } });
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
});

it('ignores an expired exemption, and lists it as expired', async () => {
  await exempt(place, { scope: 'resource', target: groupId, reason: 'old', until: '1h' }, new Date(Date.now() - 2 * 3600_000));

  const result = await handleEvent(openIngress, configEvent(), deps());

  expect(result.outcome).toBe('remediated');
  expect(await listExemptions(place)).toEqual([expect.objectContaining({ target: groupId, expired: true })]);
});

it('remediates again once the exemption is removed', async () => {
  await exempt(place, { scope: 'resource', target: groupId, reason: 'temporary', until: '1d' });
  await removeExemption(place, 'resource', groupId);

  const result = await handleEvent(openIngress, configEvent(), deps());

  expect(result.outcome).toBe('remediated');
  expect(await listExemptions(place)).toEqual([]);
});

it('refuses an exemption without a reason, or without an expiry in the next year', async () => {
  await expect(exempt(place, { scope: 'resource', target: groupId, reason: '', until: '30d' })).rejects.toThrow(/needs a reason/);
  await expect(exempt(place, { scope: 'resource', target: groupId, reason: 'forever', until: '2000d' })).rejects.toThrow(/more than 366 days/);
  expect(await listExemptions(place)).toEqual([]);
});
