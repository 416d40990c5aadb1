/** revoke-open-ingress when AWS misbehaves: throttling, access denied, NotFound races, failed verification, SNS down. */
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { AwsCallError, RemediationFailedError } from '../../../../shared/errors';
import { handleEvent } from '../../../../shared/pipeline';
import { openIngress } from '../../../../shared/remediations/open-ingress';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';
import { asGroup } from '../../../support/security-groups';

const GROUP = 'sg-0f63fecfa17ef4fee';
const RULE = 'sgr-027eb7c59241731e0';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';

const ec2Mock = mockClient(EC2Client);
const snsMock = mockClient(SNSClient);

const openSsh: SecurityGroupRule = { SecurityGroupRuleId: RULE, GroupId: GROUP, GroupOwnerId: '111122223333', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' };
const egress: SecurityGroupRule = { SecurityGroupRuleId: 'sgr-0e0e0e0e0e0e0e0e0', GroupId: GROUP, IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' };


const event = (): Record<string, unknown> => loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC }), clients: createClients({ maxAttempts: 1 }) });


beforeEach(() => {
  ec2Mock.reset();
  snsMock.reset();
  // The read, then the re-read after the revoke (a moto-like answer, without RevokedSecurityGroupRules).
  ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [openSsh, egress])] }).resolves({ SecurityGroups: [asGroup(GROUP, [egress])] });
  ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('throttling on RevokeSecurityGroupIngress', () => {
  beforeEach(() => {
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(awsError('RequestLimitExceeded', 'Rate exceeded'));
  });

  it('rejects with a RemediationFailedError whose result is failed', async () => {
    // Prepare
    const input = event();

    // Act
    const error = await rejectionOf(handleEvent(openIngress, input, deps()));

    // Assess
    expect(error).toBeInstanceOf(RemediationFailedError);
    expect(failedResult(error).outcome).toBe('failed');
  });

  it('names the throttling error code in the failed result', async () => {
    // Prepare
    const input = event();

    // Act
    const error = await rejectionOf(handleEvent(openIngress, input, deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ error: expect.stringContaining('RequestLimitExceeded') }));
  });

  it('publishes a [FAILED] notification with the failed outcome attribute before rejecting', async () => {
    // Prepare
    const input = event();

    // Act
    await rejectionOf(handleEvent(openIngress, input, deps()));

    // Assess
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: expect.stringMatching(/^\[FAILED\] /),
      MessageAttributes: expect.objectContaining({ outcome: { DataType: 'String', StringValue: 'failed' } }),
    });
  });

  it('tried to revoke the rule by its exact permission, never by the event\'s rule id', async () => {
    // Prepare
    const input = event();

    // Act
    await rejectionOf(handleEvent(openIngress, input, deps()));

    // Assess
    expect(ec2Mock).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
  });
});

describe('access denied', () => {
  it('fails and names UnauthorizedOperation when RevokeSecurityGroupIngress is denied', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('UnauthorizedOperation') }));
  });

  it('fails without any revoke when DescribeSecurityGroups is denied', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('DescribeSecurityGroups failed: UnauthorizedOperation') }));
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
  });
});

describe('the rule vanishes between read and revoke (NotFound race)', () => {
  beforeEach(() => {
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.'));
  });

  it('resolves as already compliant', async () => {
    // Prepare
    const input = event();

    // Act
    const result = await handleEvent(openIngress, input, deps());

    // Assess
    expect([result.outcome, result.verified]).toEqual(['already-compliant', true]);
  });

  it('records the revoke as already done by someone else', async () => {
    // Prepare
    const input = event();

    // Act
    const result = await handleEvent(openIngress, input, deps());

    // Assess
    expect(result.actions).toEqual([expect.objectContaining({ target: GROUP, before: expect.objectContaining({ summary: 'tcp 22 from 0.0.0.0/0' }), status: 'already-done' })]);
  });

  it('sends the revoke once, by exact permission (no rule ID of the event to retry)', async () => {
    // Prepare
    const input = event();

    // Act
    await handleEvent(openIngress, input, deps());

    // Assess
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => Object.keys(call.args[0].input).sort())).toEqual([['GroupId', 'IpPermissions']]);
  });

  it('sends no notification for an already-compliant result', async () => {
    // Prepare
    const input = event();

    // Act
    await handleEvent(openIngress, input, deps());

    // Assess
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });
});

describe('verification after the revoke', () => {
  it('fails when the re-read still lists the revoked rule', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [asGroup(GROUP, [openSsh, egress])] });

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('still present after revoke') }));
  });

  it('marks the action of a rule still present after revoke as failed', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [asGroup(GROUP, [openSsh, egress])] });

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error).actions).toEqual([expect.objectContaining({ status: 'failed', error: 'rule still present after revoke' })]);
  });

  it('remediates and verifies when the re-read no longer lists the rule', async () => {
    // Prepare
    const input = event();

    // Act
    const result = await handleEvent(openIngress, input, deps());

    // Assess
    expect([result.outcome, result.verified]).toEqual(['remediated', true]);
  });
});

describe('the group is gone', () => {
  beforeEach(() => {
    ec2Mock.on(DescribeSecurityGroupsCommand).rejects(awsError('InvalidGroup.NotFound', `The security group '${GROUP}' does not exist`));
  });

  it('resolves as already compliant and says the group no longer exists', async () => {
    // Prepare
    const input = event();

    // Act
    const result = await handleEvent(openIngress, input, deps());

    // Assess
    expect(result).toEqual(expect.objectContaining({ outcome: 'already-compliant', reason: expect.stringContaining(`${GROUP} no longer exists`) }));
  });

  it('revokes nothing', async () => {
    // Prepare
    const input = event();

    // Act
    await handleEvent(openIngress, input, deps());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
  });
});

describe('the notification cannot be sent', () => {
  beforeEach(() => {
    snsMock.on(PublishCommand).rejects(awsError('AuthorizationError', 'User is not authorized to perform: SNS:Publish'));
  });

  it('rejects after a successful revoke instead of losing the notification silently', async () => {
    // Prepare
    const input = event();

    // Act
    const error = await rejectionOf(handleEvent(openIngress, input, deps()));

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toMatch(/^Publish failed: AuthorizationError/);
  });

  it('had revoked the rule before the publish failed', async () => {
    // Prepare
    const input = event();

    // Act
    await rejectionOf(handleEvent(openIngress, input, deps()));

    // Assess
    expect(ec2Mock).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
  });
});
