/** Package-time conditions (scripts/serverless/static-conditions.js) on serverless.yml as written. */
import { loadServerless } from '../../../scripts/lib/serverless-config';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolveStaticConditions } = require('../../../scripts/serverless/static-conditions.js') as { resolveStaticConditions: (t: Template) => Template };

interface Template {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
}

/** The stack's own resources as CloudFormation would get them for these params, conditions resolved at package time. */
function template(params: Record<string, string> = {}): Template {
  const doc = loadServerless({ stage: 'dev', region: 'us-east-1', params }) as { resources: Template & { extensions?: Record<string, { Metadata?: unknown }> } };
  const { extensions = {}, ...resources } = JSON.parse(JSON.stringify(doc.resources)) as typeof doc.resources;
  // The framework applies resources.extensions before the plugin runs: the checker notes on the stack's own resources.
  for (const [id, extension] of Object.entries(extensions)) {
    if (resources.Resources[id] && extension.Metadata) Object.assign(resources.Resources[id], { Metadata: extension.Metadata });
  }
  return resolveStaticConditions(resources);
}

const statements = (t: Template, role: string): { Sid?: string; Resource?: unknown }[] =>
  ((t.Resources[role]?.Properties.Policies as { PolicyDocument: { Statement: { Sid?: string; Resource?: unknown }[] } }[])[0]?.PolicyDocument.Statement ?? []);

it('leaves no condition whose value is known at package time', () => {
  expect(template().Conditions).toBeUndefined();
});

it('leaves no empty value behind an unset optional param (cfn-lint rejects them)', () => {
  expect(JSON.stringify(template())).not.toMatch(/:\s*""|"Fn::If"/);
});

it('grants no CreateTrail, on an ARN without a name, when no baseline trail is configured', () => {
  expect(statements(template(), 'ReenableTrailRole').map((s) => s.Sid)).not.toContain('RemediateBaselineTrail');
});

it('grants CreateTrail on the baseline trail only when it is configured', () => {
  const trail = statements(template({ trailName: 'org-trail' }), 'ReenableTrailRole').find((s) => s.Sid === 'RemediateBaselineTrail');

  expect(trail?.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:cloudtrail:us-east-1:${AWS::AccountId}:trail/org-trail' });
});

it('scopes restore-alarms to the baseline trail log group when no alarm log group is given', () => {
  const arn = 'arn:aws:logs:us-east-1:111122223333:log-group:/cloudtrail/org:*';
  const group = statements(template({ trailLogGroupArn: arn }), 'RestoreAlarmsRole').find((s) => s.Sid === 'RemediateTrailLogGroup');

  expect(group?.Resource).toBe(arn);
});

it('scopes restore-alarms to the stack own account and region for a per-account trail log group (Fn::Sub of its tokens only)', () => {
  const group = statements(template({ trailLogGroupArn: 'arn:aws:logs:${Region}:${AccountId}:log-group:/cloudtrail/org:*' }), 'RestoreAlarmsRole').find((s) => s.Sid === 'RemediateTrailLogGroup');

  expect(group?.Resource).toEqual({ 'Fn::Sub': ['arn:aws:logs:${Region}:${AccountId}:log-group:/cloudtrail/org:*', { AccountId: { Ref: 'AWS::AccountId' }, Region: { Ref: 'AWS::Region' } }] });
});

it('lets the recorder role be passed in the stack own account only, for a per-account recorder role', () => {
  const pass = statements(template({ configRecorderRoleArn: 'arn:aws:iam::${AccountId}:role/config-recorder', configDeliveryBucket: 'config-central' }), 'ProtectBackstopsRole').find((s) => s.Sid === 'RemediatePassRecorderRole');

  expect(pass?.Resource).toEqual({ 'Fn::Sub': ['arn:aws:iam::${AccountId}:role/config-recorder', { AccountId: { Ref: 'AWS::AccountId' } }] });
});

it('grants restore-alarms no log-group write at all when no log group is known (never log-group::*)', () => {
  expect(statements(template(), 'RestoreAlarmsRole').map((s) => s.Sid)).not.toContain('RemediateTrailLogGroup');
});

it('keeps a resource whose condition holds and drops one whose condition fails', () => {
  expect(template({ alertEmail: 'ops@example.com' }).Resources.AlertsEmailSubscription?.Condition).toBeUndefined();
  expect(template().Resources.AlertsEmailSubscription).toBeUndefined();
});

it("skips checkov's topic-encryption check only while no topic key is configured", () => {
  const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const metadata = (params?: Record<string, string>) => (template(params).Resources.AlertsTopic as { Metadata?: { checkov: { skip: { id: string }[] } } }).Metadata;

  expect(metadata()?.checkov.skip.map((s) => s.id)).toEqual(['CKV_AWS_26']);
  expect(metadata({ alertsTopicKmsKeyArn: keyArn })).toBeUndefined();
});

describe('the dead-letter alarm and the fallback topic', () => {
  const actions = (t: Template): unknown => t.Resources.DeadLetterDepthAlarm?.Properties.AlarmActions;

  it('notifies a fallback topic in the stack region (of any account) besides the alerts topic', () => {
    const t = template({ alertFallbackTopicArn: 'arn:aws:sns:us-east-1:444455556666:fallback' });

    expect(actions(t)).toEqual([{ Ref: 'AlertsTopic' }, 'arn:aws:sns:us-east-1:444455556666:fallback']);
    expect(t.Conditions).toBeUndefined();
  });

  it('leaves out a fallback topic of another region, which a CloudWatch alarm cannot notify', () => {
    expect(actions(template({ alertFallbackTopicArn: 'arn:aws:sns:us-west-2:111122223333:fallback' }))).toEqual([{ Ref: 'AlertsTopic' }]);
  });

  it('notifies the alerts topic alone without a fallback topic', () => {
    expect(actions(template())).toEqual([{ Ref: 'AlertsTopic' }]);
  });
});
