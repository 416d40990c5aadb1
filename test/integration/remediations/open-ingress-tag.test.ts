/**
 * The exemption tag against moto: off by default (anyone allowed ec2:CreateTags could exempt the group they opened),
 * honoured only when EXEMPT_TAG_KEY names it, which a deployment does with an SCP that lets admins alone write the key.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const ec2 = new EC2Client({ region: 'us-east-1' });
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `tag-alerts-${n}`, `tag-ops-${n}`);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...env });
const configEvent = (groupId: string) => withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

it('skips a group carrying the exemption tag named by EXEMPT_TAG_KEY (set with an SCP) and says so in the notification', async () => {
  const groupId = await createGroup(ec2, 'bastion', [tcp(22, '0.0.0.0/0')], { 'chain-guard:exempt': 'public bastion, ticket SEC-42' });

  const result = await handleEvent(openIngress, configEvent(groupId), deps({ EXEMPT_TAG_KEY: 'chain-guard:exempt' }));
  const [message] = await inbox.drain();

  expect(result.outcome).toBe('skipped');
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(message?.message).toContain('exempt by tag chain-guard:exempt=public bastion, ticket SEC-42');
});

it('revokes on a group carrying the chain-guard:exempt tag when no EXEMPT_TAG_KEY is set, saying the tag no longer exempts', async () => {
  const groupId = await createGroup(ec2, 'self-exempted', [tcp(22, '0.0.0.0/0')], { 'chain-guard:exempt': 'trust me' });

  const result = await handleEvent(openIngress, configEvent(groupId), deps());

  expect(result.outcome).toBe('remediated');
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
  expect(result.reason).toContain('carries the tag chain-guard:exempt, which no longer exempts');
});
