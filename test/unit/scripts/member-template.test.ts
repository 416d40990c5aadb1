/** The member template never drifts from serverless.yml: same patterns, same actions, and the committed file is current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEMBER_FUNCTIONS, centralPatterns, memberLoopGuard, memberTemplate, replaceDeep } from '../../../scripts/lib/member-template';
import { PROJECT_ROOT, loadServerless } from '../../../scripts/lib/serverless-config';
import { followUpPermissions } from '../../../shared/followup';
import { REMEDIATIONS } from '../../../shared/remediations/registry';

interface Rule { Type: string; Properties: { EventPattern: unknown; Targets: { Arn: unknown; RoleArn: unknown }[] } }
interface Role { Type: string; Condition?: string; Properties: { RoleName: string; AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] }; Policies: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[] } }

const template = memberTemplate() as { Resources: Record<string, Rule | Role> };
const doc = loadServerless({ stage: 'dev', region: 'us-east-1' });
const forwarded = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule').map(([, r]) => r as Rule);
const memberRole = template.Resources.MemberRole as Role;
/** Every baseline set: the statements behind conditions are in the template. */
const FULL = {
  trailName: 'org-trail',
  trailS3Bucket: 'org-trail-logs',
  trailLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/cloudtrail/org-trail:*',
  trailLogsRoleArn: 'arn:aws:iam::111122223333:role/cloudtrail-to-logs',
  configRecorderRoleArn: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  configDeliveryBucket: 'org-config',
};
const centralGuard = (doc.custom as { loopGuard: unknown }).loopGuard;

it('is the file committed in scripts/org (npm run org:template writes it)', () => {
  // Act
  const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'scripts', 'org', 'member-template.json'), 'utf8')) as unknown;

  // Assess
  expect(committed).toEqual(template);
});

it('forwards exactly the central patterns of the functions that act in member accounts, loop guard aside', () => {
  // Prepare
  const central = MEMBER_FUNCTIONS.flatMap((fn) => centralPatterns(doc, fn));

  // Act
  const patterns = forwarded.map((r) => replaceDeep(r.Properties.EventPattern, memberLoopGuard('chain-guard-dev-member'), centralGuard));

  // Assess
  expect(patterns).toEqual(central);
});

it('forwards nothing for protect-notifications, which acts on the central alerts topic only', () => {
  // Act
  const functions = MEMBER_FUNCTIONS;

  // Assess
  expect(functions).not.toContain('protect-notifications');
  expect(functions).toEqual(REMEDIATIONS.filter((r) => r.memberAccounts !== false).map((r) => r.id));
});

it('does not forward the member role own calls, by its exact ARN in the member account', () => {
  // Act
  const guards = forwarded.filter((r) => JSON.stringify(r.Properties.EventPattern).includes('"$or":[{"userIdentity"'));

  // Assess
  expect(guards.length).toBe(forwarded.filter((r) => JSON.stringify(r.Properties.EventPattern).includes('API Call via CloudTrail')).length);
  expect(JSON.stringify(guards.map((r) => r.Properties.EventPattern))).not.toContain('prefix":"chain-guard');
  expect(JSON.stringify(guards[0]?.Properties.EventPattern)).toContain('"anything-but":[{"Fn::Sub":"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/chain-guard-dev-member"}]');
});

it('sends every forwarded event to the central bus with the forwarder role', () => {
  // Act
  const targets = forwarded.flatMap((r) => r.Properties.Targets);

  // Assess
  expect(new Set(targets.map((t) => JSON.stringify([t.Arn, t.RoleArn])))).toEqual(new Set([JSON.stringify([{ Ref: 'CentralEventBusArn' }, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/chain-guard-dev-member-forwarder' }])]));
});

it('trusts only the central functions roles, with the external id', () => {
  // Act
  const [trust, ...more] = memberRole.Properties.AssumeRolePolicyDocument.Statement;

  // Assess
  expect(more).toEqual([]);
  expect(trust).toEqual({
    Effect: 'Allow',
    Principal: { AWS: MEMBER_FUNCTIONS.map((fn) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${CentralAccountId}:role/chain-guard-dev-us-east-1-${fn}` })) },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
  });
});

it('holds exactly the actions the member remediations declare and their follow-ups, when every baseline is configured', () => {
  // Prepare
  const declared = REMEDIATIONS.filter((r) => r.memberAccounts !== false).flatMap((r) => [...r.permissions, ...followUpPermissions(r)]);
  const armed = memberTemplate({ params: FULL }) as { Resources: Record<string, Role> };

  // Act
  const granted = (armed.Resources.MemberRole as Role).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

  // Assess
  expect([...new Set(granted)].sort()).toEqual([...new Set(declared)].sort());
});

it('gives the member role no Organizations action: the OU policy is looked up with the central account credentials only', () => {
  // Prepare
  const armed = memberTemplate({ params: FULL }) as { Resources: Record<string, Role> };

  // Act
  const granted = (armed.Resources.MemberRole as Role).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

  // Assess
  expect(granted.filter((a) => a.startsWith('organizations:'))).toEqual([]);
});

it('lets the member role keep the CIS filters on the member log group named by trailLogGroupArn, not only on the central one', () => {
  // Prepare
  const armed = memberTemplate({ params: FULL }) as { Resources: Record<string, Role> };

  // Act
  const statement = (armed.Resources.MemberRole as Role).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement).find((s) => [s.Action].flat().includes('logs:PutMetricFilter'));

  // Assess
  expect(statement?.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/cloudtrail/org-trail:*' });
});

it('lets the member role pass the member own roles and write its own log group in any region, for per-account settings', () => {
  // Prepare
  const perAccount = { ...FULL, trailLogGroupArn: 'arn:aws:logs:${Region}:${AccountId}:log-group:/cloudtrail/org-trail:*', trailLogsRoleArn: 'arn:aws:iam::${AccountId}:role/cloudtrail-to-logs', configRecorderRoleArn: 'arn:aws:iam::${AccountId}:role/config-recorder' };
  const armed = memberTemplate({ params: perAccount }) as { Resources: Record<string, Role> };

  // Act
  const statements = (armed.Resources.MemberRole as Role).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
  const resourceOf = (action: string): unknown[] => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource);

  // Assess
  const member = { AccountId: { Ref: 'AWS::AccountId' } };
  expect(resourceOf('iam:PassRole')).toEqual([{ 'Fn::Sub': ['arn:aws:iam::${AccountId}:role/cloudtrail-to-logs', member] }, { 'Fn::Sub': ['arn:aws:iam::${AccountId}:role/config-recorder', member] }]);
  expect(resourceOf('logs:PutMetricFilter')).toEqual([{ 'Fn::Sub': ['arn:aws:logs:*:${AccountId}:log-group:/cloudtrail/org-trail:*', member] }]);
});

it('creates the member role once per account, in the central region (IAM is global)', () => {
  // Act
  const conditions = [memberRole.Condition, (template.Resources.ForwarderRole as Role).Condition];

  // Assess
  expect(conditions).toEqual(['InCentralRegion', 'InCentralRegion']);
});
