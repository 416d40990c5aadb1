/** Which trail each real-world event concerns, and what must be restored on it. */
import { TRAIL_CONFIG_RULES, trailConfigRule, trailTargets, turnedOff, type TrailTarget, type TrailTargets } from '../../../../shared/events/trail';
import { parseEvent } from '../../../../shared/events/trigger';
import { loadEvent, withIds } from '../../../../scripts/lib/events';

const targetsOf = (event: Record<string, unknown>): TrailTargets => trailTargets(parseEvent(event));

const BASELINE_CHECK: TrailTarget = { wanted: [], selectors: true, restart: true, why: 'the baseline trail must exist, log and be compliant' };

describe('trailTargets for CloudTrail API calls', () => {
  it('restarts the trail a StopLogging call names by name', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [{ ref: 'stratus-red-team-ct-stop-trail-buykxbqejv', wanted: [], selectors: false, restart: true, why: 'logging was stopped' }] });
  });

  it('restarts the trail a StopLogging call names by ARN, keeping the ARN', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging-assumed-role-trail-arn');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      targets: [{ ref: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail', wanted: [], selectors: false, restart: true, why: 'logging was stopped' }],
    });
  });

  it('examines the deleted trail and then checks the baseline trail on DeleteTrail', () => {
    // Prepare
    const event = loadEvent('cloudtrail-deletetrail');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      targets: [{ ref: 'stratus-red-team-cloudtraild-trail-kvrwohmiai', wanted: [], selectors: false, restart: true, why: 'the trail was deleted' }, BASELINE_CHECK],
    });
  });

  it('wants the event selectors back, without a restart, after PutEventSelectors', () => {
    // Prepare
    const event = withIds(loadEvent('cloudtrail-updatetrail'), { '"eventName":"UpdateTrail"': '"eventName":"PutEventSelectors"' });
    (event.detail as Record<string, unknown>).requestParameters = { trailName: 'management-events', eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] };

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [{ ref: 'management-events', wanted: [], selectors: true, restart: false, why: 'its event selectors were changed' }] });
  });

  it('ignores a CloudTrail call that does not weaken a trail', () => {
    // Prepare
    const event = withIds(loadEvent('cloudtrail-stoplogging'), { '"eventName":"StopLogging"': '"eventName":"StartLogging"' });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'StartLogging does not weaken a trail' });
  });
});

describe('trailTargets for a GuardDuty CloudTrailLoggingDisabled finding', () => {
  it('restarts the trail named by ARN in the finding and then checks the baseline trail', () => {
    // Prepare
    const event = loadEvent('guardduty-stealth-cloudtrail-logging-disabled');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      targets: [{ ref: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/sampleguardtrail', wanted: [], selectors: false, restart: true, why: 'GuardDuty saw DeleteTrail on it' }, BASELINE_CHECK],
    });
  });
});

describe('trailTargets for Config compliance changes', () => {
  it('checks only the baseline trail for the account-level cloudtrail-enabled rule', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-account-cloudtrail-enabled');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [{ ...BASELINE_CHECK, why: 'Config rule cloudtrail-enabled is NON_COMPLIANT' }] });
  });

  it('wants log file validation on the trail the rule names and then checks the baseline trail', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-cloudtrail-trail');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      targets: [
        { ref: 'management-events', wanted: ['logFileValidation'], selectors: false, restart: false, why: 'Config rule cloud-trail-log-file-validation-enabled is NON_COMPLIANT' },
        BASELINE_CHECK,
      ],
    });
  });

  it('reads the Security Hub name of a trail rule as that rule', () => {
    // Prepare
    const event = withIds(loadEvent('config-compliance-change-cloudtrail-trail'), { 'cloud-trail-log-file-validation-enabled': 'securityhub-cloud-trail-log-file-validation-enabled-0a1b2c' });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]).toEqual(expect.objectContaining({ ref: 'management-events', wanted: ['logFileValidation'] }));
  });

  it('restarts the trail a cloudtrail-enabled rule names', () => {
    // Prepare
    const event = withIds(loadEvent('config-compliance-change-cloudtrail-trail'), { 'cloud-trail-log-file-validation-enabled': 'cloudtrail-enabled' });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]).toEqual(expect.objectContaining({ ref: 'management-events', wanted: [], restart: true }));
  });

  it('ignores a Config rule that is not about trails', () => {
    // Prepare
    const event = withIds(loadEvent('config-compliance-change-cloudtrail-trail'), { 'cloud-trail-log-file-validation-enabled': 'restricted-ssh' });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'Config rule restricted-ssh is not about trails' });
  });
});

describe('turnedOff', () => {
  it('reads every boolean the console switches off, and no delivery setting (those are redirects)', () => {
    // Prepare
    const request = {
      name: 'TEST-trail',
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      enableLogFileValidation: false,
      kmsKeyId: '',
      cloudWatchLogsLogGroupArn: '',
      cloudWatchLogsRoleArn: '',
      s3BucketName: 'test-cloudtrail-bucket',
    };

    // Act
    const off = turnedOff(request);

    // Assess
    expect(off).toEqual(['multiRegion', 'globalServiceEvents', 'logFileValidation']);
  });

  it('reads nothing from settings sent as true or with a value', () => {
    // Prepare
    const request = {
      name: 'TEST-trail',
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: 'arn:aws:kms:us-west-2:111122223333:key/aaaa',
      cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-west-2:111122223333:log-group:trail:*',
      cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/trail',
    };

    // Act
    const off = turnedOff(request);

    // Assess
    expect(off).toEqual([]);
  });

  it('reads nothing from settings the request omits', () => {
    // Prepare
    const request = { name: 'TEST-trail', snsTopicName: '' };

    // Act
    const off = turnedOff(request);

    // Assess
    expect(off).toEqual([]);
  });
});

describe('trailConfigRule', () => {
  const rules = Object.keys(TRAIL_CONFIG_RULES);

  it.each(rules)('reads the plain rule name %s as itself', (rule) => {
    // Prepare
    const name = rule;

    // Act
    const found = trailConfigRule(name);

    // Assess
    expect(found).toBe(rule);
  });

  it.each(rules)('reads securityhub-%s-<hash> as that rule', (rule) => {
    // Prepare
    const name = `securityhub-${rule}-3f9a1c`;

    // Act
    const found = trailConfigRule(name);

    // Assess
    expect(found).toBe(rule);
  });

  it('returns undefined for a rule that is not about trails', () => {
    // Prepare
    const name = 'restricted-ssh';

    // Act
    const found = trailConfigRule(name);

    // Assess
    expect(found).toBeUndefined();
  });

  it('returns undefined for the Security Hub name of a rule that is not about trails', () => {
    // Prepare
    const name = 'securityhub-restricted-ssh-3f9a1c';

    // Act
    const found = trailConfigRule(name);

    // Assess
    expect(found).toBeUndefined();
  });

  it('returns undefined for a name that only starts with a trail rule name', () => {
    // Prepare
    const name = 'cloudtrail-enabled-custom';

    // Act
    const found = trailConfigRule(name);

    // Assess
    expect(found).toBeUndefined();
  });
});
