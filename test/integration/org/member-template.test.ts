/** The member template passes cfn-lint and deploys in the emulator's CloudFormation, in a member account. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { memberTemplate } from '../../../scripts/lib/member-template';
import { PROJECT_ROOT } from '../../../scripts/lib/serverless-config';
import { resetEmulator } from '../../support/deps';
import { CENTRAL, EXTERNAL_ID, inAccount } from '../../support/org';

const MEMBER = '444455556666';
const BUS = `arn:aws:events:us-east-1:${CENTRAL}:event-bus/chain-guard-dev-org`;
const body = JSON.stringify(memberTemplate());

beforeEach(resetEmulator);

async function deploy(region: string): Promise<string | undefined> {
  const cfn = inAccount(new CloudFormationClient({ region }), MEMBER);
  await cfn.send(new CreateStackCommand({
    StackName: 'StackSet-chain-guard-member',
    TemplateBody: body,
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    Parameters: [
      { ParameterKey: 'CentralAccountId', ParameterValue: CENTRAL },
      { ParameterKey: 'CentralEventBusArn', ParameterValue: BUS },
      { ParameterKey: 'ExternalId', ParameterValue: EXTERNAL_ID },
    ],
  }));
  const stacks = await cfn.send(new DescribeStacksCommand({ StackName: 'StackSet-chain-guard-member' }));
  return stacks.Stacks?.[0]?.StackStatus;
}

async function roleExists(name: string): Promise<boolean> {
  const iam = inAccount(new IAMClient({ region: 'us-east-1' }), MEMBER);
  return iam.send(new GetRoleCommand({ RoleName: name })).then(() => true, () => false);
}

async function rulesIn(region: string): Promise<string[]> {
  const events = inAccount(new EventBridgeClient({ region }), MEMBER);
  const out = await events.send(new ListRulesCommand({ NamePrefix: 'chain-guard-dev-member-' }));
  return (out.Rules ?? []).map((r) => r.Name ?? '').sort();
}

it('passes cfn-lint', async () => {
  const file = join(PROJECT_ROOT, 'scripts', 'org', 'member-template.json');

  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(join(PROJECT_ROOT, '.venv-checkers', 'bin', 'cfn-lint'), [file], { cwd: PROJECT_ROOT, timeout: 120_000 }, (error, stdout) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout }));
  });

  expect(result).toEqual({ code: 0, stdout: '' });
}, 150_000);

it('deploys in the central region of a member account with the member role and every forwarding rule', async () => {
  const status = await deploy('us-east-1');

  expect(status).toBe('CREATE_COMPLETE');
  expect(await roleExists('chain-guard-dev-member')).toBe(true);
  expect(await rulesIn('us-east-1')).toHaveLength(Object.keys((memberTemplate() as { Resources: object }).Resources).length - 2);
});

it('deploys in another region with the forwarding rules only (the role is global, made once)', async () => {
  const status = await deploy('eu-west-1');

  expect(status).toBe('CREATE_COMPLETE');
  expect(await roleExists('chain-guard-dev-member')).toBe(false);
  expect((await rulesIn('eu-west-1')).length).toBeGreaterThan(0);
});
