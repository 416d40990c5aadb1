/** buildNotification: the SNS subject, the attributes subscribers filter on, and the body ops read. */
import { parseEvent } from '../../../../shared/events/trigger';
import { buildNotification } from '../../../../shared/notify/message';
import type { Action, RemediationResult } from '../../../../shared/remediations/result';
import { summarise } from '../../../../shared/remediations/summary';
import { loadEvent } from '../../../../scripts/lib/events';

const GROUP = 'sg-0f63fecfa17ef4fee';
const RULE = 'sgr-027eb7c59241731e0';
const UNDO = `aws ec2 authorize-security-group-ingress --region us-east-1 --group-id ${GROUP} --ip-permissions '[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]'`;

const revokeAction = (status: Action['status']): Action => ({
  api: 'RevokeSecurityGroupIngress',
  target: `${GROUP} ${RULE}`,
  status,
  params: { GroupId: GROUP, SecurityGroupRuleId: RULE },
  before: { ruleId: RULE, protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', description: null, summary: 'tcp 22 from 0.0.0.0/0' },
  after: status === 'planned' ? 'would be revoked' : 'revoked',
  undo: UNDO,
});

/** The result revoke-open-ingress gives for the real CLI AuthorizeSecurityGroupIngress event. */
function remediated(): RemediationResult {
  return {
    remediation: 'revoke-open-ingress',
    headline: `Public ingress revoked on ${GROUP}`,
    outcome: 'remediated',
    verified: true,
    resource: { type: 'AWS::EC2::SecurityGroup', id: GROUP, account: '111122223333', region: 'us-east-1', name: 'web', arn: `arn:aws:ec2:us-east-1:111122223333:security-group/${GROUP}` },
    actions: [revokeAction('done')],
    kept: [{ target: `${GROUP} sgr-0443`, what: 'tcp 443 from 0.0.0.0/0', reason: 'authorized public port (AUTHORIZED_TCP_PORTS)' }],
    reason: 'Revoked 1 world-open ingress rule(s); a re-read confirms they are gone',
    trigger: summarise(parseEvent(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'))),
  };
}

function failed(): RemediationResult {
  const error = 'RevokeSecurityGroupIngress failed: UnauthorizedOperation: You are not authorized to perform this operation.';
  return {
    ...remediated(),
    headline: `Public ingress NOT revoked on ${GROUP}`,
    outcome: 'failed',
    verified: false,
    actions: [{ api: 'RevokeSecurityGroupIngress', target: GROUP, status: 'failed', params: {}, error }],
    kept: [],
    error,
    reason: `Could not revoke every world-open rule: ${error}`,
  };
}

function reported(): RemediationResult {
  return {
    ...remediated(),
    headline: `Public ingress found on ${GROUP} (report mode)`,
    outcome: 'reported',
    verified: false,
    actions: [revokeAction('planned')],
    reason: 'Report mode: would revoke 1 world-open ingress rule(s)',
  };
}

const humanPart = (body: string): string => body;

describe('buildNotification subject', () => {
  it('reads [OUTCOME] headline (account region) for an ordinary result', () => {
    // Prepare
    const result = remediated();

    // Act
    const { subject } = buildNotification(result);

    // Assess
    expect(subject).toBe(`[REMEDIATED] Public ingress revoked on ${GROUP} (111122223333 us-east-1)`);
  });

  describe('for a very long headline with non-ASCII characters and line breaks', () => {
    const longId = `sg-${'0'.repeat(40)}\u00e9\u2014\u{1F512}\r\nX-Injected: yes\t${'f'.repeat(80)}`;
    const result = (): RemediationResult => ({ ...failed(), headline: `Public ingress NOT revoked on ${longId} \u00fcber alles\n`, resource: { ...failed().resource, id: longId } });

    it('keeps the subject to at most 100 characters', () => {
      // Prepare
      const input = result();

      // Act
      const { subject } = buildNotification(input);

      // Assess
      expect(subject.length).toBeLessThanOrEqual(100);
    });

    it('keeps the subject on one line', () => {
      // Prepare
      const input = result();

      // Act
      const { subject } = buildNotification(input);

      // Assess
      expect(subject).not.toMatch(/[\r\n]/);
    });

    it('keeps the subject to printable ASCII', () => {
      // Prepare
      const input = result();

      // Act
      const { subject } = buildNotification(input);

      // Assess
      expect(subject).toMatch(/^[\x20-\x7e]+$/);
    });

    it('still starts the subject with the outcome tag', () => {
      // Prepare
      const input = result();

      // Act
      const { subject } = buildNotification(input);

      // Assess
      expect(subject.startsWith('[FAILED] Public ingress NOT revoked')).toBe(true);
    });
  });

  it('shortens the middle of a long headline and keeps its end, the account and the region', () => {
    // Prepare
    const result = { ...remediated(), headline: `Public ingress revoked on ${'x'.repeat(50)}-end` };

    // Act
    const { subject } = buildNotification(result);

    // Assess
    expect([subject.length <= 99, subject.startsWith('[REMEDIATED] Public ingress'), subject.endsWith('xx-end (111122223333 us-east-1)'), subject.includes('...')]).toEqual([true, true, true, true]);
  });
});

describe('buildNotification attributes', () => {
  it('carries the outcome, severity, account, region, resource type and event name', () => {
    // Prepare
    const result = remediated();

    // Act
    const { attributes } = buildNotification(result);

    // Assess
    expect(attributes).toEqual(
      expect.objectContaining({
        outcome: 'remediated',
        severity: 'HIGH',
        account: '111122223333',
        region: 'us-east-1',
        resourceType: 'AWS::EC2::SecurityGroup',
        eventName: 'AuthorizeSecurityGroupIngress',
      }),
    );
  });

  it('marks a failed repair of world-open ingress HIGH: the group may still be open', () => {
    // Prepare
    const result = failed();

    // Act
    const { attributes } = buildNotification(result);

    // Assess
    expect([attributes.outcome, attributes.severity]).toEqual(['failed', 'HIGH']);
  });
});

describe('buildNotification body', () => {
  it('starts with the outcome and the headline, not with JSON', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(body.split('\n')[0]).toBe(`REMEDIATED: Public ingress revoked on ${GROUP}`);
  });

  it('says who made the call, from where, with what tool and when', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(
      'What happened: dev-user (IAMUser, arn:aws:iam::111122223333:user/dev-user) called AuthorizeSecurityGroupIngress from 203.0.113.88 using aws-cli/2.17.60 at 2024-10-14T14:11:38Z.',
    );
  });

  it('says where the resource is', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`Where: account 111122223333, region us-east-1, AWS::EC2::SecurityGroup ${GROUP} (web)`);
  });

  it('shows each change as before -> after', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`Changes (before -> after):\n  - ${GROUP} ${RULE}: tcp 22 from 0.0.0.0/0 -> revoked`);
  });

  it('lists what was left as it was and why', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`Left as it was:\n  - ${GROUP} sgr-0443: tcp 443 from 0.0.0.0/0 -- authorized public port (AUTHORIZED_TCP_PORTS)`);
  });

  it('says how to undo a change that was done', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`How to undo (only if the change was intended):\n  ${UNDO}`);
  });

  it('links the security group in the console', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`Console: https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=${GROUP}`);
  });

  it('gives sqs and lambda subscribers the whole result as JSON', () => {
    // Prepare
    const result = remediated();

    // Act
    const { bodies } = buildNotification(result);

    // Assess
    expect([JSON.parse(bodies?.sqs ?? '{}').result, JSON.parse(bodies?.lambda ?? '{}').result]).toEqual([result, result]);
  });

  it('gives e-mail and default subscribers the readable text, without JSON', () => {
    // Prepare
    const result = remediated();

    // Act
    const { bodies } = buildNotification(result);

    // Assess
    expect([bodies?.email.startsWith('REMEDIATED: '), bodies?.default === bodies?.email, bodies?.email.includes('"outcome"')]).toEqual([true, true, false]);
  });

  it('tells ops that action is needed when the repair failed, with the error', () => {
    // Prepare
    const result = failed();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain('ACTION NEEDED: the repair did not complete; the resource may still be exposed. Error: RevokeSecurityGroupIngress failed: UnauthorizedOperation');
  });

  it('lists the failed action under Failed', () => {
    // Prepare
    const result = failed();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`Failed:\n  - RevokeSecurityGroupIngress ${GROUP}: RevokeSecurityGroupIngress failed: UnauthorizedOperation`);
  });

  it('offers no undo command when nothing was changed', () => {
    // Prepare
    const result = failed();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).not.toContain('How to undo');
  });

  it('does not say ACTION NEEDED for a successful repair', () => {
    // Prepare
    const result = remediated();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(body).not.toContain('ACTION NEEDED');
  });

  it('says nothing was changed in report mode', () => {
    // Prepare
    const result = reported();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain('Report mode (REMEDIATION_MODE=report): nothing was changed.');
  });

  it('lists the planned changes in report mode as would change', () => {
    // Prepare
    const result = reported();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(`Would change (before -> after):\n  - ${GROUP} ${RULE}: tcp 22 from 0.0.0.0/0 -> would be revoked`);
  });

  it('offers no undo command in report mode', () => {
    // Prepare
    const result = reported();

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).not.toContain('How to undo');
  });

  it('describes a GuardDuty finding with its title and the remote address', () => {
    // Prepare
    const trigger = summarise(parseEvent(loadEvent('guardduty-ssh-bruteforce')));
    const result: RemediationResult = { ...remediated(), trigger, resource: { type: 'AWS::EC2::Instance', id: 'i-081de1d7604b11e4a', account: '111122223333', region: 'us-east-1' } };

    // Act
    const { body } = buildNotification(result);

    // Assess
    expect(humanPart(body)).toContain(
      'What happened: GuardDuty reported UnauthorizedAccess:EC2/SSHBruteForce at 2018-08-26T14:17:23.000Z: GuardDuty finding 70b7e42a3241b4c73d8d8cf7b1781f7e (severity 2): 198.51.100.23 is performing SSH brute force attacks against i-081de1d7604b11e4a. Remote address: 198.51.100.23.',
    );
  });
});
