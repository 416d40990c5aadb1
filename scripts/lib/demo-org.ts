/** The demo's organization scenario: a member account's event, repaired in that account through the member role. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { createGroup, ingressSummary, ruleId, tcp } from './emulator-ec2';
import { createTrustedRole, inAccount } from './emulator-org';
import { loadEvent, withIds } from './events';
import { EMULATOR_ACCOUNT } from './moto';
import type { Scenario } from './demo-scenario';

export const DEMO_MEMBER = '777788889999';
export const DEMO_MEMBER_REGION = 'eu-west-1';
export const DEMO_ORG_ENV = { ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-demo-external-id-4f1c', ORG_MEMBER_ROLE_NAME: 'chain-guard-demo-member', ACCOUNT_ID: EMULATOR_ACCOUNT };

/** SSH opened to the world in member account 777788889999, eu-west-1; the event reaches the central bus. */
export function orgScenarios(): Scenario[] {
  return [
    {
      title: `Organization mode: a developer opens SSH to the world in member account ${DEMO_MEMBER} (${DEMO_MEMBER_REGION}); its forwarding rule sends the call to the central bus`,
      async setup() {
        // The StackSet's member role (trusted here by the demo's own identity, standing in for the function's role).
        await createTrustedRole(DEMO_MEMBER, DEMO_ORG_ENV.ORG_MEMBER_ROLE_NAME, `arn:aws:iam::${EMULATOR_ACCOUNT}:root`, DEMO_ORG_ENV.ORG_EXTERNAL_ID);
        const ec2 = inAccount(new EC2Client({ region: DEMO_MEMBER_REGION }), DEMO_MEMBER);
        const groupId = await createGroup(ec2, 'member-web', [tcp(22, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')]);
        const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
        const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr, [EMULATOR_ACCOUNT]: DEMO_MEMBER, 'us-east-1': DEMO_MEMBER_REGION });
        return { event, state: async () => `account ${DEMO_MEMBER} ${DEMO_MEMBER_REGION} ${groupId}: ${(await ingressSummary(ec2, groupId)).join(' | ')}` };
      },
    },
  ];
}
