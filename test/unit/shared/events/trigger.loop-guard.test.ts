/** The loop guard (exact role ARNs, never a name) and the account check, tried as an attacker would. */
import { foreignAccount, ignoreReason, parseEvent } from '../../../../shared/events/trigger';
import { loadEvent } from '../../../../scripts/lib/events';

const OWN_ROLES = [
  'arn:aws:iam::111122223333:role/chain-guard-prod-us-east-1-revoke-open-ingress',
  'arn:aws:iam::111122223333:role/chain-guard-prod-us-east-1-reenable-trail',
];

type Detail = Record<string, unknown>;
const detailOf = (event: Record<string, unknown>): Detail => event.detail as Detail;

/** The real StopLogging event, made by a session of the role `arn` (issuer type Role). */
function withIssuer(arn: string, name: string): Record<string, unknown> {
  const event = loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn');
  const account = arn.split(':')[4];
  detailOf(event).userIdentity = {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/${name}/session-1`,
    accountId: account,
    sessionContext: { sessionIssuer: { type: 'Role', userName: name, arn, accountId: account } },
  };
  return event;
}

describe('ignoreReason: the loop guard', () => {
  it('ignores a call made by the stack own role, matched by its exact ARN', () => {
    // Prepare
    const trigger = parseEvent(withIssuer('arn:aws:iam::111122223333:role/chain-guard-prod-us-east-1-reenable-trail', 'chain-guard-prod-us-east-1-reenable-trail'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBe("caused by the backend's own role arn:aws:iam::111122223333:role/chain-guard-prod-us-east-1-reenable-trail (loop guard)");
  });

  it('acts on a look-alike role whose name starts with the stack prefix', () => {
    // Prepare
    const trigger = parseEvent(withIssuer('arn:aws:iam::111122223333:role/chain-guard-prod-debug', 'chain-guard-prod-debug'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('acts on a look-alike federated user (GetFederationToken) named like the stack role', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn');
    detailOf(event).userIdentity = {
      type: 'FederatedUser',
      arn: 'arn:aws:sts::111122223333:federated-user/chain-guard-prod-us-east-1-reenable-trail',
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: { type: 'IAMUser', userName: 'chain-guard-prod-us-east-1-reenable-trail', arn: 'arn:aws:iam::111122223333:user/chain-guard-prod-us-east-1-reenable-trail' },
      },
    };
    const trigger = parseEvent(event);

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('acts on the real role name in another account', () => {
    // Prepare
    const trigger = parseEvent(withIssuer('arn:aws:iam::999988887777:role/chain-guard-prod-us-east-1-reenable-trail', 'chain-guard-prod-us-east-1-reenable-trail'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('acts on an assumed-role ARN that names the stack role but carries no session issuer', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn');
    detailOf(event).userIdentity = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/chain-guard-prod-us-east-1-reenable-trail/1700000000000' };
    const trigger = parseEvent(event);

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

});

describe('foreignAccount', () => {
  it('finds no foreign account in a CloudTrail event of this account', () => {
    const trigger = parseEvent(loadEvent('cloudtrail-stoplogging'));

    expect(foreignAccount(trigger, '111122223333')).toBeUndefined();
  });

  it('names the member account of a GuardDuty finding delivered to this (administrator) account', () => {
    const event = loadEvent('guardduty-stealth-cloudtrail-logging-disabled');
    detailOf(event).accountId = '444455556666';

    expect(foreignAccount(parseEvent(event), '111122223333')).toBe('444455556666');
  });

  it('names the recipient account of a CloudTrail event forwarded from another account', () => {
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    detailOf(event).recipientAccountId = '444455556666';

    expect(foreignAccount(parseEvent(event), '111122223333')).toBe('444455556666');
  });

  it('names the envelope account when the detail names this account but the event came from another', () => {
    const event = loadEvent('config-compliance-change-sg-restricted-ssh');
    event.account = '444455556666';

    expect(foreignAccount(parseEvent(event), '111122223333')).toBe('444455556666');
  });
});

describe('parseEvent: forged events', () => {
  it('refuses a CloudTrail-shaped event from a custom source (events:PutEvents), naming the source', () => {
    const event = loadEvent('cloudwatch-deletealarms');
    event.source = 'attacker.app';

    expect(() => parseEvent(event)).toThrow('Event source "attacker.app" is not an AWS service');
  });
});
