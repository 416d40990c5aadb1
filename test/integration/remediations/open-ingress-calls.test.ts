/**
 * revoke-open-ingress call sequences on moto, counted with an SDK middleware (a behaviour, not timing): an open group
 * is fixed in 4 calls including Publish (3 on AWS, whose RevokedSecurityGroupRules answer replaces the re-read), and an
 * already-compliant event costs 1 call. Notice-ledger calls (DynamoDB, only with HISTORY_TABLE_NAME) are counted apart.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ingressSummary, ruleId, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { countingClients } from '../../support/calls';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const ec2 = new EC2Client({ region });
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `alerts-c${n}`, `ops-c${n}`);
});

const counted = () => {
  const { clients, log } = countingClients();
  return { deps: motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn }, clients), log };
};
const cliEvent = (groupId: string, sgr: string) => withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });

describe('calls per event', () => {
  it('fixes one open group with DescribeSecurityGroups, the revoke, one re-read (DescribeSecurityGroups) and Publish', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'web', [tcp(22, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')]);
    const { deps, log } = counted();

    // Act
    await handleEvent(openIngress, cliEvent(groupId, await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0')), deps);

    // Assess
    expect(log.calls).toEqual(['EC2.DescribeSecurityGroups', 'EC2.RevokeSecurityGroupIngress', 'EC2.DescribeSecurityGroups', 'SNS.Publish']);
  });

  it('still fixes the group with those calls', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'web', [tcp(22, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')]);
    const { deps } = counted();

    // Act
    const result = await handleEvent(openIngress, cliEvent(groupId, await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0')), deps);

    // Assess
    expect([result.outcome, result.verified]).toEqual(['remediated', true]);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 443-443 0.0.0.0/0']);
  });

  it('revokes by exact permission, reading no rule IDs, when the event carries none (console)', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'console', [tcp(22, '0.0.0.0/0', '::/0')]);
    const { deps, log } = counted();

    // Act
    await handleEvent(openIngress, withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId }), deps);

    // Assess
    expect(log.calls).toEqual(['EC2.DescribeSecurityGroups', 'EC2.RevokeSecurityGroupIngress', 'EC2.DescribeSecurityGroups', 'SNS.Publish']);
  });

  it('settles an already-compliant event (a duplicate: the rule is gone) with one call', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'web', [tcp(22, '10.0.0.0/8')]);
    const { deps, log } = counted();

    // Act
    const result = await handleEvent(openIngress, cliEvent(groupId, 'sgr-0000000000000000a'), deps);

    // Assess
    expect([result.outcome, log.calls]).toEqual(['already-compliant', ['EC2.DescribeSecurityGroups']]);
  });
});
