/**
 * Organization mode faults moto cannot produce (STS throttling; moto does not enforce IAM, so a member role stripped
 * of its permissions): aws-sdk-client-mock. The behaviour against real
 * AssumeRole answers is in test/integration/org/member-events.test.ts.
 */
import { DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../shared/aws/clients';
import { createMemberAccess } from '../../../shared/aws/member-clients';
import { switchFor } from '../../../shared/config-switches';
import { accountDeps, withAccountMode } from '../../../shared/org';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { testConfig } from '../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../support/faults';

const sts = mockClient(STSClient);
const sns = mockClient(SNSClient);
const ec2 = mockClient(EC2Client);
const MEMBER = '444455556666';
const deps = () => ({
  config: testConfig({ ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-test-3b9f2e7c1a', ACCOUNT_ID: '111122223333' }),
  clients: createClients({ maxAttempts: 1 }),
  members: createMemberAccess({ partition: 'aws', region: 'us-east-1', buildClients: createClients, roleName: 'chain-guard-test-member', externalId: 'chain-guard-test-3b9f2e7c1a', sts: new STSClient({ region: 'us-east-1', maxAttempts: 1 }) }),
});
const memberEvent = () => withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { '111122223333': MEMBER });

beforeEach(() => {
  sts.reset();
  sns.reset();
  ec2.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

it('reports a throttled AssumeRole as a failure, notified and thrown so Lambda retries it', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).rejects(awsError('Throttling', 'Rate exceeded'));

  // Act
  const error = await rejectionOf(handleEvent(openIngress, memberEvent(), deps()));

  // Assess
  expect(failedResult(error)).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/AssumeRole arn:aws:iam::444455556666:role\/chain-guard-test-member failed: Throttling/) });
  expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
});

it('reports a member role its account admin stripped of permissions as a failure in that account, never a success', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) } });
  ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

  // Act
  const error = await rejectionOf(handleEvent(openIngress, memberEvent(), deps()));

  // Assess
  expect(failedResult(error)).toMatchObject({ outcome: 'failed', resource: { account: MEMBER }, error: expect.stringContaining('UnauthorizedOperation') });
  expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
});

it('does not assume the member role for a call the member role made itself (loop guard first)', async () => {
  // Prepare
  const event = memberEvent();
  (event.detail as Record<string, unknown>).userIdentity = { type: 'AssumedRole', arn: `arn:aws:sts::${MEMBER}:assumed-role/chain-guard-test-member/chain-guard-test-revoke-open-ingress`, sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${MEMBER}:role/chain-guard-test-member` } } };

  // Act
  const result = await handleEvent(openIngress, event, deps());

  // Assess
  expect(result.outcome).toBe('ignored');
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
});

describe('accountDeps (what a sweep over accounts takes its clients from)', () => {
  it('gives the stack own deps for its own account, assuming nothing', async () => {
    // Prepare
    const own = deps();

    // Act
    const result = await accountDeps('111122223333', openIngress, own);

    // Assess
    expect(result).toBe(own);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('gives a member account its own mode and the member role clients', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) } });
    const central = { ...deps(), config: testConfig({ ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-test-3b9f2e7c1a', ACCOUNT_ID: '111122223333', ORG_REPORT_ACCOUNTS: MEMBER }) };

    // Act
    const result = await accountDeps(MEMBER, openIngress, central);

    // Assess
    expect(result.config.mode).toBe('report');
    expect(result.clients).not.toBe(central.clients);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.RoleSessionName).toBe('chain-guard-test-revoke-open-ingress');
  });

  it('gives the stack own account the report mode ORG_REPORT_ACCOUNTS gives it, assuming nothing', async () => {
    // Prepare
    const central = { ...deps(), config: testConfig({ ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-test-3b9f2e7c1a', ACCOUNT_ID: '111122223333', ORG_REPORT_ACCOUNTS: '111122223333' }) };

    // Act
    const result = await accountDeps('111122223333', openIngress, central);

    // Assess
    expect(result.config.mode).toBe('report');
    expect(result.clients).toBe(central.clients);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('refuses another account when organization mode is off', async () => {
    // Prepare
    const single = { config: testConfig(), clients: createClients() };

    // Act
    const error = await accountDeps(MEMBER, openIngress, single).catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toMatch(/organization mode is off/);
  });
});

describe('the mode of a member account event', () => {
  const config = (env: Record<string, string>) => testConfig({ ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-test-3b9f2e7c1a', ACCOUNT_ID: '111122223333', ...env });
  const gate = (env: Record<string, string>) => {
    const c = config(env);
    return withAccountMode(switchFor(c.switches, c.mode, 'revoke-open-ingress', MEMBER), c, 'revoke-open-ingress', MEMBER).state;
  };

  it('only reports in an account of ORG_REPORT_ACCOUNTS even when the function is switched to enforce', () => {
    // Act
    const state = gate({ ORG_REPORT_ACCOUNTS: MEMBER, REMEDIATION_SWITCHES: '{"revoke-open-ingress":"enforce"}' });

    // Assess
    expect(state).toBe('report');
  });

  it('keeps a function switched to report in an account of ORG_ENFORCE_ACCOUNTS', () => {
    // Act
    const state = gate({ ORG_ENFORCE_ACCOUNTS: MEMBER, REMEDIATION_SWITCHES: '{"revoke-open-ingress":"report"}' });

    // Assess
    expect(state).toBe('report');
  });

  it('only reports in the stack own account when ORG_REPORT_ACCOUNTS names it', () => {
    // Prepare
    const c = config({ ORG_REPORT_ACCOUNTS: '111122223333' });

    // Act
    const state = withAccountMode(switchFor(c.switches, c.mode, 'revoke-open-ingress', '111122223333'), c, 'revoke-open-ingress', '111122223333').state;

    // Assess
    expect(state).toBe('report');
  });

  it('enforces in an account of ORG_ENFORCE_ACCOUNTS while the stack reports', () => {
    // Act
    const state = gate({ ORG_ENFORCE_ACCOUNTS: MEMBER, REMEDIATION_MODE: 'report' });

    // Assess
    expect(state).toBe('enforce');
  });
});
