/**
 * The Config loop: after revoke-open-ingress fixes a real security group on the emulator for a Config event, the rule is
 * re-evaluated and Security Hub's finding resolved, and the notice says how that went.
 * moto implements neither StartConfigRulesEvaluation nor BatchUpdateFindings (and its GetFindings ignores filters):
 * those two clients are mocked with aws-sdk-client-mock; EC2, SNS and SQS are the emulator's.
 */
import { ConfigServiceClient, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { BatchUpdateFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createGroup, tcp } from '../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../scripts/lib/events';
import { createInbox, type Inbox } from '../../scripts/lib/inbox';
import { handleEvent } from '../../shared/pipeline';
import { openIngress } from '../../shared/remediations/open-ingress';
import { motoDeps, resetEmulator } from '../support/deps';
import { awsError } from '../support/faults';

const configMock = mockClient(ConfigServiceClient);
const hubMock = mockClient(SecurityHubClient);
const HUB_RULE = 'securityhub-vpc-sg-open-only-to-authorized-ports-baa2cf8c';
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  configMock.reset();
  hubMock.reset();
  configMock.on(StartConfigRulesEvaluationCommand).resolves({});
  hubMock.on(GetFindingsCommand).resolves({ Findings: [] });
  hubMock.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `alerts-${n}`, `ops-${n}`);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...env });

/** restricted-ssh reports a group open to the world on SSH (us-east-1). */
async function restrictedSsh(): Promise<Record<string, unknown>> {
  const groupId = await createGroup(new EC2Client({ region: 'us-east-1' }), 'web', [tcp(22, '0.0.0.0/0')]);
  return withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });
}

/** Security Hub's rule reports a group open to the world (eu-west-2); returns the event and the group. */
async function hubRule(): Promise<{ event: Record<string, unknown>; groupId: string }> {
  const groupId = await createGroup(new EC2Client({ region: 'eu-west-2' }), 'hub', [tcp(22, '0.0.0.0/0')]);
  return { event: withIds(loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule'), { 'sg-0123456789abcdef0': groupId }), groupId };
}

/** A control finding as Security Hub raises it for a Config-based control (ASFF, PascalCase). */
function finding(groupId: string, rule = HUB_RULE, account = '111122223333', region = 'eu-west-2'): AwsSecurityFinding {
  return {
    Region: region,
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:securityhub:eu-west-2:${account}:security-control/EC2.18/finding/${groupId}`,
    ProductArn: 'arn:aws:securityhub:eu-west-2::product/aws/securityhub',
    GeneratorId: 'security-control/EC2.18',
    AwsAccountId: account,
    CreatedAt: '2024-01-01T00:00:00Z',
    UpdatedAt: '2024-01-01T00:00:00Z',
    Title: 'Security groups should only allow unrestricted incoming traffic for authorized ports',
    Description: 'd',
    Resources: [{ Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:eu-west-2:${account}:security-group/${groupId}` }],
    Compliance: { Status: 'FAILED', SecurityControlId: 'EC2.18' },
    ProductFields: { 'RelatedAWSResources:0/name': rule, 'RelatedAWSResources:0/type': 'AWS::Config::ConfigRule' },
  };
}

describe('Config re-evaluation', () => {
  it('re-evaluates the reporting rule once the revoke is verified', async () => {
    // Prepare
    const event = await restrictedSsh();

    // Act
    const result = await handleEvent(openIngress, event, deps());

    // Assess
    expect(result.outcome).toBe('remediated');
    expect(configMock).toHaveReceivedCommandWith(StartConfigRulesEvaluationCommand, { ConfigRuleNames: ['restricted-ssh'] });
  });

  it('tells ops in the notice that the rule is being re-evaluated', async () => {
    const event = await restrictedSsh();

    await handleEvent(openIngress, event, deps());

    const [notice] = await inbox.drain();
    expect(notice?.notice?.text).toContain('Follow-up: AWS Config: rule restricted-ssh re-evaluation started: the Config console shows the new result within minutes');
  });

  it.each([
    ['LimitExceededException', 'AWS allows only so many on-demand evaluations'],
    ['AccessDeniedException', 'not authorized'],
    ['ThrottlingException', 'Rate exceeded'],
  ])('keeps the verified fix remediated when Config refuses the re-evaluation with %s', async (code, message) => {
    configMock.on(StartConfigRulesEvaluationCommand).rejects(awsError(code, message));
    const event = await restrictedSsh();

    const result = await handleEvent(openIngress, event, deps({}));

    expect(result.outcome).toBe('remediated');
    expect(result.followUps).toEqual([expect.objectContaining({ service: 'config', status: 'failed', error: message })]);
  });

  it('says in the notice that the Config console may lag when the re-evaluation is refused', async () => {
    configMock.on(StartConfigRulesEvaluationCommand).rejects(awsError('LimitExceededException', 'too many'));
    const event = await restrictedSsh();

    await handleEvent(openIngress, event, deps());

    const [notice] = await inbox.drain();
    expect(notice?.notice?.text).toMatch(/Follow-up: AWS Config: rule restricted-ssh re-evaluation NOT started \(LimitExceededException\): the Config console and Security Hub may show NON_COMPLIANT until the rule runs again \[too many\]/);
  });

  it('counts an evaluation already running as under way, not as a failure', async () => {
    configMock.on(StartConfigRulesEvaluationCommand).rejects(awsError('ResourceInUseException', 'evaluation in progress'));
    const event = await restrictedSsh();

    const result = await handleEvent(openIngress, event, deps());

    expect(result.followUps).toEqual([expect.objectContaining({ service: 'config', status: 'skipped', summary: expect.stringMatching(/already being evaluated/) })]);
  });

  it('asks nothing of Config in report mode (nothing was fixed)', async () => {
    const event = await restrictedSsh();

    const result = await handleEvent(openIngress, event, deps({ REMEDIATION_MODE: 'report' }));

    expect(result.outcome).toBe('reported');
    expect(configMock).not.toHaveReceivedCommand(StartConfigRulesEvaluationCommand);
  });

  it('asks nothing of Security Hub for a rule it does not own', async () => {
    const event = await restrictedSsh();

    await handleEvent(openIngress, event, deps());

    expect(hubMock).not.toHaveReceivedCommand(GetFindingsCommand);
  });
});

describe('Security Hub finding', () => {
  it('resolves the finding of its rule on the fixed group, with a note naming the fix', async () => {
    // Prepare
    const { event, groupId } = await hubRule();
    hubMock.on(GetFindingsCommand).resolves({ Findings: [finding(groupId)] });

    // Act
    await handleEvent(openIngress, event, deps());

    // Assess
    expect(hubMock).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: finding(groupId).Id, ProductArn: 'arn:aws:securityhub:eu-west-2::product/aws/securityhub' }],
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: expect.stringMatching(new RegExp(`^chain-guard revoke-open-ingress fixed it: .*${groupId}.*\\(event `)), UpdatedBy: 'chain-guard' },
    });
  });

  it('looks the finding up by rule, account, resource, and open state, in the event region', async () => {
    const { event, groupId } = await hubRule();

    await handleEvent(openIngress, event, deps());

    const filters = hubMock.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;
    expect(filters).toEqual(expect.objectContaining({
      AwsAccountId: [{ Value: '111122223333', Comparison: 'EQUALS' }],
      Region: [{ Value: 'eu-west-2', Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
      WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }, { Value: 'NOTIFIED', Comparison: 'EQUALS' }],
      ProductFields: [{ Key: 'RelatedAWSResources:0/name', Value: HUB_RULE, Comparison: 'EQUALS' }],
      ResourceId: [{ Value: groupId, Comparison: 'CONTAINS' }],
    }));
    expect(await hubMock.call(0).thisValue.config.region()).toBe('eu-west-2');
  });

  it('leaves alone a finding on another group whose id only contains this one, or of another account or rule', async () => {
    const { event, groupId } = await hubRule();
    hubMock.on(GetFindingsCommand).resolves({ Findings: [finding(`${groupId}1`), finding(groupId, HUB_RULE, '444455556666'), finding(groupId, 'securityhub-restricted-ssh-12345678')] });

    const result = await handleEvent(openIngress, event, deps());

    expect(hubMock).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
    expect(result.followUps?.find((f) => f.service === 'securityhub')).toEqual(expect.objectContaining({ status: 'skipped', summary: expect.stringMatching(/no open finding/) }));
  });

  it('leaves alone the same control finding of another region, as an aggregation region returns it', async () => {
    const { event, groupId } = await hubRule();
    hubMock.on(GetFindingsCommand).resolves({ Findings: [finding(groupId, HUB_RULE, '111122223333', 'us-east-1')] });

    await handleEvent(openIngress, event, deps());

    expect(hubMock).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
  });

  it('leaves alone a finding imported under another product that copies the rule and resource', async () => {
    const { event, groupId } = await hubRule();
    const imported = { ...finding(groupId), ProductArn: 'arn:aws:securityhub:eu-west-2:111122223333:product/111122223333/default' };
    hubMock.on(GetFindingsCommand).resolves({ Findings: [imported] });

    await handleEvent(openIngress, event, deps());

    expect(hubMock).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
  });

  it('tells ops in the notice that the finding was resolved', async () => {
    const { event, groupId } = await hubRule();
    hubMock.on(GetFindingsCommand).resolves({ Findings: [finding(groupId)] });

    await handleEvent(openIngress, event, deps());

    const [notice] = await inbox.drain();
    expect(notice?.notice?.text).toContain(`Follow-up: Security Hub: finding EC2.18 on ${groupId} set to RESOLVED, with a note naming this fix`);
  });

  it('keeps the fix remediated and says the finding was not resolved when Security Hub leaves it unprocessed', async () => {
    const { event, groupId } = await hubRule();
    hubMock.on(GetFindingsCommand).resolves({ Findings: [finding(groupId)] });
    hubMock.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [{ FindingIdentifier: { Id: 'x', ProductArn: 'y' }, ErrorCode: 'FindingNotFound', ErrorMessage: 'gone' }] });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.followUps?.find((f) => f.service === 'securityhub')).toEqual(expect.objectContaining({ status: 'failed', summary: expect.stringMatching(/NOT resolved \(FindingNotFound: gone\)/) }));
  });

  it('keeps the fix remediated when the role may not read findings (AccessDenied)', async () => {
    const { event } = await hubRule();
    hubMock.on(GetFindingsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform securityhub:GetFindings'));

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('remediated');
    expect(result.followUps?.find((f) => f.service === 'securityhub')).toEqual(expect.objectContaining({ status: 'failed', summary: expect.stringMatching(/GetFindings failed \(AccessDeniedException\)/) }));
  });

  it('reports Security Hub not enabled in the region as nothing to resolve', async () => {
    const { event } = await hubRule();
    hubMock.on(GetFindingsCommand).rejects(awsError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub'));

    const result = await handleEvent(openIngress, event, deps());

    expect(result.followUps?.find((f) => f.service === 'securityhub')).toEqual(expect.objectContaining({ status: 'skipped', summary: 'not enabled in eu-west-2: no finding to resolve' }));
  });
});
