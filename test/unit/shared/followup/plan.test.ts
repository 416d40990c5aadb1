/** planFollowUp: which verified results of Config events re-evaluate the rule and resolve Security Hub's finding. Pure. */
import { loadEvent } from '../../../../scripts/lib/events';
import { securityHubRule } from '../../../../shared/events/accepted';
import { followUpPermissions, planFollowUp } from '../../../../shared/followup/plan';
import { sameResource } from '../../../../shared/followup/security-hub';
import { parseEvent, type Trigger } from '../../../../shared/events/trigger';
import { backstops } from '../../../../shared/remediations/backstops';
import { openIngress } from '../../../../shared/remediations/open-ingress';
import type { RemediationResult } from '../../../../shared/remediations/result';
import { summarise } from '../../../../shared/remediations/summary';

const GROUP = 'sg-0f63fecfa17ef4fee';

function configTrigger(edit: (detail: Record<string, unknown>) => void = () => undefined): Trigger {
  const event = loadEvent('config-compliance-change-sg-restricted-ssh');
  edit(event.detail as Record<string, unknown>);
  return parseEvent(event);
}

function resultOf(trigger: Trigger, outcome: 'remediated' | 'already-compliant' | 'reported' | 'failed' | 'skipped'): RemediationResult {
  const base = { remediation: 'revoke-open-ingress', headline: `Public ingress revoked on ${GROUP}`, resource: { type: 'AWS::EC2::SecurityGroup', id: GROUP, account: '111122223333', region: 'us-east-1' }, actions: [], kept: [], reason: 'r', trigger: summarise(trigger) };
  if (outcome === 'remediated' || outcome === 'already-compliant') return { ...base, outcome, verified: true };
  if (outcome === 'failed') return { ...base, outcome, verified: false, error: 'AccessDenied' };
  return { ...base, outcome, verified: false };
}

describe('planFollowUp', () => {
  it('re-evaluates the reporting rule after a verified fix of a Config event', () => {
    // Prepare
    const trigger = configTrigger();

    // Act
    const plan = planFollowUp(trigger, resultOf(trigger, 'remediated'));

    // Assess
    expect(plan).toEqual(expect.objectContaining({ ruleName: 'restricted-ssh', resourceId: GROUP, account: '111122223333', region: 'us-east-1', securityHub: false }));
    expect(plan?.skipReevaluation).toBeUndefined();
  });

  it('re-evaluates the rule when the resource was already fixed and Config had found it compliant before (its NON_COMPLIANT is stale)', () => {
    const trigger = configTrigger();

    const plan = planFollowUp(trigger, resultOf(trigger, 'already-compliant'));

    expect(plan?.skipReevaluation).toBeUndefined();
  });

  it('does not re-evaluate, and says why, when Config found the resource NON_COMPLIANT twice while nothing needed fixing (no loop)', () => {
    const trigger = configTrigger((d) => ((d.oldEvaluationResult as Record<string, unknown>).complianceType = 'NON_COMPLIANT'));

    const plan = planFollowUp(trigger, resultOf(trigger, 'already-compliant'));

    expect(plan?.skipReevaluation).toMatch(/NON_COMPLIANT twice in a row/);
  });

  it('still re-evaluates after a fix when Config had found the resource NON_COMPLIANT before (something was changed)', () => {
    const trigger = configTrigger((d) => ((d.oldEvaluationResult as Record<string, unknown>).complianceType = 'NON_COMPLIANT'));

    const plan = planFollowUp(trigger, resultOf(trigger, 'remediated'));

    expect(plan?.skipReevaluation).toBeUndefined();
  });

  it.each(['reported', 'failed', 'skipped'] as const)('follows up nothing after a %s result (nothing verified)', (outcome) => {
    const trigger = configTrigger();

    expect(planFollowUp(trigger, resultOf(trigger, outcome))).toBeUndefined();
  });

  it('follows up nothing after a fix triggered by a CloudTrail call (no Config rule to tell)', () => {
    const trigger = parseEvent(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'));

    expect(planFollowUp(trigger, resultOf(trigger, 'remediated'))).toBeUndefined();
  });

  it('resolves the Security Hub finding when Security Hub owns the rule', () => {
    const trigger = parseEvent(loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule'));

    expect(planFollowUp(trigger, resultOf(trigger, 'remediated'))?.securityHub).toBe(true);
  });

  it('leaves the Security Hub finding open when chain-guard found the resource already compliant (it fixed nothing)', () => {
    const trigger = parseEvent(loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule'));

    expect(planFollowUp(trigger, resultOf(trigger, 'already-compliant'))?.securityHub).toBe(false);
  });

  it('leaves the Security Hub finding open when Config found the resource NON_COMPLIANT twice and chain-guard nothing to fix', () => {
    const event = loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule');
    (event.detail as Record<string, unknown>).oldEvaluationResult = { complianceType: 'NON_COMPLIANT' };
    const trigger = parseEvent(event);

    expect(planFollowUp(trigger, resultOf(trigger, 'already-compliant'))?.securityHub).toBe(false);
  });

  it('leaves a note naming the remediation, what it did and the event', () => {
    const trigger = configTrigger();

    const plan = planFollowUp(trigger, resultOf(trigger, 'remediated'));

    expect(plan?.note).toBe(`chain-guard revoke-open-ingress fixed it: Public ingress revoked on ${GROUP} (event ${trigger.eventId})`);
  });
});

describe('securityHubRule', () => {
  it.each([
    ['securityhub-vpc-sg-open-only-to-authorized-ports-baa2cf8c', true],
    ['securityhub-multi-region-cloud-trail-enabled-1a2b3c4d', true],
    ['restricted-ssh', false],
    ['my-securityhub-rule', false],
  ])('%s is a Security Hub rule: %s', (name, owned) => {
    expect(securityHubRule(name) !== undefined).toBe(owned);
  });

  it('names the managed rule Security Hub runs', () => {
    expect(securityHubRule('securityhub-vpc-sg-open-only-to-authorized-ports-baa2cf8c')).toBe('vpc-sg-open-only-to-authorized-ports');
  });
});

describe('followUpPermissions', () => {
  it('grants the follow-up actions to a remediation that takes Config rules', () => {
    expect(followUpPermissions(openIngress)).toEqual(['config:StartConfigRulesEvaluation', 'securityhub:GetFindings', 'securityhub:BatchUpdateFindings']);
  });

  it('grants nothing to a remediation without Config rules', () => {
    expect(followUpPermissions(backstops)).toEqual([]);
  });
});

describe('sameResource', () => {
  it.each([
    [`arn:aws:ec2:us-east-1:111122223333:security-group/${GROUP}`, GROUP, true],
    [`arn:aws:ec2:us-east-1:111122223333:security-group/${GROUP}1`, GROUP, false],
    ['AWS::::Account:111122223333', '111122223333', true],
    ['arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events', 'management-events', true],
    ['arn:aws:cloudtrail:us-east-1:111122223333:trail/old-management-events', 'management-events', false],
  ])('%s names %s: %s', (findingId, configId, same) => {
    expect(sameResource(findingId, configId)).toBe(same);
  });
});
