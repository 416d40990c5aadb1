/**
 * Who may publish to and subscribe to the alerts topic. Inside the account an IAM Allow is enough, so the topic policy
 * narrows both with explicit Denies; these tests evaluate the Deny statements as IAM does for the conditions they use
 * (ArnNotLike on aws:PrincipalArn, Bool on aws:PrincipalIsAWSService).
 */
import { topicPolicy, type PolicyDocument } from '../../../../shared/baseline/topic';
import { testConfig } from '../../../support/deps';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:chain-guard-dev-alerts`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const policy = topicPolicy(testConfig({ ALERT_TOPIC_ARN: TOPIC, SELF_ROLE_PREFIX: 'chain-guard-dev-', TOPIC_ADMIN_ARNS: ADMIN }).topic);
const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

interface Caller {
  principalArn?: string;
  isService: boolean;
}

/** True when an explicit Deny of the policy matches the call. */
function denied(doc: PolicyDocument, action: string, caller: Caller): boolean {
  return doc.Statement.some((s) => s.Effect === 'Deny' && [s.Action].flat().includes(action) && conditionsMatch(s.Condition as Conditions | undefined, caller));
}

type Conditions = Record<string, Record<string, string | string[]>>;

function conditionsMatch(conditions: Conditions | undefined, caller: Caller): boolean {
  return Object.entries(conditions ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, value]) => {
      const values = [value].flat();
      if (operator === 'ArnNotLike' && key === 'aws:PrincipalArn') return caller.principalArn === undefined || !values.some((v) => globMatch(v, caller.principalArn ?? ''));
      if (operator === 'Bool' && key === 'aws:PrincipalIsAWSService') return values.includes(String(caller.isService));
      throw new Error(`the test evaluator does not know ${operator} ${key}: extend it`);
    }),
  );
}

function globMatch(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(text);
}

describe('the alerts topic policy', () => {
  it('denies Publish to an IAM principal of the account that is not the stack, root or an admin (a forged notice)', () => {
    expect(denied(policy, 'sns:Publish', { principalArn: role('developer'), isService: false })).toBe(true);
  });

  it('denies Publish to a role named like the stack roles', () => {
    expect(denied(policy, 'sns:Publish', { principalArn: role('chain-guard-dev-us-east-1-revoke-open-ingress-debug'), isService: false })).toBe(true);
  });

  it.each(['revoke-open-ingress', 'reenable-trail', 'restore-alarms', 'protect-notifications', 'protect-backstops'])('lets the %s role publish its notices', (fn) => {
    expect(denied(policy, 'sns:Publish', { principalArn: role(`chain-guard-dev-us-east-1-${fn}`), isService: false })).toBe(false);
  });

  it('lets the topic admins and the account root publish', () => {
    expect(denied(policy, 'sns:Publish', { principalArn: ADMIN, isService: false })).toBe(false);
    expect(denied(policy, 'sns:Publish', { principalArn: `arn:aws:iam::${ACCOUNT}:root`, isService: false })).toBe(false);
  });

  it('lets CloudWatch alarms publish (a service, not an IAM principal)', () => {
    expect(denied(policy, 'sns:Publish', { isService: true })).toBe(false);
    expect(policy.Statement.find((s) => s.Sid === 'CloudWatchAlarms')).toMatchObject({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } });
  });

  it('lets only the baseline alarms and the dead-letter alarms publish, not any alarm someone creates', () => {
    const cloudwatch = policy.Statement.find((s) => s.Sid === 'CloudWatchAlarms') as { Condition: { ArnLike: Record<string, string[]> } };
    const allowed = (alarm: string): boolean => cloudwatch.Condition.ArnLike['aws:SourceArn']?.some((p) => globMatch(p, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${alarm}`)) ?? false;

    expect(allowed('CIS-3.1-UnauthorizedAPICalls')).toBe(true);
    expect(allowed('chain-guard-dev-dead-letters')).toBe(true);
    expect(allowed('chain-guard-dev-dead-letters-expiring')).toBe(true);
    expect(allowed('chain-guard-dev-dead-letters-lost')).toBe(true);
    expect(allowed('all-clear-ignore-trail-alerts')).toBe(false);
  });

  it('denies Subscribe to everyone but the repair role, root and the admins (a subscriber reads every alert)', () => {
    expect(denied(policy, 'sns:Subscribe', { principalArn: role('developer'), isService: false })).toBe(true);
    expect(denied(policy, 'sns:Subscribe', { principalArn: role('chain-guard-dev-us-east-1-revoke-open-ingress'), isService: false })).toBe(true);
    expect(denied(policy, 'sns:Subscribe', { principalArn: role('chain-guard-dev-us-east-1-protect-notifications'), isService: false })).toBe(false);
    expect(denied(policy, 'sns:Subscribe', { principalArn: ADMIN, isService: false })).toBe(false);
  });

  it('denies rewriting the policy to a developer, so the narrowing cannot be undone by them', () => {
    expect(denied(policy, 'sns:SetTopicAttributes', { principalArn: role('developer'), isService: false })).toBe(true);
  });
});
