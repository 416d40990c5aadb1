/** What ops read: severity by risk, subjects that keep account and region, plain words, summaries, apply commands. */
import { parseEvent } from '../../../../shared/events/trigger';
import { buildNotification } from '../../../../shared/notify/message';
import type { Action, RemediationResult } from '../../../../shared/remediations/result';
import { summarise } from '../../../../shared/remediations/summary';
import { loadEvent } from '../../../../scripts/lib/events';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-security-trail';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e';

const base = (over: Partial<RemediationResult> = {}): RemediationResult =>
  ({
    remediation: 'reenable-trail',
    headline: 'Trail org-security-trail settings restored',
    outcome: 'remediated',
    verified: true,
    resource: { type: 'AWS::CloudTrail::Trail', id: TRAIL, name: 'org-security-trail', account: '111122223333', region: 'us-east-1' },
    actions: [],
    kept: [],
    reason: 'turned log file validation back on; a re-read confirms it',
    trigger: summarise(parseEvent(loadEvent('cloudtrail-updatetrail'))),
    ...over,
  }) as RemediationResult;

const update = (setting: string, before: unknown, after: unknown): Action => ({ api: 'UpdateTrail', target: TRAIL, status: 'done', params: { Name: TRAIL, setting }, before, after, undo: 'aws cloudtrail update-trail ...' });
const ingressResult = (severity: number): RemediationResult => {
  const trigger = summarise(parseEvent(loadEvent('guardduty-ssh-bruteforce')));
  return base({ remediation: 'revoke-open-ingress', headline: 'Public ingress revoked on sg-1', resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-1', account: '111122223333', region: 'us-east-1' }, trigger: { ...trigger, severity } });
};

describe('severity', () => {
  it('is LOW for a GuardDuty finding of severity 2, whatever was revoked', () => {
    expect(buildNotification(ingressResult(2)).attributes.severity).toBe('LOW');
  });

  it('is HIGH for a GuardDuty finding of severity 8', () => {
    expect(buildNotification(ingressResult(8)).attributes.severity).toBe('HIGH');
  });

  it('is CRITICAL for a GuardDuty finding of severity 9', () => {
    expect(buildNotification(ingressResult(9)).attributes.severity).toBe('CRITICAL');
  });

  it('follows the risk the remediation judged, and says why in the text', () => {
    const { attributes, body } = buildNotification(base({ outcome: 'skipped', verified: false, risk: { level: 'MEDIUM', why: 'not the baseline trail' } }));

    expect([attributes.severity, body.includes('Severity: MEDIUM (not the baseline trail)')]).toEqual(['MEDIUM', true]);
  });
});

describe('subject', () => {
  it.each([
    '14 metric filter(s) and 14 alarm(s) restored on /cloudtrail/org-security-trail',
    'Alerts topic chain-guard-demo-alerts recreated, 1 subscriber(s) back',
    'UnauthorizedAccess:EC2/SSHBruteForce in account 444455556666: not acted on',
  ])('keeps the account and region of "%s" within 99 characters', (headline) => {
    const subject = buildNotification(base({ headline })).subject;

    expect([subject.length <= 99, subject.endsWith('(111122223333 us-east-1)')]).toEqual([true, true]);
  });
});

describe('changes in plain words', () => {
  it('says log file validation was turned back on', () => {
    expect(buildNotification(base({ actions: [update('logFileValidation', false, true)] })).body).toContain('  - trail org-security-trail: log file validation turned back on (was off)');
  });

  it('says the encryption key went from none to the key', () => {
    expect(buildNotification(base({ actions: [update('kms', null, KEY)] })).body).toContain(`  - trail org-security-trail: encryption key: none -> ${KEY}`);
  });

  it('names no API in the change lines', () => {
    const { body } = buildNotification(base({ actions: [update('logFileValidation', false, true), update('kms', null, KEY)] }));

    expect(body).not.toMatch(/\[UpdateTrail\]|UpdateTrail \(/);
  });
});

describe('a subscriber put back', () => {
  const topic = 'arn:aws:sns:us-east-1:111122223333:alerts';
  const result = (): RemediationResult =>
    base({
      remediation: 'protect-notifications',
      resource: { type: 'AWS::SNS::Topic', id: topic, account: '111122223333', region: 'us-east-1' },
      actions: [{ api: 'Subscribe', target: 'sqs:arn:aws:sqs:us-east-1:111122223333:ops', status: 'done', params: { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:ops' }, before: { summary: 'not subscribed' }, after: 'subscribed' }],
      kept: [{ target: `${topic}:c3019def`, what: 'removed subscription', reason: 'its endpoint can no longer be read; restored only if it is a baseline subscriber' }],
    });

  it('is not also listed as left as it was', () => {
    expect(buildNotification(result()).body).not.toContain('Left as it was');
  });
});

describe('report mode', () => {
  it('prints the exact command that revokes the rule', () => {
    const planned: Action = { api: 'RevokeSecurityGroupIngress', target: 'sg-1 sgr-2', status: 'planned', params: { GroupId: 'sg-1', SecurityGroupRuleId: 'sgr-2' }, before: { summary: 'tcp 22 from 0.0.0.0/0' }, after: 'would be revoked' };
    const result = base({ outcome: 'reported', verified: false, resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-1', account: '111122223333', region: 'us-east-1' }, actions: [planned] });

    expect(buildNotification(result).body).toContain('To apply (the exact commands; run them in this order):\n  aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-1 --security-group-rule-ids sgr-2');
  });
});

describe('a sweep with many changes', () => {
  const many = (n: number): Action[] => Array.from({ length: n }, (_, i) => ({ api: 'PutMetricAlarm', target: `CIS-${i}`, status: 'done', params: {}, before: { summary: 'missing' }, after: 'restored', undo: `aws cloudwatch delete-alarms --alarm-names CIS-${i}` }));

  it('shows the count and the first 10 changes, then where the rest is', () => {
    const { body } = buildNotification(base({ actions: many(28) }));

    expect([body.includes('Changes (before -> after) (28 in all, the first 10):'), body.includes('  ... and 18 more: see the JSON notice'), body.includes('CIS-10 recreated')]).toEqual([true, true, false]);
  });

  it('keeps every change in the JSON notice', () => {
    const { bodies } = buildNotification(base({ actions: many(28) }));

    expect(JSON.parse(bodies?.sqs ?? '{}').result.actions).toHaveLength(28);
  });
});
