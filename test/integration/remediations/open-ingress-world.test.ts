/**
 * revoke-open-ingress against the moto emulator: world-open means what the internet can reach. CIDRs that together
 * cover IPv4 on a port (over several rules and calls), managed prefix lists holding such CIDRs, and the optional
 * broadest public prefix.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RunInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
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
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `alerts-w${n}`, `ops-w${n}`);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...env });
const configEvent = (groupId: string): Record<string, unknown> => withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });
const range = (from: number, to: number, cidr: string): IpPermission => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [{ CidrIp: cidr }] });

async function prefixList(...cidrs: string[]): Promise<string> {
  const created = await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: `world-${n}`, AddressFamily: 'IPv4', MaxEntries: 10, Entries: cidrs.map((Cidr) => ({ Cidr })) }));
  return created.PrefixList?.PrefixListId ?? '';
}

/** The group's ingress sources as `tcp 22 pl-...` or `tcp 22 10.0.0.0/8`, sorted. */
async function sources(groupId: string): Promise<string[]> {
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? [];
  return rules.filter((r) => !r.IsEgress).map((r) => `${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId}`).sort();
}

describe('CIDRs that together cover IPv4', () => {
  it('revokes both halves of IPv4 on port 22 opened in two calls, from the event of the second', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'halves', [tcp(22, '0.0.0.0/1'), tcp(443, '0.0.0.0/0')]);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [tcp(22, '128.0.0.0/1')] }));
    const sgr = await ruleId(ec2, groupId, 'tcp', 22, '128.0.0.0/1');
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr, '0.0.0.0/0': '128.0.0.0/1' });

    // Act
    const result = await handleEvent(openIngress, event, deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 443-443 0.0.0.0/0']);
  });

  it('tells ops that the two halves together cover all of IPv4 on 22/tcp', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'halves-notice', [tcp(22, '0.0.0.0/1')]);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [tcp(22, '128.0.0.0/1')] }));
    const sgr = await ruleId(ec2, groupId, 'tcp', 22, '128.0.0.0/1');
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr, '0.0.0.0/0': '128.0.0.0/1' });

    // Act
    await handleEvent(openIngress, event, deps());
    const [message] = await inbox.drain();

    // Assess
    expect(message?.message).toContain('tcp 22 from 0.0.0.0/1 -> revoked -- world-open: 0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp');
    expect(message?.message).toContain('tcp 22 from 128.0.0.0/1 -> revoked -- world-open: 0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp');
  });

  it('revokes only the halves that meet on one port, not halves split over two ports', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'apart', [tcp(22, '0.0.0.0/1', '128.0.0.0/1'), tcp(3389, '0.0.0.0/1'), tcp(5432, '128.0.0.0/1')]);

    // Act
    const result = await handleEvent(openIngress, configEvent(groupId), deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 3389-3389 0.0.0.0/1', 'tcp 5432-5432 128.0.0.0/1']);
  });

  it('revokes a port range and the brute-forced port that together cover IPv4, and leaves the port not attacked', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'gd-halves', [range(0, 1024, '0.0.0.0/1'), tcp(22, '128.0.0.0/1'), tcp(3389, '0.0.0.0/0')]);
    const reservation = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SecurityGroupIds: [groupId] }));
    const instanceId = reservation.Instances?.[0]?.InstanceId ?? '';
    const event = withIds(loadEvent('guardduty-ssh-bruteforce'), { 'sg-0225c1ef2723cd87d': groupId, 'i-081de1d7604b11e4a': instanceId });

    // Act
    const result = await handleEvent(openIngress, event, deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 3389-3389 0.0.0.0/0']);
  });
});

describe('managed prefix lists', () => {
  it('revokes a rule whose prefix list holds 0.0.0.0/0 and says so', async () => {
    // Prepare
    const pl = await prefixList('0.0.0.0/0');
    const groupId = await createGroup(ec2, 'pl-world', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: pl }] }, tcp(22, '10.0.0.0/8')]);

    // Act
    const result = await handleEvent(openIngress, configEvent(groupId), deps());
    const [message] = await inbox.drain();

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await sources(groupId)).toEqual(['tcp 22 10.0.0.0/8']);
    expect(message?.message).toContain(`world-open: prefix list ${pl} holds 0.0.0.0/0 on 22/tcp`);
  });

  it('revokes a rule whose prefix list holds the two halves of IPv4', async () => {
    // Prepare
    const pl = await prefixList('0.0.0.0/1', '128.0.0.0/1');
    const groupId = await createGroup(ec2, 'pl-halves', [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, PrefixListIds: [{ PrefixListId: pl }] }]);

    // Act
    const result = await handleEvent(openIngress, configEvent(groupId), deps());

    // Assess
    expect(result.actions).toEqual([expect.objectContaining({ status: 'done', why: `world-open: prefix list ${pl} holds 0.0.0.0/1 + 128.0.0.0/1 (together all of IPv4) on 3306/tcp` })]);
    expect(await sources(groupId)).toEqual([]);
  });

  it('revokes the rule of a world prefix list and leaves the rule of an office prefix list', async () => {
    // Prepare
    const world = await prefixList('0.0.0.0/1', '128.0.0.0/1');
    n += 1000;
    const office = await prefixList('198.51.100.0/24', '203.0.113.0/24');
    const onPort22 = (PrefixListId: string): IpPermission => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId }] });
    const groupId = await createGroup(ec2, 'pl-office', [onPort22(world), onPort22(office)]);

    // Act
    const result = await handleEvent(openIngress, configEvent(groupId), deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await sources(groupId)).toEqual([`tcp 22 ${office}`]);
  });

  it('gives an undo command that puts the prefix-list rule back', async () => {
    // Prepare
    const pl = await prefixList('0.0.0.0/0');
    const groupId = await createGroup(ec2, 'pl-undo', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: pl, Description: 'vendor' }] }]);
    const result = await handleEvent(openIngress, configEvent(groupId), deps());
    const afterRevoke = await sources(groupId);
    const permissions = JSON.parse(/--ip-permissions '(.*)'$/.exec(result.actions[0]?.undo ?? '')?.[1] ?? '[]') as IpPermission[];

    // Act
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions }));

    // Assess
    expect([afterRevoke, await sources(groupId)]).toEqual([[], [`tcp 22 ${pl}`]]);
  });
});

describe('broadest public prefix', () => {
  it('revokes a public CIDR broader than INGRESS_BROADEST_PUBLIC_PREFIX_V4 and keeps a private one', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'broad', [tcp(22, '64.0.0.0/4', '10.0.0.0/8')]);

    // Act
    const result = await handleEvent(openIngress, configEvent(groupId), deps({ INGRESS_BROADEST_PUBLIC_PREFIX_V4: '8' }));

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 10.0.0.0/8']);
  });
});
