/** The demo's security-group scenarios: world-open ingress in the shapes AWS records it, and what must stay. */
import { ConfigServiceClient, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import { ModifySecurityGroupRulesCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { createGroup, ingressSummary, ruleId, tcp } from './emulator-ec2';
import { loadEvent, withIds } from './events';
import type { Scenario } from './demo-scenario';

/** World-open ingress opened by the CLI, the console, a rule modification, found by Config and GuardDuty. */
export function ingressScenarios(ec2: EC2Client, exempt: (groupId: string, reason: string) => Promise<void>): Scenario[] {
  const show = (groupId: string) => async () => `${groupId}: ${(await ingressSummary(ec2, groupId)).join(' | ') || '(no ingress rules)'}`;
  return [
    {
      title: 'A developer opens SSH to the world from the CLI (AuthorizeSecurityGroupIngress with rule IDs)',
      async setup() {
        const groupId = await createGroup(ec2, 'web-frontend', [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')]);
        const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
        return { event: withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr }), state: show(groupId) };
      },
    },
    {
      title: 'Root opens SSH to 0.0.0.0/0 and ::/0 in the console (2021 event shape, no rule IDs)',
      async setup() {
        const groupId = await createGroup(ec2, 'console-admin', [tcp(22, '0.0.0.0/0', '::/0')]);
        return { event: withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId }), state: show(groupId) };
      },
    },
    {
      title: 'An attack tool opens port 22 with the legacy top-level CidrIp parameters',
      async setup() {
        const groupId = await createGroup(ec2, 'legacy-cidrip', [tcp(22, '0.0.0.0/0')]);
        return { event: withIds(loadEvent('ec2-authorize-sg-ingress-toplevel-cidrip'), { 'sg-003dc7f1f1c686164': groupId }), state: show(groupId) };
      },
    },
    {
      title: 'A private PostgreSQL rule is modified to 0.0.0.0/0 (ModifySecurityGroupRules)',
      async setup() {
        const groupId = await createGroup(ec2, 'database', [tcp(5432, '10.0.0.0/8')]);
        const sgr = await ruleId(ec2, groupId, 'tcp', 5432, '10.0.0.0/8');
        const change = { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '0.0.0.0/0' };
        await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: groupId, SecurityGroupRules: [{ SecurityGroupRuleId: sgr, SecurityGroupRule: change }] }));
        const event = withIds(loadEvent('ec2-modify-security-group-rules'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });
        const request = (event.detail as { requestParameters: { ModifySecurityGroupRulesRequest: { SecurityGroupRule: Record<string, unknown> } } }).requestParameters;
        request.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule = { Description: '', ...change };
        return { event, state: show(groupId) };
      },
    },
    {
      title: 'AWS Config finds a group failing restricted-ssh (the slow backstop: the whole group is checked)',
      async setup() {
        const groupId = await createGroup(ec2, 'forgotten', [tcp(22, '0.0.0.0/0'), tcp(3389, '0.0.0.0/0'), tcp(80, '0.0.0.0/0')]);
        // The rule itself, so that the fix is followed by its re-evaluation (the emulator checks the rule exists).
        const rule = { ConfigRuleName: 'restricted-ssh', Source: { Owner: 'AWS' as const, SourceIdentifier: 'INCOMING_SSH_DISABLED' }, Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] } };
        await new ConfigServiceClient({ region: await ec2.config.region() }).send(new PutConfigRuleCommand({ ConfigRule: rule }));
        return { event: withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId }), state: show(groupId) };
      },
    },
    {
      title: 'GuardDuty sees SSH brute force against an instance (only the attacked port is closed)',
      async setup() {
        const groupId = await createGroup(ec2, 'bastion-like', [tcp(22, '0.0.0.0/0'), tcp(8443, '203.0.113.0/24')]);
        const reservation = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SecurityGroupIds: [groupId] }));
        const instanceId = reservation.Instances?.[0]?.InstanceId ?? '';
        return { event: withIds(loadEvent('guardduty-ssh-bruteforce'), { 'sg-0225c1ef2723cd87d': groupId, 'i-081de1d7604b11e4a': instanceId }), state: show(groupId) };
      },
    },
    {
      title: 'A group an admin exempted (npm run exemptions -- add, reason and expiry in the history table) is opened to the world',
      async setup() {
        const groupId = await createGroup(ec2, 'public-sftp', [tcp(22, '0.0.0.0/0')]);
        await exempt(groupId, 'approved public SFTP, ticket SEC-1234');
        // Config's evaluation of another group: another event (the sample's id was used by an earlier scenario).
        const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId, 'c0bb891c-77fe-8518-14fc-be78b966f95b': 'c0bb891c-77fe-8518-14fc-be78b966f96c' });
        return { event, state: show(groupId) };
      },
    },
    {
      title: 'A failed AuthorizeSecurityGroupIngress call (errorCode present) arrives',
      async setup() {
        const groupId = await createGroup(ec2, 'untouched', [tcp(22, '0.0.0.0/0')]);
        const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId });
        Object.assign(event.detail as object, { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized', responseElements: null });
        return { event, state: async () => `${await show(groupId)()}  (not ours to judge: the call itself changed nothing)` };
      },
    },
    {
      title: 'A GuardDuty sample finding (CreateSampleFindings) arrives',
      async setup() {
        return { event: loadEvent('guardduty-iam-toripcaller-sample-finding'), state: async () => 'nothing to show: sample findings are never acted on' };
      },
    },
  ];
}
