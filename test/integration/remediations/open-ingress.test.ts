/** revoke-open-ingress against the moto emulator, driven by the real-world events. */
import { ownRoleIdentity } from '../../support/identity';
import { EC2Client, ModifySecurityGroupRulesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { InvalidEventError } from '../../../shared/errors';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { createGroup, ingressSummary, ruleId, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';

const region = 'us-east-1';
const ec2 = new EC2Client({ region });
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `alerts-${n}`, `ops-${n}`);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...env });

describe('CloudTrail AuthorizeSecurityGroupIngress', () => {
  it('revokes the world-open rule of a CLI event by its exact permission and keeps the private CIDR and port 443', async () => {
    const groupId = await createGroup(ec2, 'web', [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')]);
    const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.verified).toBe(true);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 10.0.0.0/8', 'tcp 443-443 0.0.0.0/0']);
    expect(result.actions).toEqual([expect.objectContaining({ status: 'done', params: { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } })]);
  });

  it('revokes both the IPv4 and the IPv6 world rule of a console event without rule IDs', async () => {
    const groupId = await createGroup(ec2, 'console', [tcp(22, '0.0.0.0/0', '::/0', '192.168.0.0/16')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 192.168.0.0/16']);
    expect(result.actions.map((a) => (a.before as { cidr: string }).cidr).sort()).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('revokes a rule opened with the legacy top-level cidrIp parameters', async () => {
    const groupId = await createGroup(ec2, 'legacy', [tcp(22, '0.0.0.0/0')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-toplevel-cidrip'), { 'sg-003dc7f1f1c686164': groupId, 'sgr-09b3e3d2ca1edf2a2': 'sgr-00000000000000000' });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });

  it('resolves the group from the response when the request names it by groupName only', async () => {
    const groupId = await createGroup(ec2, 'launch-wizard-3', [tcp(3389, '0.0.0.0/0')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-by-groupname'), { 'sg-0a1b2c3d4e5f67890': groupId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });

  it('resolves the group by name with DescribeSecurityGroups when the response has no rule set', async () => {
    const groupId = await createGroup(ec2, 'launch-wizard-7', [tcp(3389, '0.0.0.0/0'), tcp(3389, '10.1.0.0/16')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-by-groupname'), { 'launch-wizard-3': 'launch-wizard-7' });
    (event.detail as Record<string, unknown>).responseElements = { _return: true, requestId: 'r' };

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.resource.id).toBe(groupId);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 3389-3389 10.1.0.0/16']);
  });

  it('changes nothing for a failed call that carries an errorCode', async () => {
    const groupId = await createGroup(ec2, 'dup', [tcp(22, '0.0.0.0/0')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId });
    Object.assign(event.detail as object, { errorCode: 'Client.InvalidPermission.Duplicate', errorMessage: 'already exists', responseElements: null });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('ignored');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
    expect(await inbox.drain()).toEqual([]);
  });

  it('ignores an event caused by the backend own role (loop guard)', async () => {
    const groupId = await createGroup(ec2, 'self', [tcp(22, '0.0.0.0/0')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId });
    (event.detail as Record<string, unknown>).userIdentity = ownRoleIdentity('revoke-open-ingress');

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('ignored');
    expect(result.reason).toMatch(/loop guard/);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });
});

describe('CloudTrail ModifySecurityGroupRules', () => {
  it('revokes a rule that was modified to be open to the world', async () => {
    const groupId = await createGroup(ec2, 'modified', [tcp(22, '10.0.0.0/8')]);
    const sgr = await ruleId(ec2, groupId, 'tcp', 22, '10.0.0.0/8');
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: groupId, SecurityGroupRules: [{ SecurityGroupRuleId: sgr, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } }] }));
    const event = withIds(loadEvent('ec2-modify-security-group-rules'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });

  it('handles a list of modified rules and revokes only the world-open one', async () => {
    const groupId = await createGroup(ec2, 'modified-list', [tcp(22, '10.0.0.0/8'), tcp(5432, '10.0.0.0/8')]);
    const ssh = await ruleId(ec2, groupId, 'tcp', 22, '10.0.0.0/8');
    const pg = await ruleId(ec2, groupId, 'tcp', 5432, '10.0.0.0/8');
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: groupId, SecurityGroupRules: [{ SecurityGroupRuleId: pg, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '0.0.0.0/0' } }] }));
    const event = withIds(loadEvent('ec2-modify-security-group-rules'), { 'sg-0f63fecfa17ef4fee': groupId });
    const request = (event.detail as { requestParameters: { ModifySecurityGroupRulesRequest: Record<string, unknown> } }).requestParameters.ModifySecurityGroupRulesRequest;
    request.SecurityGroupRule = [
      { SecurityGroupRuleId: ssh, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' } },
      { SecurityGroupRuleId: pg, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '0.0.0.0/0' } },
    ];

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 10.0.0.0/8']);
  });
});

describe('Config compliance changes', () => {
  it('evaluates the whole group for restricted-ssh and keeps the authorized port 443', async () => {
    const groupId = await createGroup(ec2, 'config-ssh', [tcp(22, '0.0.0.0/0'), tcp(3389, '::/0'), tcp(443, '0.0.0.0/0'), tcp(8080, '172.16.0.0/12')]);
    const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 443-443 0.0.0.0/0', 'tcp 8080-8080 172.16.0.0/12']);
    expect(result.kept).toEqual([expect.objectContaining({ reason: expect.stringMatching(/authorized public port/) })]);
  });

  it('acts on a Security Hub service-linked rule in the event region on a first evaluation', async () => {
    const euWest2 = new EC2Client({ region: 'eu-west-2' });
    const groupId = await createGroup(euWest2, 'hub', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    const event = withIds(loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule'), { 'sg-0123456789abcdef0': groupId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.resource.region).toBe('eu-west-2');
    expect(await ingressSummary(euWest2, groupId)).toEqual([]);
  });

  it('honours AUTHORIZED_TCP_PORTS set to an empty list', async () => {
    const groupId = await createGroup(ec2, 'strict', [tcp(443, '0.0.0.0/0')]);
    const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

    const result = await handleEvent(openIngress, event, deps({ AUTHORIZED_TCP_PORTS: '' }));

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual([]);
  });
});

describe('GuardDuty findings', () => {
  async function instanceIn(groupIds: string[]): Promise<string> {
    const reservation = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SecurityGroupIds: groupIds }));
    return reservation.Instances?.[0]?.InstanceId ?? '';
  }

  it('revokes the world-open rule for the brute-forced SSH port and leaves other ports', async () => {
    const groupId = await createGroup(ec2, 'gd-ssh', [tcp(22, '0.0.0.0/0'), tcp(3389, '0.0.0.0/0')]);
    const instanceId = await instanceIn([groupId]);
    const event = withIds(loadEvent('guardduty-ssh-bruteforce'), { 'sg-0225c1ef2723cd87d': groupId, 'i-081de1d7604b11e4a': instanceId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.resource).toEqual(expect.objectContaining({ type: 'AWS::EC2::Instance', id: instanceId }));
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 3389-3389 0.0.0.0/0']);
  });

  it('revokes the probed ports in every group of the instance, including an all-traffic rule', async () => {
    const first = await createGroup(ec2, 'gd-probe-1', [tcp(22, '0.0.0.0/0'), tcp(80, '0.0.0.0/0')]);
    const second = await createGroup(ec2, 'gd-probe-2', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, tcp(9200, '0.0.0.0/0')]);
    const instanceId = await instanceIn([first, second]);
    const event = withIds(loadEvent('guardduty-portprobe-unprotected-port'), { 'sg-a534fcd9': first, 'sg-f736fe8b': second, 'i-036cb01d26bb09166': instanceId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, first)).toEqual(['tcp 80-80 0.0.0.0/0']);
    expect(await ingressSummary(ec2, second)).toEqual(['tcp 9200-9200 0.0.0.0/0']);
  });

  it('changes nothing for a GuardDuty sample finding', async () => {
    const event = loadEvent('guardduty-ssh-bruteforce');
    const service = (event.detail as { service: Record<string, unknown> }).service;
    service.additionalInfo = { sample: true };

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('ignored');
    expect(result.reason).toMatch(/sample finding/);
    expect(await inbox.drain()).toEqual([]);
  });

  it('changes nothing for a GuardDuty finding type it does not handle (real sample TorIPCaller finding)', async () => {
    const result = await handleEvent(openIngress, loadEvent('guardduty-iam-toripcaller-sample-finding'), deps());

    expect(result.outcome).toBe('ignored');
    expect(result.reason).toMatch(/does not handle GuardDuty findings of type UnauthorizedAccess:IAMUser\/TorIPCaller/);
    expect(await inbox.drain()).toEqual([]);
  });

  it('ignores a GuardDuty finding that is not about an exposed instance', async () => {
    const result = await handleEvent(openIngress, loadEvent('guardduty-iam-instance-credential-exfiltration'), deps());

    expect(result.outcome).toBe('ignored');
  });
});

describe('modes, exemptions, duplicates and notifications', () => {
  it('sends ops one actionable notification with the revoked rule, the actor and the undo command', async () => {
    const groupId = await createGroup(ec2, 'notify', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temp debug' }] }]);
    const sgr = await ruleId(ec2, groupId, 'tcp', 22, '0.0.0.0/0');
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });

    await handleEvent(openIngress, event, deps());
    const [message, ...others] = await inbox.drain();

    expect(others).toEqual([]);
    expect(message?.subject).toBe(`[REMEDIATED] Public ingress revoked on ${groupId} (111122223333 us-east-1)`);
    expect(message?.attributes).toEqual(expect.objectContaining({ outcome: 'remediated', severity: 'HIGH', account: '111122223333', region: 'us-east-1', resourceType: 'AWS::EC2::SecurityGroup', eventName: 'AuthorizeSecurityGroupIngress' }));
    expect(message?.message).toContain('dev-user (IAMUser');
    expect(message?.message).toContain('from 203.0.113.88');
    expect(message?.message).toContain(`tcp 22 from 0.0.0.0/0 ("temp debug") -> revoked`);
    expect(message?.message).toContain(`aws ec2 authorize-security-group-ingress --region us-east-1 --group-id ${groupId}`);
    expect(message?.message).toContain('"outcome": "remediated"');
  });

  it('does nothing the second time the same event arrives, and notifies once', async () => {
    const groupId = await createGroup(ec2, 'twice', [tcp(22, '0.0.0.0/0')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId });

    const first = await handleEvent(openIngress, event, deps());
    const second = await handleEvent(openIngress, event, deps());

    expect([first.outcome, second.outcome]).toEqual(['remediated', 'already-compliant']);
    expect(await inbox.drain()).toHaveLength(1);
  });

  it('writes nothing in report mode and says what it would have revoked', async () => {
    const groupId = await createGroup(ec2, 'report', [tcp(22, '0.0.0.0/0')]);
    const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

    const result = await handleEvent(openIngress, event, deps({ REMEDIATION_MODE: 'report' }));
    const [message] = await inbox.drain();

    expect(result.outcome).toBe('reported');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
    expect(message?.subject).toMatch(/^\[REPORTED\] Public ingress found on/);
    expect(message?.message).toContain('nothing was changed');
  });

  it('reports a group deleted before the event arrived as already compliant', async () => {
    const event = loadEvent('config-compliance-change-sg-restricted-ssh');

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('already-compliant');
    expect(result.reason).toMatch(/no longer exists/);
  });

  it('rejects a Config configuration-item event with a clear error and changes nothing', async () => {
    await expect(handleEvent(openIngress, loadEvent('config-configuration-item-change-sg'), deps())).rejects.toThrow(InvalidEventError);
  });
});
