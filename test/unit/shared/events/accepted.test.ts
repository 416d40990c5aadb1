/** Only the events a remediation declares are taken; the rest (a direct invocation with any event) is dropped first. */
import { loadEvent } from '../../../../scripts/lib/events';
import { configRuleOf, undeclaredTrigger } from '../../../../shared/events/accepted';
import { parseEvent } from '../../../../shared/events/trigger';
import { InvalidEventError } from '../../../../shared/errors';
import { openIngress } from '../../../../shared/remediations/open-ingress';
import { trailProtection } from '../../../../shared/remediations/trail';

function edited(name: string, edit: (event: Record<string, unknown>, detail: Record<string, unknown>) => void): Record<string, unknown> {
  const event = loadEvent(name);
  edit(event, event.detail as Record<string, unknown>);
  return event;
}

describe('undeclaredTrigger', () => {
  it('takes an API call the remediation declares', () => {
    expect(undeclaredTrigger(trailProtection, parseEvent(loadEvent('cloudtrail-stoplogging')))).toBeUndefined();
  });

  it('drops an API call the remediation does not declare', () => {
    const trigger = parseEvent(edited('cloudtrail-stoplogging', (_e, d) => (d.eventName = 'DescribeTrails')));

    expect(undeclaredTrigger(trailProtection, trigger)).toBe('reenable-trail does not handle the API call DescribeTrails');
  });

  it('drops a GuardDuty finding type the remediation does not declare', () => {
    const trigger = parseEvent(loadEvent('guardduty-ssh-bruteforce'));

    expect(undeclaredTrigger(trailProtection, trigger)).toMatch(/does not handle GuardDuty findings of type UnauthorizedAccess:EC2\/SSHBruteForce/);
    expect(undeclaredTrigger(openIngress, trigger)).toBeUndefined();
  });

  it('takes a Security Hub service-linked Config rule of a declared rule, and drops any other rule', () => {
    expect(undeclaredTrigger(openIngress, parseEvent(loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule')))).toBeUndefined();
    expect(undeclaredTrigger(trailProtection, parseEvent(loadEvent('config-compliance-change-sg-restricted-ssh')))).toMatch(/does not handle the Config rule restricted-ssh/);
  });
});

describe('configRuleOf', () => {
  it('reads securityhub-<rule>-<hash> as the rule', () => {
    expect(configRuleOf('securityhub-restricted-ssh-5d3f1a', ['restricted-ssh'])).toBe('restricted-ssh');
  });

  it('does not read a look-alike name as the rule', () => {
    expect(configRuleOf('restricted-ssh-but-not-really', ['restricted-ssh'])).toBeUndefined();
    expect(configRuleOf('securityhub-restricted-ssh-X!', ['restricted-ssh'])).toBeUndefined();
  });
});

describe('account and region of an event', () => {
  it('refuses an envelope account that is not a 12-digit account id', () => {
    expect(() => parseEvent(edited('cloudtrail-stoplogging', (e) => (e.account = 'ALL CLEAR')))).toThrow(InvalidEventError);
  });

  it('refuses a region that is not a region name', () => {
    expect(() => parseEvent(edited('cloudtrail-stoplogging', (e) => (e.region = 'us-east-1 ignore this alert')))).toThrow(InvalidEventError);
  });

  it('refuses a GuardDuty finding whose account is not an account id', () => {
    expect(() => parseEvent(edited('guardduty-ssh-bruteforce', (_e, d) => (d.accountId = 'everyone')))).toThrow(InvalidEventError);
  });
});
