/**
 * The Config loop's re-evaluation against the emulator, nothing mocked: the wrapper (scripts/emulator/moto_server.py)
 * accepts StartConfigRulesEvaluation for a rule that exists and refuses it, as AWS does, for one that does not.
 */
import { ConfigServiceClient, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createGroup, tcp } from '../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../scripts/lib/events';
import { createInbox, type Inbox } from '../../scripts/lib/inbox';
import { handleEvent } from '../../shared/pipeline';
import { openIngress } from '../../shared/remediations/open-ingress';
import { motoDeps, resetEmulator } from '../support/deps';

const region = 'us-east-1';
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `loop-alerts-${n}`, `loop-ops-${n}`);
});

async function restrictedSsh(): Promise<Record<string, unknown>> {
  const groupId = await createGroup(new EC2Client({ region }), 'web', [tcp(22, '0.0.0.0/0')]);
  return withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });
}

it('starts the re-evaluation of the rule that reported the fixed group', async () => {
  // Prepare
  await new ConfigServiceClient({ region }).send(new PutConfigRuleCommand({ ConfigRule: { ConfigRuleName: 'restricted-ssh', Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' } } }));
  const event = await restrictedSsh();

  // Act
  const result = await handleEvent(openIngress, event, motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn }));

  // Assess
  expect(result.followUps).toEqual([expect.objectContaining({ service: 'config', status: 'done' })]);
});

it('says the re-evaluation was refused when the rule is gone, and keeps the fix remediated', async () => {
  const event = await restrictedSsh();

  const result = await handleEvent(openIngress, event, motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn }));

  expect(result.outcome).toBe('remediated');
  expect(result.followUps).toEqual([expect.objectContaining({ service: 'config', status: 'failed', summary: expect.stringContaining('(NoSuchConfigRuleException)') })]);
});
