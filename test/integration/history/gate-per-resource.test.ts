/**
 * A grace period or an exemption holds back only the security group it is on: the hourly sweep and a GuardDuty finding
 * covering several groups still repair every other open group (moto, real event shapes).
 */
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import { putEntries, type TablePlace } from '../../../shared/history/gates';
import { graceKey } from '../../../shared/history/keys';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { ADMIN, exempt, historyPlace } from '../../support/history';

const region = 'us-east-1';
const ec2 = new EC2Client({ region });
let inbox: Inbox;
let place: TablePlace;
let held: string;
let other: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `gate-alerts-${n}`, `gate-ops-${n}`);
  place = await historyPlace();
  held = await createGroup(ec2, `held-${n}`, [tcp(22, '0.0.0.0/0')]);
  other = await createGroup(ec2, `other-${n}`, [tcp(3389, '0.0.0.0/0')]);
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: place.table });
const sweepEvent = () => scheduledEvent('111122223333', region, { id: `sweep-${n}`, rule: 'chain-guard-test-revoke-open-ingress-sweep' });

/** A grace period on `target`, as npm run undo writes it. */
async function grace(target: string): Promise<void> {
  const until = new Date(Date.now() + 3600_000).toISOString();
  await putEntries(place, graceKey(openIngress.id), [{ kind: 'grace', remediation: openIngress.id, target, until, by: ADMIN, undoId: 'abcdefghjk', reason: 'false positive', at: new Date().toISOString() }]);
}

it('sweeps every other group while one is exempt, leaving the exempt one open', async () => {
  await exempt(place, { scope: 'resource', target: held, reason: 'public SFTP, ticket SEC-1', until: '30d' });

  const result = await handleEvent(openIngress, sweepEvent(), deps());

  expect(await ingressSummary(ec2, other)).toEqual([]);
  expect(await ingressSummary(ec2, held)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(result.outcome).toBe('remediated');
});

it('sweeps every other group during one group\'s grace period, leaving that one open', async () => {
  await grace(held);

  const result = await handleEvent(openIngress, sweepEvent(), deps());

  expect(await ingressSummary(ec2, other)).toEqual([]);
  expect(await ingressSummary(ec2, held)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(result.kept).toContainEqual(expect.objectContaining({ target: held, reason: expect.stringMatching(/grace period on .* after undo abcdefghjk/) }));
});

it('repairs the other groups of a GuardDuty finding when one of its groups is exempt, and says which was held back', async () => {
  await exempt(place, { scope: 'resource', target: held, reason: 'bastion, ticket SEC-2', until: '30d' });
  other = await createGroup(ec2, `other-ssh-${n}`, [tcp(22, '0.0.0.0/0')]); // the finding is about port 22
  const reservation = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SecurityGroupIds: [held, other] }));
  const instanceId = reservation.Instances?.[0]?.InstanceId ?? '';
  const event = withIds(loadEvent('guardduty-ssh-bruteforce'), { 'sg-0225c1ef2723cd87d': held, 'i-081de1d7604b11e4a': instanceId }) as { detail: { resource: { instanceDetails: { networkInterfaces: { securityGroups: unknown[] }[] } } } };
  event.detail.resource.instanceDetails.networkInterfaces[0]?.securityGroups.push({ groupName: `other-ssh-${n}`, groupId: other });

  const result = await handleEvent(openIngress, event, deps());

  expect(await ingressSummary(ec2, other)).toEqual([]);
  expect(await ingressSummary(ec2, held)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(result).toMatchObject({ outcome: 'remediated', reason: expect.stringContaining(`${held} held back by exempt: ${held}`) });
});

it('still tells a finding on one exempt group as held back by the exemption', async () => {
  await exempt(place, { scope: 'resource', target: held, reason: 'bastion, ticket SEC-3', until: '30d' });
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': held });

  const result = await handleEvent(openIngress, event, deps());

  expect(result).toMatchObject({ outcome: 'skipped', gate: { kind: 'exemption', target: held, reason: 'bastion, ticket SEC-3' } });
});
