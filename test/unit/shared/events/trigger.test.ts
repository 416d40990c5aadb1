/** parseEvent and ignoreReason on the real-world events (test/fixtures/aws-events, shapes in ../shared/aws-events/README.md). */
import { InvalidEventError } from '../../../../shared/errors';
import { ignoreReason, parseEvent, roleName, type Trigger } from '../../../../shared/events/trigger';
import { loadEvent } from '../../../../scripts/lib/events';

const OWN_ROLES = ['arn:aws:iam::111122223333:role/chain-guard-prod-us-east-1-reenable-trail'];

type Detail = Record<string, unknown>;
const detailOf = (event: Record<string, unknown>): Detail => event.detail as Detail;

/** The error parseEvent throws for `raw`, or undefined when it parses. */
function parseError(raw: unknown): unknown {
  try {
    parseEvent(raw);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('parseEvent on every real-world fixture', () => {
  it.each([
    { file: 'cloudtrail-deletetrail', kind: 'cloudtrail', eventName: 'DeleteTrail', region: 'us-east-1' },
    { file: 'cloudtrail-stoplogging-assumed-role-trail-arn', kind: 'cloudtrail', eventName: 'StopLogging', region: 'us-east-1' },
    { file: 'cloudtrail-stoplogging', kind: 'cloudtrail', eventName: 'StopLogging', region: 'us-east-1' },
    { file: 'cloudtrail-updatetrail-failed-trailnotfound', kind: 'cloudtrail', eventName: 'UpdateTrail', region: 'us-east-2' },
    { file: 'cloudtrail-updatetrail', kind: 'cloudtrail', eventName: 'UpdateTrail', region: 'us-west-2' },
    { file: 'cloudwatch-deletealarms', kind: 'cloudtrail', eventName: 'DeleteAlarms', region: 'us-east-1' },
    { file: 'config-compliance-change-account-cloudtrail-enabled', kind: 'config', eventName: 'cloudtrail-enabled', region: 'us-east-2' },
    { file: 'config-compliance-change-cloudtrail-trail', kind: 'config', eventName: 'cloud-trail-log-file-validation-enabled', region: 'us-east-1' },
    { file: 'config-compliance-change-sg-first-evaluation-securityhub-rule', kind: 'config', eventName: 'securityhub-vpc-sg-open-only-to-authorized-ports-baa2cf8c', region: 'eu-west-2' },
    { file: 'config-compliance-change-sg-restricted-ssh', kind: 'config', eventName: 'restricted-ssh', region: 'us-east-1' },
    { file: 'ec2-authorize-sg-ingress-by-groupname', kind: 'cloudtrail', eventName: 'AuthorizeSecurityGroupIngress', region: 'us-east-1' },
    { file: 'ec2-authorize-sg-ingress-cli-with-rule-ids', kind: 'cloudtrail', eventName: 'AuthorizeSecurityGroupIngress', region: 'us-east-1' },
    { file: 'ec2-authorize-sg-ingress-console-ipv4-ipv6-world', kind: 'cloudtrail', eventName: 'AuthorizeSecurityGroupIngress', region: 'us-east-1' },
    { file: 'ec2-authorize-sg-ingress-toplevel-cidrip', kind: 'cloudtrail', eventName: 'AuthorizeSecurityGroupIngress', region: 'us-east-1' },
    { file: 'ec2-modify-security-group-rules', kind: 'cloudtrail', eventName: 'ModifySecurityGroupRules', region: 'us-east-1' },
    { file: 'guardduty-iam-instance-credential-exfiltration', kind: 'guardduty', eventName: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', region: 'us-east-1' },
    { file: 'guardduty-iam-toripcaller-sample-finding', kind: 'guardduty', eventName: 'UnauthorizedAccess:IAMUser/TorIPCaller', region: 'us-east-1' },
    { file: 'guardduty-portprobe-unprotected-port', kind: 'guardduty', eventName: 'Recon:EC2/PortProbeUnprotectedPort', region: 'us-east-1' },
    { file: 'guardduty-ssh-bruteforce', kind: 'guardduty', eventName: 'UnauthorizedAccess:EC2/SSHBruteForce', region: 'us-east-1' },
    { file: 'guardduty-stealth-cloudtrail-logging-disabled', kind: 'guardduty', eventName: 'Stealth:IAMUser/CloudTrailLoggingDisabled', region: 'us-east-1' },
    { file: 'logs-deletemetricfilter', kind: 'cloudtrail', eventName: 'DeleteMetricFilter', region: 'us-east-1' },
    { file: 'sns-deletetopic', kind: 'cloudtrail', eventName: 'DeleteTopic', region: 'us-west-2' },
    { file: 'sns-unsubscribe', kind: 'cloudtrail', eventName: 'Unsubscribe', region: 'us-west-2' },
  ])('parses $file as a $kind trigger for $eventName in $region', ({ file, kind, eventName, region }) => {
    // Prepare
    const event = loadEvent(file);

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger).toEqual(expect.objectContaining({ kind, eventName, region, account: '111122223333' }));
  });

  it('rejects the Config configuration-item change with an InvalidEventError naming its detail-type', () => {
    // Prepare
    const event = loadEvent('config-configuration-item-change-sg');

    // Act
    const error = parseError(event);

    // Assess
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toContain('"Config Configuration Item Change"');
  });
});

describe('parseEvent account, region and ids', () => {
  it('takes a GuardDuty finding account and region from detail, not from the envelope', () => {
    // Prepare
    const event = { ...loadEvent('guardduty-ssh-bruteforce'), account: '999988887777', region: 'eu-central-1' };
    Object.assign(detailOf(event), { accountId: '444455556666', region: 'ap-southeast-2' });

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect([trigger.account, trigger.region]).toEqual(['444455556666', 'ap-southeast-2']);
  });

  it('takes a Config compliance change account and region from awsAccountId and awsRegion', () => {
    // Prepare
    const event = { ...loadEvent('config-compliance-change-sg-restricted-ssh'), account: '999988887777', region: 'eu-central-1' };
    Object.assign(detailOf(event), { awsAccountId: '444455556666', awsRegion: 'ap-southeast-2' });

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect([trigger.account, trigger.region]).toEqual(['444455556666', 'ap-southeast-2']);
  });

  it('takes a CloudTrail call region from awsRegion, not from the envelope', () => {
    // Prepare
    const event = { ...loadEvent('cloudtrail-updatetrail'), region: 'eu-central-1' };

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.region).toBe('us-west-2');
  });

  it('takes a CloudTrail call account from recipientAccountId when present', () => {
    // Prepare
    const event = { ...loadEvent('cloudtrail-stoplogging'), account: '999988887777' };

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.account).toBe('111122223333');
  });

  it('falls back to the envelope account for a CloudTrail record without recipientAccountId', () => {
    // Prepare
    const event = { ...loadEvent('sns-unsubscribe'), account: '999988887777' };

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.account).toBe('999988887777');
  });

  it('uses the CloudTrail eventID and eventTime as the trigger id and time', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect([trigger.eventId, trigger.time]).toEqual(['c409b898-91e4-44d5-a994-68741a8a0212', '2024-10-14T14:11:38Z']);
  });

  it('keeps the request parameters and the response of a CloudTrail call', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.kind === 'cloudtrail' && [trigger.request.groupId, trigger.response?._return]).toEqual(['sg-0f63fecfa17ef4fee', true]);
  });

  it('gives a failed call with responseElements null a null response and its errorCode', () => {
    // Prepare
    const event = loadEvent('cloudtrail-updatetrail-failed-trailnotfound');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.kind === 'cloudtrail' && [trigger.response, trigger.errorCode]).toEqual([null, 'TrailNotFoundException']);
  });

  it('reads the Config rule, resource and new compliance of a first evaluation without oldEvaluationResult', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-sg-first-evaluation-securityhub-rule');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger).toEqual(
      expect.objectContaining({
        kind: 'config',
        ruleName: 'securityhub-vpc-sg-open-only-to-authorized-ports-baa2cf8c',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0123456789abcdef0',
        compliance: 'NON_COMPLIANT',
      }),
    );
  });

  it('reads the finding id and a decimal severity of a GuardDuty finding', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    detailOf(event).severity = 8.5;

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.kind === 'guardduty' && [trigger.findingId, trigger.severity]).toEqual(['70b7e42a3241b4c73d8d8cf7b1781f7e', 8.5]);
  });
});

describe('parseEvent on malformed input', () => {
  it.each([
    { name: 'a string', raw: 'not an event' },
    { name: 'null', raw: null },
    { name: 'an array', raw: [] },
  ])('rejects $name as not an EventBridge envelope', ({ raw }) => {
    // Prepare
    const input = raw;

    // Act
    const error = parseError(input);

    // Assess
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/^Not a valid EventBridge envelope: \(root\)/);
  });

  it('rejects an envelope without detail and names the detail field', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging');
    delete event.detail;

    // Act
    const error = parseError(event);

    // Assess
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/EventBridge envelope: detail:/);
  });

  it('rejects a CloudTrail detail without eventName and names the eventName field', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    delete detailOf(event).eventName;

    // Act
    const error = parseError(event);

    // Assess
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/CloudTrail detail: eventName:/);
  });

  it('rejects a GuardDuty finding without accountId and names the accountId field', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    delete detailOf(event).accountId;

    // Act
    const error = parseError(event);

    // Assess
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/GuardDuty finding: accountId:/);
  });

  it('keeps the zod error as the cause of an InvalidEventError', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-sg-restricted-ssh');
    delete detailOf(event).resourceId;

    // Act
    const error = parseError(event);

    // Assess
    expect((error as Error).cause).toBeDefined();
  });
});

describe('parseEvent actor', () => {
  it('names an IAM user by userName and keeps its ARN, source IP and user agent', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor).toEqual({
      type: 'IAMUser',
      name: 'dev-user',
      arn: 'arn:aws:iam::111122223333:user/dev-user',
      sourceIp: '203.0.113.88',
      userAgent: expect.stringMatching(/^aws-cli\/2\.17\.60 /),
    });
  });

  it('names an assumed role by role name and session', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor).toEqual(expect.objectContaining({ type: 'AssumedRole', name: 'SandboxAdmin (session jdoe@example.com)', sourceIp: '198.51.100.14' }));
  });

  it('names the root user root', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor).toEqual(expect.objectContaining({ type: 'Root', name: 'root', sourceIp: '203.0.113.77', userAgent: 'console.ec2.amazonaws.com' }));
  });

  it('leaves the user agent undefined for a record that has none', () => {
    // Prepare
    const event = loadEvent('sns-unsubscribe');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor?.userAgent).toBeUndefined();
  });

  it('names the principal of a GuardDuty access-key finding with its user type and remote IP', () => {
    // Prepare
    const event = loadEvent('guardduty-iam-instance-credential-exfiltration');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor).toEqual({ type: 'AssumedRole', name: 'web-app-instance-role', sourceIp: '198.51.100.200' });
  });

  it('describes the attacker of a GuardDuty instance finding as a remote host with its IP', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor).toEqual({ type: 'RemoteHost', sourceIp: '198.51.100.23' });
  });

  it('takes the first probing IP of a GuardDuty port probe as the source', () => {
    // Prepare
    const event = loadEvent('guardduty-portprobe-unprotected-port');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor?.sourceIp).toBe('198.51.100.41');
  });

  it('gives a Config compliance change no actor', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-sg-restricted-ssh');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(trigger.actor).toBeUndefined();
  });
});

describe('parseEvent sample findings', () => {
  const sampleOf = (trigger: Trigger): boolean | undefined => (trigger.kind === 'guardduty' ? trigger.sample : undefined);

  it('detects the older additionalInfo.sample: true form', () => {
    // Prepare
    const event = loadEvent('guardduty-iam-toripcaller-sample-finding');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(sampleOf(trigger)).toBe(true);
  });

  it('detects the newer additionalInfo.value JSON string form', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    (detailOf(event).service as Detail).additionalInfo = { value: '{"sample":true}', type: 'default' };

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(sampleOf(trigger)).toBe(true);
  });

  it('does not treat a real finding as a sample', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(sampleOf(trigger)).toBe(false);
  });

  it('does not treat a newer-form finding with an empty JSON value as a sample', () => {
    // Prepare
    const event = loadEvent('guardduty-stealth-cloudtrail-logging-disabled');

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(sampleOf(trigger)).toBe(false);
  });

  it('does not treat an additionalInfo.value that is not JSON as a sample marker', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    (detailOf(event).service as Detail).additionalInfo = { value: 'sample', type: 'default' };

    // Act
    const trigger = parseEvent(event);

    // Assess
    expect(sampleOf(trigger)).toBe(false);
  });
});

describe('ignoreReason', () => {
  it('ignores a failed API call and names its errorCode', () => {
    // Prepare
    const trigger = parseEvent(loadEvent('cloudtrail-updatetrail-failed-trailnotfound'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBe('the UpdateTrail call failed (TrailNotFoundException), so it changed nothing');
  });

  it('ignores a GuardDuty sample finding', () => {
    // Prepare
    const trigger = parseEvent(loadEvent('guardduty-iam-toripcaller-sample-finding'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toMatch(/sample finding/);
  });

  it('ignores a Config change to COMPLIANT', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-sg-restricted-ssh');
    (detailOf(event).newEvaluationResult as Detail).complianceType = 'COMPLIANT';
    const trigger = parseEvent(event);

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBe('Config reports COMPLIANT, not NON_COMPLIANT');
  });

  it('acts on a call made by another role', () => {
    // Prepare
    const trigger = parseEvent(loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('acts on a normal successful call by an IAM user', () => {
    // Prepare
    const trigger = parseEvent(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('acts on a real NON_COMPLIANT Config change', () => {
    // Prepare
    const trigger = parseEvent(loadEvent('config-compliance-change-sg-restricted-ssh'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('acts on a real GuardDuty finding', () => {
    // Prepare
    const trigger = parseEvent(loadEvent('guardduty-ssh-bruteforce'));

    // Act
    const reason = ignoreReason(trigger, OWN_ROLES);

    // Assess
    expect(reason).toBeUndefined();
  });
});

describe('roleName', () => {
  it('returns undefined for an IAM user', () => {
    // Prepare
    const identity = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/dev-user', userName: 'dev-user' };

    // Act
    const name = roleName(identity);

    // Assess
    expect(name).toBeUndefined();
  });

  it('returns undefined for the root user whose sessionIssuer is empty', () => {
    // Prepare
    const identity = { type: 'Root', arn: 'arn:aws:iam::111122223333:root', sessionContext: { sessionIssuer: {} } };

    // Act
    const name = roleName(identity);

    // Assess
    expect(name).toBeUndefined();
  });
});
