/**
 * What moto cannot show, so mocked (aws-sdk-client-mock): AWS answers RevokeSecurityGroupIngress with
 * RevokedSecurityGroupRules (moto omits it), which confirms the revoke without a re-read, and lists a permission it did
 * not find in UnknownIpPermissions instead of failing (moto fails with InvalidPermission.NotFound); and a throttled revoke
 * during the sweep fails the sweep's group and its summary.
 */
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { scheduledEvent } from '../../../../shared/events/trigger';
import { handleEvent } from '../../../../shared/pipeline';
import { openIngress } from '../../../../shared/remediations/open-ingress';
import type { Deps } from '../../../../shared/remediations/types';
import { sweepSecurityGroups } from '../../../../shared/sweep/security-groups';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';
import { asGroup } from '../../../support/security-groups';

const GROUP = 'sg-0f63fecfa17ef4fee';
const RULE = 'sgr-027eb7c59241731e0';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const ec2Mock = mockClient(EC2Client);
const snsMock = mockClient(SNSClient);
const openSsh: SecurityGroupRule = { SecurityGroupRuleId: RULE, GroupId: GROUP, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' };
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC }), clients: createClients({ maxAttempts: 1 }) });
const ec2Calls = (): string[] => ec2Mock.calls().map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));

beforeEach(() => {
  ec2Mock.reset();
  snsMock.reset();
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [asGroup(GROUP, [openSsh])] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('RevokedSecurityGroupRules in the answer', () => {
  it('confirms the revoke without a re-read: 2 EC2 calls, then Publish', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, RevokedSecurityGroupRules: [{ ...openSsh }] });

    // Act
    const result = await handleEvent(openIngress, loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), deps());

    // Assess
    expect([result.outcome, ec2Calls(), snsMock.commandCalls(PublishCommand).length]).toEqual(['remediated', ['DescribeSecurityGroups', 'RevokeSecurityGroupIngress'], 1]);
  });

  it('records the rule ID AWS names for the revoked content, not the ID the event gives', async () => {
    // Prepare: the event's response names this content with RULE; AWS revokes it and answers with its real ID
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, RevokedSecurityGroupRules: [{ ...openSsh, SecurityGroupRuleId: 'sgr-0a0a0a0a0a0a0a0a0' }] });

    // Act
    const result = await handleEvent(openIngress, loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), deps());

    // Assess
    expect(result.actions.map((a) => [a.target, a.status])).toEqual([[`${GROUP} sgr-0a0a0a0a0a0a0a0a0`, 'done']]);
    expect(ec2Mock).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
  });

  it('re-reads when the revoked rule AWS names is not the one planned, and fails if the planned one is still there', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, RevokedSecurityGroupRules: [{ ...openSsh, CidrIpv4: '10.0.0.0/8' }] });

    // Act
    const error = await rejectionOf(handleEvent(openIngress, loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), deps()));

    // Assess
    expect(failedResult(error).actions).toEqual([expect.objectContaining({ status: 'failed', error: 'rule still present after revoke' })]);
  });
});

describe('UnknownIpPermissions in the answer', () => {
  it('counts a rule revoked by permission that AWS did not find as already gone', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: false, UnknownIpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });

    // Act
    const result = await handleEvent(openIngress, loadEvent('config-compliance-change-sg-restricted-ssh'), deps());

    // Assess
    expect([result.outcome, result.actions.map((a) => a.status)]).toEqual(['already-compliant', ['already-done']]);
  });
});

describe('a throttled revoke during the sweep', () => {
  it('fails the group in the report, with the error', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));

    // Act
    const report = await sweepSecurityGroups({ account: '111122223333', region: 'us-east-1' }, deps());

    // Assess
    expect(report.groups).toEqual([expect.objectContaining({ groupId: GROUP, outcome: 'failed', error: expect.stringContaining('RequestLimitExceeded') })]);
  });

  it('fails a group whose revoke neither AWS confirmed nor a re-read could check', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [openSsh])] }).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    // Act
    const report = await sweepSecurityGroups({ account: '111122223333', region: 'us-east-1' }, deps());

    // Assess
    expect(report.groups).toEqual([expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('could not re-read the groups to verify the revokes') })]);
  });

  it('neither re-reads nor fails a group whose revoke AWS confirmed', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [openSsh])] }).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, RevokedSecurityGroupRules: [{ ...openSsh }] });

    // Act
    const report = await sweepSecurityGroups({ account: '111122223333', region: 'us-east-1' }, deps());

    // Assess
    expect([report.groups.map((g) => g.outcome), ec2Mock.commandCalls(DescribeSecurityGroupsCommand).length]).toEqual([['remediated'], 1]);
  });

  it('ends the scheduled run failed, so Lambda retries it and the failure pages once', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));

    // Act
    const error = await rejectionOf(handleEvent(openIngress, scheduledEvent('111122223333', 'us-east-1', { id: 'sweep-1' }), deps()));

    // Assess
    expect([failedResult(error).outcome, snsMock.commandCalls(PublishCommand).length]).toEqual(['failed', 1]);
  });
});
