/**
 * A made-up event (invoked directly, or a finding someone could write) that pairs a world-open rule's content with the
 * rule ID of another, private rule: the revoke goes by the content AWS's own read gives, never by the event's ID, so
 * the private rule survives and the world-open one is revoked. On moto, with the real-world event shapes.
 */
import { EC2Client, ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, ingressRules, ingressSummary, ruleId, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const ec2 = new EC2Client({ region });
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `alerts-f${n}`, `ops-f${n}`);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...env });
/** The CLI event whose response names `tcp 22 from 0.0.0.0/0` in `groupId` with the rule ID `sgr`. */
const cliEvent = (groupId: string, sgr: string) => withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });
const ids = async (groupId: string): Promise<string[]> => (await ingressRules(ec2, groupId)).map((r) => r.SecurityGroupRuleId ?? '');

describe('an AuthorizeSecurityGroupIngress event naming world-open content with a private rule\'s ID', () => {
  it('keeps the private rule of the same group and revokes the world-open one', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'forged-same', [tcp(22, '0.0.0.0/0'), tcp(5432, '10.0.0.0/8')]);
    const privateRule = await ruleId(ec2, groupId, 'tcp', 5432, '10.0.0.0/8');

    // Act
    const result = await handleEvent(openIngress, cliEvent(groupId, privateRule), deps());

    // Assess
    expect([result.outcome, result.verified]).toEqual(['remediated', true]);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 5432-5432 10.0.0.0/8']);
    expect(await ids(groupId)).toEqual([privateRule]);
  });

  it('keeps the private rule of another group and revokes the world-open one of the event\'s group', async () => {
    // Prepare
    const openGroup = await createGroup(ec2, 'forged-open', [tcp(22, '0.0.0.0/0')]);
    const privateGroup = await createGroup(ec2, 'forged-private', [tcp(22, '10.0.0.0/8')]);
    const privateRule = await ruleId(ec2, privateGroup, 'tcp', 22, '10.0.0.0/8');

    // Act
    const result = await handleEvent(openIngress, cliEvent(openGroup, privateRule), deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect([await ingressSummary(ec2, openGroup), await ingressSummary(ec2, privateGroup)]).toEqual([[], ['tcp 22-22 10.0.0.0/8']]);
    expect(await ids(privateGroup)).toEqual([privateRule]);
  });

  it('never names the event\'s rule ID in what it records or tells ops to run', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'forged-record', [tcp(22, '0.0.0.0/0'), tcp(5432, '10.0.0.0/8')]);
    const privateRule = await ruleId(ec2, groupId, 'tcp', 5432, '10.0.0.0/8');

    // Act
    const result = await handleEvent(openIngress, cliEvent(groupId, privateRule), deps({ REMEDIATION_MODE: 'report' }));
    const [message] = await inbox.drain();

    // Assess
    expect(result.outcome).toBe('reported');
    expect(JSON.stringify(result.actions)).not.toContain(privateRule);
    expect(message?.message).toContain(`aws ec2 revoke-security-group-ingress --region us-east-1 --group-id ${groupId} --ip-permissions`);
    expect(message?.message).not.toContain(privateRule);
  });

  it('changes nothing when the group holds no world-open rule, whatever ID the event names', async () => {
    // Prepare
    const groupId = await createGroup(ec2, 'forged-none', [tcp(5432, '10.0.0.0/8')]);
    const privateRule = await ruleId(ec2, groupId, 'tcp', 5432, '10.0.0.0/8');

    // Act
    const result = await handleEvent(openIngress, cliEvent(groupId, privateRule), deps());

    // Assess
    expect(result.outcome).toBe('already-compliant');
    expect(await ids(groupId)).toEqual([privateRule]);
  });
});

describe('a ModifySecurityGroupRules event naming a private rule\'s ID with world-open content', () => {
  it('keeps the private rule and revokes the group\'s world-open rule of that content', async () => {
    // Prepare: the group holds tcp 22 from 0.0.0.0/0 (another rule) and a private rule the event names
    const groupId = await createGroup(ec2, 'forged-modify', [tcp(22, '0.0.0.0/0'), tcp(5432, '10.0.0.0/8')]);
    const privateRule = await ruleId(ec2, groupId, 'tcp', 5432, '10.0.0.0/8');
    const event = withIds(loadEvent('ec2-modify-security-group-rules'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': privateRule });

    // Act
    const result = await handleEvent(openIngress, event, deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(await ids(groupId)).toEqual([privateRule]);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 5432-5432 10.0.0.0/8']);
  });

  it('revokes nothing when the named rule was modified back to private before the remediation ran', async () => {
    // Prepare: the event is real, but the rule is private again by the time the remediation reads the group
    const groupId = await createGroup(ec2, 'modified-back', [tcp(22, '10.0.0.0/8')]);
    const sgr = await ruleId(ec2, groupId, 'tcp', 22, '10.0.0.0/8');
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: groupId, SecurityGroupRules: [{ SecurityGroupRuleId: sgr, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' } }] }));
    const event = withIds(loadEvent('ec2-modify-security-group-rules'), { 'sg-0f63fecfa17ef4fee': groupId, 'sgr-027eb7c59241731e0': sgr });

    // Act
    const result = await handleEvent(openIngress, event, deps());

    // Assess
    expect(result.outcome).toBe('already-compliant');
    expect(await ids(groupId)).toEqual([sgr]);
  });
});
