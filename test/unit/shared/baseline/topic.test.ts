/** The alerts topic baseline: the policy serverless.yml deploys is the one the code restores; drift and plan are pure. */
import { attributeDrift, baselineAttributes, missingSubscribers, parseTopicArn, samePolicy, topicOfSubscription, topicPolicy, type TopicBaseline } from '../../../../shared/baseline/topic';
import { planTopic } from '../../../../shared/remediations/notifications-plan';
import { loadServerless } from '../../../../scripts/lib/serverless-config';
import { resolveIntrinsics } from '../../../../scripts/lib/cloudformation';
import { testConfig } from '../../../support/deps';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:chain-guard-dev-alerts`;
const baselineFor = (env: Record<string, string> = {}): TopicBaseline => testConfig({ ALERT_TOPIC_ARN: TOPIC, SELF_ROLE_PREFIX: 'chain-guard-dev-', ...env }).topic;

/** The AlertsTopicPolicy document of serverless.yml, resolved as CloudFormation would for this account. */
function deployedPolicy(params: Record<string, string> = {}): unknown {
  const doc = loadServerless({ stage: 'dev', region: 'us-east-1', params }) as { resources: { Resources: Record<string, { Properties: { PolicyDocument: unknown } }> } };
  const admins = params.topicAdminArns ?? '';
  return resolveIntrinsics(doc.resources.Resources.AlertsTopicPolicy?.Properties.PolicyDocument, {
    account: ACCOUNT,
    region: 'us-east-1',
    partition: 'aws',
    refs: { AlertsTopic: TOPIC },
    conditions: { HasTopicAdmins: admins !== '' },
  });
}

describe('the deployed topic policy', () => {
  it('is exactly the policy protect-notifications restores', () => {
    expect(deployedPolicy()).toEqual(topicPolicy(baselineFor()));
  });

  it('is exactly the restored policy when topic admins are configured', () => {
    const admins = `arn:aws:iam::${ACCOUNT}:role/deployer,arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*`;

    expect(deployedPolicy({ topicAdminArns: admins })).toEqual(topicPolicy(baselineFor({ TOPIC_ADMIN_ARNS: admins })));
  });

  it('denies deleting the topic and rewriting its policy to everyone but the repair role, root and the admins', () => {
    const deny = topicPolicy(baselineFor({ TOPIC_ADMIN_ARNS: `arn:aws:iam::${ACCOUNT}:role/deployer` })).Statement.find((s) => s.Effect === 'Deny');

    expect(deny).toMatchObject({
      Principal: { AWS: '*' },
      Action: ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:PutDataProtectionPolicy'],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/chain-guard-dev-us-east-1-protect-notifications`, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/deployer`] } },
    });
  });

  it('lets CloudWatch alarms of this account only publish', () => {
    const cloudwatch = topicPolicy(baselineFor()).Statement.find((s) => s.Sid === 'CloudWatchAlarms');

    expect(cloudwatch).toMatchObject({ Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
  });
});

describe('samePolicy', () => {
  const policy = topicPolicy(baselineFor());

  it('treats a one-element list as its element', () => {
    const other = { ...policy, Statement: policy.Statement.map((s) => (s.Sid === 'CloudWatchAlarms' ? { ...s, Action: ['sns:Publish'] } : s)) };

    expect(samePolicy(JSON.stringify(policy), JSON.stringify(other))).toBe(true);
  });

  it('treats action names case-insensitively and ignores statement order and Id', () => {
    const other = { Id: '__default_policy_ID', Version: policy.Version, Statement: [...policy.Statement].reverse().map((s) => ({ ...s, Action: Array.isArray(s.Action) ? s.Action.map((a: string) => a.toUpperCase()) : s.Action })) };

    expect(samePolicy(JSON.stringify(policy), JSON.stringify(other))).toBe(true);
  });

  it('sees an added statement as a different policy', () => {
    const other = { ...policy, Statement: [...policy.Statement, { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sns:Subscribe', Resource: TOPIC }] };

    expect(samePolicy(JSON.stringify(policy), JSON.stringify(other))).toBe(false);
  });

  it('sees a missing or unreadable policy as different', () => {
    expect(samePolicy(undefined, JSON.stringify(policy))).toBe(false);
    expect(samePolicy('{not json', JSON.stringify(policy))).toBe(false);
  });
});

describe('attributeDrift', () => {
  it('finds nothing on a topic with the baseline attributes', () => {
    const baseline = baselineFor();

    expect(attributeDrift(baseline, baselineAttributes(baseline))).toEqual([]);
  });

  it('names the policy when the Deny statement was removed', () => {
    const baseline = baselineFor();
    const policy = topicPolicy(baseline);
    const weakened = JSON.stringify({ ...policy, Statement: policy.Statement.filter((s) => s.Effect !== 'Deny') });

    expect(attributeDrift(baseline, { ...baselineAttributes(baseline), Policy: weakened }).map((d) => d.name)).toEqual(['Policy']);
  });

  it('names the KMS key when encryption was removed from an encrypted baseline', () => {
    const baseline = baselineFor({ ALERT_TOPIC_KMS_KEY_ID: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/alerts` });

    expect(attributeDrift(baseline, { ...baselineAttributes(baseline), KmsMasterKeyId: '' })).toEqual([{ name: 'KmsMasterKeyId', before: '', after: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/alerts` }]);
  });

  it('accepts the baseline key written as an alias instead of an ARN', () => {
    const baseline = baselineFor({ ALERT_TOPIC_KMS_KEY_ID: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/alerts` });

    expect(attributeDrift(baseline, { ...baselineAttributes(baseline), KmsMasterKeyId: 'alias/alerts' })).toEqual([]);
  });

  it('names the AWS managed key alias/aws/sns as drift back to no key when the baseline names none', () => {
    const baseline = baselineFor();

    expect(attributeDrift(baseline, { ...baselineAttributes(baseline), KmsMasterKeyId: 'alias/aws/sns' })).toEqual([{ name: 'KmsMasterKeyId', before: 'alias/aws/sns', after: '' }]);
  });

  it('recognises the AWS managed key written as its alias ARN', () => {
    const baseline = baselineFor();
    const aliasArn = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/sns`;

    expect(attributeDrift(baseline, { ...baselineAttributes(baseline), KmsMasterKeyId: aliasArn }).map((d) => d.after)).toEqual(['']);
  });

  it('keeps a key someone added when the baseline names none (never weaken)', () => {
    const baseline = baselineFor();

    expect(attributeDrift(baseline, { ...baselineAttributes(baseline), KmsMasterKeyId: 'alias/stronger' })).toEqual([]);
  });
});

describe('planTopic', () => {
  const subscribers = JSON.stringify([{ protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:ops-inbox` }]);

  it('recreates a deleted topic with every baseline attribute and subscriber', () => {
    const baseline = baselineFor({ ALERT_SUBSCRIBERS: subscribers, ALERT_EMAIL: 'ops@example.com' });

    const plan = planTopic(baseline, { exists: false, attributes: {}, subscriptions: [], subscriptionAttributes: {}, dataProtectionPolicy: '' });

    expect(plan.createTopic).toBe(true);
    expect(plan.attributes.map((a) => a.name)).toEqual(['Policy', 'DisplayName']);
    expect(plan.subscribe).toEqual([{ protocol: 'email', endpoint: 'ops@example.com' }, { protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:ops-inbox` }]);
  });

  it('does not subscribe again an endpoint whose subscription is pending confirmation', () => {
    const baseline = baselineFor({ ALERT_EMAIL: 'ops@example.com' });

    const plan = planTopic(baseline, { exists: true, attributes: baselineAttributes(baseline), subscriptions: [{ arn: 'PendingConfirmation', protocol: 'email', endpoint: 'Ops@Example.com' }], subscriptionAttributes: {}, dataProtectionPolicy: '' });

    expect(plan.subscribe).toEqual([]);
  });

  it('lists a subscription outside the baseline without removing it', () => {
    const baseline = baselineFor({ ALERT_SUBSCRIBERS: subscribers });
    const extra = { arn: `${TOPIC}:0b1c`, protocol: 'https', endpoint: 'https://hooks.example.com/x' };

    const plan = planTopic(baseline, { exists: true, attributes: baselineAttributes(baseline), subscriptions: [extra], subscriptionAttributes: {}, dataProtectionPolicy: '' });

    expect(plan.others).toEqual([extra]);
    expect(plan.subscribe).toHaveLength(1);
  });

  it('plans to restore a muted baseline subscription and never touches one outside the baseline', () => {
    const baseline = baselineFor({ ALERT_SUBSCRIBERS: subscribers });
    const queue = { arn: `${TOPIC}:1`, protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:ops-inbox` };
    const hook = { arn: `${TOPIC}:2`, protocol: 'https', endpoint: 'https://hooks.example.com/x' };
    const muted = { FilterPolicy: '{"severity":["none"]}' };

    const plan = planTopic(baseline, { exists: true, attributes: baselineAttributes(baseline), subscriptions: [queue, hook], subscriptionAttributes: { [queue.arn]: muted, [hook.arn]: muted }, dataProtectionPolicy: '' });

    expect(plan.subscriptionChanges.map((c) => [c.subscriptionArn, c.attribute, c.after])).toEqual([[queue.arn, 'FilterPolicy', '{}']]);
    expect(plan.others).toEqual([hook]);
  });

  it('plans to remove a data protection policy that denies messages, and keeps an audit-only one', () => {
    const baseline = baselineFor();
    const policy = (operation: Record<string, unknown>) => JSON.stringify({ Name: 'p', Version: '2021-06-01', Statement: [{ Sid: 's', DataDirection: 'Outbound', Principal: ['*'], DataIdentifier: [], Operation: operation }] });
    const stateWith = (dataProtectionPolicy: string) => ({ exists: true, attributes: baselineAttributes(baseline), subscriptions: [], subscriptionAttributes: {}, dataProtectionPolicy });

    expect(planTopic(baseline, stateWith(policy({ Deny: {} }))).dataProtection).toEqual({ before: policy({ Deny: {} }), blockers: ['s denies outbound messages that match its data identifiers'] });
    expect(planTopic(baseline, stateWith(policy({ Audit: { SampleRate: '99' } }))).dataProtection).toBeUndefined();
  });

  it('finds which baseline subscribers are missing', () => {
    const baseline = baselineFor({ ALERT_SUBSCRIBERS: subscribers, ALERT_EMAIL: 'ops@example.com' });

    expect(missingSubscribers(baseline, [{ arn: `${TOPIC}:1`, protocol: 'email', endpoint: 'ops@example.com' }])).toEqual([{ protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:ops-inbox` }]);
  });
});

describe('topic ARNs', () => {
  it('reads the topic of a subscription ARN', () => {
    expect(topicOfSubscription('arn:aws:sns:us-west-2:111122223333:security-alerts:c3019def-3714-403e-ba29-eb14079d5c69')).toBe('arn:aws:sns:us-west-2:111122223333:security-alerts');
  });

  it('refuses a subscription ARN that is not one', () => {
    expect(topicOfSubscription('PendingConfirmation')).toBeUndefined();
  });

  it('splits a topic ARN into partition, region, account and name', () => {
    expect(parseTopicArn('arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts.fifo')).toEqual({ partition: 'aws-us-gov', region: 'us-gov-west-1', account: '111122223333', name: 'alerts.fifo' });
  });
});
