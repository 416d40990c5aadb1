/** The demo's attacker scenarios: passing as the backend, and pointing it at another account. */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { createGroup, ingressSummary, tcp } from './emulator-ec2';
import { trailState } from './emulator-trail';
import { loadEvent, withIds } from './events';
import type { Scenario } from './demo-scenario';

const REGION = 'us-east-1';

/** A look-alike of the stack's role stops the trail; a member account's finding arrives at this (administrator) account. */
export function attackScenarios(ec2: EC2Client, trail: string): Scenario[] {
  const logging = async (): Promise<string> => `${trail}: ${(await trailState(REGION, trail)).logging ? 'LOGGING' : 'NOT LOGGING'}`;
  return [
    {
      title: 'An attacker creates a role named like the backend (chain-guard-demo-debug) and stops the trail with it',
      async setup() {
        await new CloudTrailClient({ region: REGION }).send(new StopLoggingCommand({ Name: trail }));
        const event = withIds(loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn'), { 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail': trail });
        const name = 'chain-guard-demo-debug';
        (event.detail as Record<string, unknown>).userIdentity = {
          type: 'AssumedRole',
          arn: `arn:aws:sts::111122223333:assumed-role/${name}/attacker`,
          accountId: '111122223333',
          sessionContext: { sessionIssuer: { type: 'Role', userName: name, arn: `arn:aws:iam::111122223333:role/${name}`, accountId: '111122223333' } },
        };
        return { event, state: logging };
      },
    },
    {
      title: 'GuardDuty reports SSH brute force on an instance of member account 444455556666 (delegated administrator)',
      async setup() {
        const groupId = await createGroup(ec2, 'same-name-here', [tcp(22, '0.0.0.0/0')]);
        const event = withIds(loadEvent('guardduty-ssh-bruteforce'), { 'sg-0225c1ef2723cd87d': groupId });
        event.id = 'b1d2c3e4-5f60-4a7b-8c9d-0e1f2a3b4c5d'; // another delivery than the demo's earlier SSH finding
        (event.detail as Record<string, unknown>).accountId = '444455556666';
        return { event, state: async () => `this account's ${groupId} (not the member's): ${(await ingressSummary(ec2, groupId)).join(' | ')}` };
      },
    },
  ];
}
