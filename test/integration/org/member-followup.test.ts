/** Organization mode and the Config loop: a member's Config rule is re-evaluated in the member account, not here. */
import { ConfigServiceClient, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { resetEmulator, testConfig } from '../../support/deps';
import { CENTRAL, ORG_ENV, centralMemberAccess, deployMemberRole, inAccount } from '../../support/org';

const MEMBER = '444455556666';
const REGION = 'eu-west-1';
let inbox: Inbox;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'org-loop-alerts', 'org-loop-ops');
});

it('fixes the member group and re-evaluates the rule that exists in the member account only', async () => {
  await deployMemberRole(MEMBER, 'revoke-open-ingress');
  const rule = { ConfigRuleName: 'restricted-ssh', Source: { Owner: 'AWS' as const, SourceIdentifier: 'INCOMING_SSH_DISABLED' } };
  await inAccount(new ConfigServiceClient({ region: REGION }), MEMBER).send(new PutConfigRuleCommand({ ConfigRule: rule }));
  const ec2 = inAccount(new EC2Client({ region: REGION }), MEMBER);
  const groupId = await createGroup(ec2, 'web', [tcp(22, '0.0.0.0/0')]);
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId, [CENTRAL]: MEMBER, 'us-east-1': REGION });
  const deps = { config: testConfig({ ALERT_TOPIC_ARN: inbox.topicArn, ...ORG_ENV }), clients: createClients(), members: await centralMemberAccess('revoke-open-ingress') };

  const result = await handleEvent(openIngress, event, deps);

  expect(result).toMatchObject({ outcome: 'remediated', resource: { account: MEMBER, region: REGION } });
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
  expect(result.followUps).toEqual([expect.objectContaining({ service: 'config', status: 'done' })]);
});
