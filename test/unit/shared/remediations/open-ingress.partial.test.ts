/**
 * revoke-open-ingress on a partial failure (some rules revoked, then throttled): the notice lists what was done, with
 * its undo, and what failed; and prefix-list reads (paged, denied).
 */
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { handleEvent } from '../../../../shared/pipeline';
import { openIngress } from '../../../../shared/remediations/open-ingress';
import type { Deps } from '../../../../shared/remediations/types';
import { loadEvent } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../../support/faults';
import { asGroup } from '../../../support/security-groups';

const GROUP = 'sg-0f63fecfa17ef4fee';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const PL = 'pl-0123456789abcdef0';

const ec2Mock = mockClient(EC2Client);
const snsMock = mockClient(SNSClient);

const open = (id: string, port: number, source: string): SecurityGroupRule => ({
  SecurityGroupRuleId: id,
  GroupId: GROUP,
  IsEgress: false,
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  ...(source.startsWith('pl-') ? { PrefixListId: source } : { CidrIpv4: source }),
});
const ssh = open('sgr-0000000000000000a', 22, '0.0.0.0/0');
const rdp = open('sgr-0000000000000000b', 3389, '0.0.0.0/0');
const pg = open('sgr-0000000000000000c', 5432, '0.0.0.0/0');

/** The Config event that puts the whole group in scope. */
const event = (): Record<string, unknown> => loadEvent('config-compliance-change-sg-restricted-ssh');
const deps = (): Deps => ({ config: testConfig({ ALERT_TOPIC_ARN: TOPIC }), clients: createClients({ maxAttempts: 1 }) });
const published = (): string => String(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '');
/** The readable text ops get by e-mail: the `default` body of the per-protocol message. */
const human = (message: string): string => (JSON.parse(message) as { default: string }).default;

beforeEach(() => {
  ec2Mock.reset();
  snsMock.reset();
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: GROUP, GroupName: 'web', Tags: [] }] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('two of three rules revoked, then throttled', () => {
  beforeEach(() => {
    // The batch revoke finds one rule already gone, so the rules are revoked one by one (by exact permission: a Config
    // event names no rule IDs): the third call is throttled.
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [ssh, rdp, pg])] }).resolves({ SecurityGroups: [asGroup(GROUP, [pg])] });
    ec2Mock
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.'))
      .resolvesOnce({ Return: true })
      .resolvesOnce({ Return: true })
      .rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));
  });

  it('ends failed with the two revokes done and the third failed', async () => {
    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error).actions.map((a) => [(a.before as { summary: string }).summary, a.status])).toEqual([
      ['tcp 22 from 0.0.0.0/0', 'done'],
      ['tcp 3389 from 0.0.0.0/0', 'done'],
      ['tcp 5432 from 0.0.0.0/0', 'failed'],
    ]);
  });

  it('says in the reason how many were revoked and that the rest may still be open', async () => {
    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ headline: `Public ingress only partly revoked on ${GROUP}`, reason: expect.stringMatching(/^Revoked 2 world-open ingress rule\(s\), but 1 could not be revoked and may still be open: .*RequestLimitExceeded/) }));
  });

  it('lists the two revoked rules in the notice with the undo command of each', async () => {
    // Act
    await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    const text = human(published());
    expect(text).toContain(`  - ${GROUP}: tcp 22 from 0.0.0.0/0 -> revoked -- world-open: 0.0.0.0/0 is all of IPv4 on 22/tcp`);
    expect(text).toContain(`  - ${GROUP}: tcp 3389 from 0.0.0.0/0 -> revoked`);
    expect(text.split('How to undo')[1]?.match(/aws ec2 authorize-security-group-ingress/g)).toHaveLength(2);
  });

  it('lists the throttled rule in the notice as failed, with what is still open', async () => {
    // Act
    await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(human(published())).toContain(`Failed:\n  - RevokeSecurityGroupIngress ${GROUP} (tcp 5432 from 0.0.0.0/0): RevokeSecurityGroupIngress failed: RequestLimitExceeded`);
  });
});

describe('one rule throttled in the middle', () => {
  it('goes on revoking the rules after it', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [ssh, rdp, pg])] }).resolves({ SecurityGroups: [asGroup(GROUP, [rdp])] });
    ec2Mock
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.'))
      .resolvesOnce({ Return: true })
      .rejectsOnce(awsError('RequestLimitExceeded', 'Request limit exceeded.'))
      .resolves({ Return: true });

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error).actions.map((a) => a.status)).toEqual(['done', 'failed', 'done']);
  });
});

describe('the batch revoke is throttled', () => {
  it('lists every rule of the batch as failed, each with what is still open', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [asGroup(GROUP, [ssh, rdp])] });
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error).actions).toEqual([
      expect.objectContaining({ target: GROUP, before: expect.objectContaining({ summary: 'tcp 22 from 0.0.0.0/0' }), status: 'failed', after: 'still open' }),
      expect.objectContaining({ target: GROUP, before: expect.objectContaining({ summary: 'tcp 3389 from 0.0.0.0/0' }), status: 'failed', after: 'still open' }),
    ]);
  });
});

describe('prefix lists', () => {
  it('reads every page of a prefix list and revokes a rule whose entries together cover IPv4', async () => {
    // Prepare
    const rule = open('sgr-0000000000000000d', 22, PL);
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [rule])] }).resolves({ SecurityGroups: [asGroup(GROUP, [])] });
    ec2Mock.on(GetManagedPrefixListEntriesCommand, { PrefixListId: PL, NextToken: undefined }).resolves({ Entries: [{ Cidr: '0.0.0.0/1' }], NextToken: 'page-2' });
    ec2Mock.on(GetManagedPrefixListEntriesCommand, { PrefixListId: PL, NextToken: 'page-2' }).resolves({ Entries: [{ Cidr: '128.0.0.0/1' }] });
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    // Act
    const result = await handleEvent(openIngress, event(), deps());

    // Assess
    expect(result.actions).toEqual([expect.objectContaining({ status: 'done', why: `world-open: prefix list ${PL} holds 0.0.0.0/1 + 128.0.0.0/1 (together all of IPv4) on 22/tcp` })]);
  });

  it('gives the undo command of a prefix-list rule with the prefix-list ID', async () => {
    // Prepare
    const rule = open('sgr-0000000000000000d', 22, PL);
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [asGroup(GROUP, [rule])] }).resolves({ SecurityGroups: [asGroup(GROUP, [])] });
    ec2Mock.on(GetManagedPrefixListEntriesCommand).resolves({ Entries: [{ Cidr: '0.0.0.0/0' }] });
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    // Act
    const result = await handleEvent(openIngress, event(), deps());

    // Assess
    expect(result.actions[0]?.undo).toContain(`"PrefixListIds":[{"PrefixListId":"${PL}"}]`);
  });

  it('fails without any revoke when the prefix list cannot be read', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [asGroup(GROUP, [open('sgr-0000000000000000d', 22, PL), ssh])] });
    ec2Mock.on(GetManagedPrefixListEntriesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

    // Act
    const error = await rejectionOf(handleEvent(openIngress, event(), deps()));

    // Assess
    expect(failedResult(error)).toEqual(expect.objectContaining({ outcome: 'failed', error: expect.stringContaining('GetManagedPrefixListEntries failed: UnauthorizedOperation') }));
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
  });
});
