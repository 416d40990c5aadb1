/** Least privilege: each function's role grants exactly the actions its remediation declares, plus logging and notifying. */
import { ouPolicyPermissions } from '../../shared/aws/org-units';
import { followUpPermissions } from '../../shared/followup';
import { REMEDIATIONS } from '../../shared/remediations/registry';
import { loadServerless } from '../../scripts/lib/serverless-config';
import { resolveIntrinsics } from '../../scripts/lib/cloudformation';
import { stackRoleArns } from '../../shared/baseline/roles';
import { STALE_RUN_MINUTES } from '../../shared/sweep/run';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const doc = loadServerless({ stage: 'dev', region: 'us-east-1' }) as {
  functions: Record<string, { role?: string }>;
  resources: { Resources: Record<string, { Type: string; Properties: { RoleName?: string; Policies?: { PolicyDocument: { Statement: (Statement | { 'Fn::If': [string, Statement, unknown] })[] } }[] } }> };
};

function statementsOf(functionName: string): Statement[] {
  const roleId = doc.functions[functionName]?.role ?? '';
  const role = doc.resources.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${functionName} has no role of its own (role: ${roleId})`);
  // A statement inside Fn::If exists only when its condition holds: check its "true" branch.
  const unwrap = (s: Statement | { 'Fn::If': [string, Statement, unknown] }): Statement => ('Fn::If' in s ? s['Fn::If'][1] : s);
  return (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement.map(unwrap));
}

/**
 * Writes for which the service authorization reference lists no resource type: '*' is the only Resource AWS accepts.
 * (PutConfigurationRecorder and StartConfigurationRecorder take a ConfigurationRecorder ARN since service-linked
 * recorders came: they are scoped.)
 */
const UNSCOPABLE_WRITES = ['config:PutDeliveryChannel', 'guardduty:CreateDetector'];

const actions = (statements: Statement[]): string[] => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

describe.each(REMEDIATIONS.map((r) => [r.id, r] as const))('%s', (id, remediation) => {
  it('is declared as a function of serverless.yml with a role of its own', () => {
    expect(doc.functions[id]?.role).toBeDefined();
    expect(statementsOf(id).length).toBeGreaterThan(0);
  });

  it('is granted exactly the actions it declares in its Remediate statements', () => {
    const remediate = statementsOf(id).filter((s) => s.Sid?.startsWith('Remediate'));

    expect(actions(remediate)).toEqual([...remediation.permissions].sort());
  });

  it('is granted exactly the follow-up actions (Config re-evaluation, Security Hub finding) when it takes Config rules, else none', () => {
    const followUp = statementsOf(id).filter((s) => s.Sid?.startsWith('FollowUp'));

    expect(actions(followUp)).toEqual([...followUpPermissions(remediation)].sort());
  });

  it('is granted exactly the Organizations actions of its OU policy (ListParents; the listings where the sweep covers accounts), only with ORG_OUS or ORG_EXCLUDED_OUS, in this organization only', () => {
    const org = loadServerless({ stage: 'dev', region: 'us-east-1', params: { orgId: 'o-a1b2c3d4e5' } }) as typeof doc;
    const statement = org.resources.Resources[org.functions[id]?.role ?? '']?.Properties.Policies?.flatMap((p) => p.PolicyDocument.Statement).find((s) => 'Fn::If' in s && s['Fn::If'][1].Sid === 'OrgUnits') as { 'Fn::If': [string, Statement, unknown] } | undefined;
    const expected = ouPolicyPermissions(remediation);
    const types = expected.length === 0 ? [] : expected.length === 1 ? ['account', 'ou'] : ['account', 'ou', 'root'];

    expect(statement?.['Fn::If'][0]).toBe(expected.length > 0 ? 'HasOrgOus' : undefined);
    expect(statement ? actions([statement['Fn::If'][1]]) : []).toEqual([...expected].sort());
    expect(statement?.['Fn::If'][1].Resource ?? []).toEqual(types.map((t) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:organizations::*:${t}/o-a1b2c3d4e5/*` })));
  });

  it('may only resolve Security Hub findings, never suppress them or change anything else of their workflow', () => {
    const update = statementsOf(id).filter((s) => actions([s]).includes('securityhub:BatchUpdateFindings'));

    expect(update.map((s) => (s as Statement & { Condition?: unknown }).Condition)).toEqual(update.length > 0 ? [{ StringEquals: { 'securityhub:ASFFSyntaxPath/Workflow.Status': 'RESOLVED' } }] : []);
  });

  it('is granted nothing else than logging to its own log group, publishing alerts (with the topic key when encrypted), recording its results, reading its gates, dead-lettering, (with a per-target sweep) its sweep queue and runs, and (organization mode) assuming the member role and placing accounts in OUs', () => {
    const other = statementsOf(id).filter((s) => s.Effect === 'Allow' && !s.Sid?.startsWith('Remediate') && !s.Sid?.startsWith('FollowUp') && s.Sid !== 'OrgUnits');
    const member = remediation.memberAccounts === false ? [] : ['sts:AssumeRole'];
    const sweep = remediation.sweeper ? ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] : [];

    expect(actions(other)).toEqual([...['dynamodb:GetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:GenerateDataKey*', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish', 'sqs:SendMessage'], ...member, ...sweep].sort());
    expect(other.find((s) => s.Sid === 'Notices')).toMatchObject({
      Resource: { 'Fn::GetAtt': ['HistoryTable', 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`notice#${id}#*`, `half-armed#${id}#*`] } },
    });
    expect(JSON.stringify(other.find((s) => s.Sid === 'Logs')?.Resource)).toContain(`/aws/lambda/chain-guard-dev-${id}:*`);
  });

  it('may assume only the member role, only in the organization, and only in organization mode', () => {
    const statement = doc.resources.Resources[doc.functions[id]?.role ?? '']?.Properties.Policies?.flatMap((p) => p.PolicyDocument.Statement).find((s) => 'Fn::If' in s && s['Fn::If'][1].Sid === 'MemberRole');

    expect(statement).toEqual(
      remediation.memberAccounts === false
        ? undefined
        : { 'Fn::If': ['IsOrg', { Sid: 'MemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/chain-guard-dev-member' }, Condition: { StringEquals: { 'aws:ResourceOrgID': '' } } }, { Ref: 'AWS::NoValue' }] },
    );
  });

  it('uses its own sweep queue only, and writes only its own sweep runs in the history table, when it sweeps target by target', () => {
    const sweep = statementsOf(id).filter((s) => s.Sid?.startsWith('Sweep'));
    const queue = `${id.split('-').map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}SweepQueue`;

    expect(sweep).toEqual(
      remediation.sweeper
        ? [
            expect.objectContaining({ Sid: 'SweepQueue', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': [queue, 'Arn'] } }),
            expect.objectContaining({ Sid: 'SweepQueueConsume', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: { 'Fn::GetAtt': [queue, 'Arn'] } }),
            expect.objectContaining({ Sid: 'SweepRuns', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': ['HistoryTable', 'Arn'] }, Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`sweep#${id}#*`] } } }),
          ]
        : [],
    );
  });

  it('is fed by its sweep queue one target per invocation, a few at a time, and told the queue, when it sweeps target by target', () => {
    const fn = (doc.functions as Record<string, { events?: { sqs?: unknown }[]; environment?: Record<string, unknown> }>)[id];
    const queue = `${id.split('-').map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}SweepQueue`;

    expect(fn?.events?.filter((e) => e.sqs).map((e) => e.sqs)).toEqual(remediation.sweeper ? [{ arn: { 'Fn::GetAtt': [queue, 'Arn'] }, batchSize: 1, maximumConcurrency: 3 }] : []);
    expect(fn?.environment?.SWEEP_QUEUE_URL).toEqual(remediation.sweeper ? { Ref: queue } : undefined);
  });

  it('may only read, never write, its own grace periods and the exemptions', () => {
    const gates = statementsOf(id).find((s) => s.Sid === 'Gates');

    expect(gates).toMatchObject({
      Action: ['dynamodb:GetItem'],
      Resource: { 'Fn::GetAtt': ['HistoryTable', 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`grace#${id}`, 'exemptions'] } },
    });
  });

  it('denies everything to these credentials outside the stack own function (a function someone else creates with the role)', () => {
    const deny = statementsOf(id).filter((s) => s.Effect === 'Deny');

    expect(deny).toEqual([
      {
        Sid: 'OnlyFromThisFunction',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          ArnNotEquals: { 'lambda:SourceFunctionArn': { 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:chain-guard-dev-${id}` } },
          Null: { 'lambda:SourceFunctionArn': 'false' },
        },
      },
    ]);
  });

  it('allows a wildcard resource only on read-only Describe/List/Get actions and on writes AWS cannot scope', () => {
    const statements = statementsOf(id).filter((s) => s.Effect === 'Allow');
    const wildcard = statements.filter((s) => s.Resource === '*');

    expect(actions(wildcard).filter((a) => !/^[a-z0-9-]+:(Describe|List|Get)/.test(a) && !UNSCOPABLE_WRITES.includes(a))).toEqual([]);
  });

  it('runs under a role whose name starts with the loop-guard prefix', () => {
    const role = doc.resources.Resources[doc.functions[id]?.role ?? '']?.Properties.RoleName;

    expect(role).toMatch(/^chain-guard-dev-/);
  });
});

it('scopes the Config recorder writes to this account and region recorders', () => {
  const recorder = statementsOf('protect-backstops').find((s) => actions([s]).includes('config:PutConfigurationRecorder'));

  expect(recorder).toMatchObject({ Action: ['config:PutConfigurationRecorder', 'config:StartConfigurationRecorder'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:config:${AWS::Region}:${AWS::AccountId}:configuration-recorder/*' } });
});

describe.each(REMEDIATIONS.filter((r) => r.sweeper).map((r) => [r.id] as const))('the sweep queue of %s', (id) => {
  const name = `${id.split('-').map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}SweepQueue`;
  const resources = withAdmins();

  it('keeps a message invisible longer than the function runs, and dead-letters it only after 5 receives (a throttled invocation counts as one)', () => {
    const queue = resources[name] as { Properties: { VisibilityTimeout: number; RedrivePolicy: unknown; SqsManagedSseEnabled: boolean } };
    const timeout = (loadServerless({ stage: 'dev', region: 'us-east-1' }) as { provider: { timeout: number } }).provider.timeout;

    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(timeout);
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['SweepQueueDeadLetters', 'Arn'] }, maxReceiveCount: 5 } });
    expect(5 * queue.Properties.VisibilityTimeout).toBeLessThan(STALE_RUN_MINUTES * 60);
  });

  it('lets no one but the function role and the admins send, receive, delete or purge its messages', () => {
    const policy = resources[`${name}Policy`] as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } };
    const guard = policy.Properties.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyTheFunctionAndAdminsUseIt');
    const resolved = resolveIntrinsics(guard?.Condition, { account: '111122223333', region: 'us-east-1', partition: 'aws', refs: {}, conditions: { HasTopicAdmins: true } }) as Record<string, Record<string, unknown>>;

    expect(guard).toMatchObject({ Effect: 'Deny', Principal: '*', Resource: { 'Fn::GetAtt': [name, 'Arn'] } });
    expect(guard?.Action).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue', 'sqs:SetQueueAttributes']));
    expect(resolved).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::111122223333:role/chain-guard-dev-us-east-1-${id}` },
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/deployer'] },
    });
  });
});

it('has a registered remediation for every function declared in serverless.yml', () => {
  expect(Object.keys(doc.functions).sort()).toEqual(REMEDIATIONS.map((r) => r.id).sort());
});

const STACK_ROLES = ['revoke-open-ingress', 'reenable-trail', 'restore-alarms', 'protect-notifications', 'protect-backstops'].map((fn) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/chain-guard-dev-us-east-1-${fn}` }));

it('lets no one but the stack roles and the admins write to the history table (its resource policy)', () => {
  const table = withAdmins().HistoryTable as unknown as { Properties: { ResourcePolicy: { PolicyDocument: { Statement: Record<string, unknown>[] } } } };
  const deny = table.Properties.ResourcePolicy.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyTheStackRolesAndAdminsWrite');

  expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': STACK_ROLES } } });
  expect(deny?.Action).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
  expect(exempted(deny, 'arn:aws:iam::111122223333:role/deployer')).toEqual(['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/deployer']);
});

it('denies the stack roles any write to grace periods, exemptions and undo records, whatever their IAM policy says', () => {
  const table = doc.resources.Resources.HistoryTable as unknown as { Properties: { ResourcePolicy: { PolicyDocument: { Statement: Record<string, unknown>[] } } } };
  const deny = table.Properties.ResourcePolicy.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyAdminsGrantGraceOrExemptions');

  expect(deny).toMatchObject({
    Effect: 'Deny',
    Principal: '*',
    Condition: { ArnEquals: { 'aws:PrincipalArn': STACK_ROLES }, 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['grace#*', 'exemptions', 'undo#*'] } },
  });
  expect(deny?.Action).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
});

/** The stack's resources, deployed with one topic admin. */
function withAdmins(): Record<string, unknown> {
  return (loadServerless({ stage: 'dev', region: 'us-east-1', params: { topicAdminArns: 'arn:aws:iam::111122223333:role/deployer' } }) as { resources: { Resources: Record<string, unknown> } }).resources.Resources;
}

/** The principals a Deny exempts, resolved for a stack with these topic admins. */
function exempted(statement: Record<string, unknown> | undefined, admins: string): unknown {
  const resolved = resolveIntrinsics(statement?.Condition === undefined ? statement : { Condition: statement.Condition }, { account: '111122223333', region: 'us-east-1', partition: 'aws', refs: {}, conditions: { HasTopicAdmins: admins !== '' } }) as { Condition: { ArnNotLike: Record<string, unknown> } };
  return resolved.Condition.ArnNotLike['aws:PrincipalArn'];
}

it('lets only root and the topic admins lift the history table policy, shorten its TTL or drop it', () => {
  const table = withAdmins().HistoryTable as unknown as { Properties: { ResourcePolicy: { PolicyDocument: { Statement: Record<string, unknown>[] } } } };
  const guard = table.Properties.ResourcePolicy.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyAdminsChangeTheTable');

  expect(guard).toMatchObject({ Effect: 'Deny', Principal: '*' });
  expect(guard?.Action).toEqual(expect.arrayContaining(['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:DeleteTable', 'dynamodb:UpdateTimeToLive']));
  expect(exempted(guard, 'arn:aws:iam::111122223333:role/deployer')).toEqual(['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/deployer']);
});

it('lets only root and the topic admins read, delete or purge the dead letters', () => {
  const policy = withAdmins().DeadLetterQueuePolicy as unknown as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } };
  const guard = policy.Properties.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyAdminsReadOrEmptyIt');

  expect(guard).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } });
  expect(guard?.Action).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue']));
  expect(guard?.Action).not.toContain('sqs:SendMessage');
  expect(exempted(guard, 'arn:aws:iam::111122223333:role/deployer')).toEqual(['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/deployer']);
});

it('lets no one but root and the topic admins drop a statement of the dead-letter queue policy or move its messages out', () => {
  const policy = withAdmins().DeadLetterQueuePolicy as unknown as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } };
  const guard = policy.Properties.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyAdminsReadOrEmptyIt');

  expect(guard?.Action).toEqual(expect.arrayContaining(['sqs:AddPermission', 'sqs:RemovePermission', 'sqs:StartMessageMoveTask']));
});

it("lets only the functions of the stack (and AWS services) write dead letters, which replay-dlq runs with an admin's credentials", () => {
  const policy = withAdmins().DeadLetterQueuePolicy as unknown as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } };
  const guard = policy.Properties.PolicyDocument.Statement.find((s) => s.Sid === 'OnlyTheStackWritesIt');

  expect(guard).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } });
  expect(exempted(guard, 'arn:aws:iam::111122223333:role/deployer')).toEqual(stackRoleArns({ partition: 'aws', account: '111122223333', region: 'us-east-1', rolePrefix: 'chain-guard-dev-' }));
});
