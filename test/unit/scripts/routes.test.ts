/** Routing by the EventBridge patterns actually declared in serverless.yml, with the real-world events and events/ samples. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from 'node:path';
import { matchesPattern } from '../../../shared/events/pattern-matcher';
import { loadEvent } from '../../../scripts/lib/events';
import { route } from '../../../scripts/lib/routes';
import { REMEDIATIONS } from '../../../shared/remediations/registry';
import { PROJECT_ROOT, declaredFunctions, loadServerless } from '../../../scripts/lib/serverless-config';

// As deployed with a trail baseline delivering to CloudWatch Logs: the log group the restore-alarms rules watch.
const TRAIL_LOG_GROUP = 'cloudtrail-log-group-test';
const PARAMS = { trailLogGroupArn: `arn:aws:logs:us-east-1:111122223333:log-group:${TRAIL_LOG_GROUP}:*` };
const functions = declaredFunctions(loadServerless({ stage: 'dev', params: PARAMS }));
const routed = (event: unknown): string[] => route(functions, event).map((fn) => fn.name);

/** Where each real-world event must go (null: no rule of ours matches it). */
const EXPECTED: Record<string, string | null> = {
  'ec2-authorize-sg-ingress-by-groupname': 'revoke-open-ingress',
  'ec2-authorize-sg-ingress-cli-with-rule-ids': 'revoke-open-ingress',
  'ec2-authorize-sg-ingress-console-ipv4-ipv6-world': 'revoke-open-ingress',
  'ec2-authorize-sg-ingress-toplevel-cidrip': 'revoke-open-ingress',
  'ec2-modify-security-group-rules': 'revoke-open-ingress',
  'guardduty-ssh-bruteforce': 'revoke-open-ingress',
  'guardduty-portprobe-unprotected-port': 'revoke-open-ingress',
  'config-compliance-change-sg-restricted-ssh': 'revoke-open-ingress',
  'config-compliance-change-sg-first-evaluation-securityhub-rule': 'revoke-open-ingress',
  'config-configuration-item-change-sg': null,
  'guardduty-iam-toripcaller-sample-finding': null,
  'guardduty-iam-instance-credential-exfiltration': null,
  'cloudtrail-updatetrail-failed-trailnotfound': null,
  'cloudtrail-stoplogging': 'reenable-trail',
  'cloudtrail-stoplogging-assumed-role-trail-arn': 'reenable-trail',
  'cloudtrail-deletetrail': 'reenable-trail',
  'cloudtrail-updatetrail': 'reenable-trail',
  'guardduty-stealth-cloudtrail-logging-disabled': 'reenable-trail',
  'config-compliance-change-account-cloudtrail-enabled': 'reenable-trail',
  'config-compliance-change-cloudtrail-trail': 'reenable-trail',
  'cloudwatch-deletealarms': null, // cpu-mon: not a baseline alarm (alarmNamePrefix CIS-)
  'logs-deletemetricfilter': 'restore-alarms',
  'sns-deletetopic': 'protect-notifications',
  'sns-setsubscriptionattributes': 'protect-notifications',
  'sns-unsubscribe': 'protect-notifications',
  'config-api-stopconfigurationrecorder': 'protect-backstops',
  'guardduty-api-createfilter': 'protect-backstops',
  'guardduty-api-deletedetector': 'protect-backstops',
  'guardduty-api-updatedetector-disable': 'protect-backstops',
};

it('routes every real-world event of ../shared/aws-events somewhere or nowhere on purpose', () => {
  const names = readdirSync(join(PROJECT_ROOT, 'test', 'fixtures', 'aws-events')).map((f) => f.replace(/\.json$/, '')).sort();

  expect(Object.keys(EXPECTED).sort()).toEqual(names);
});

it.each(Object.entries(EXPECTED))('routes %s to %s', (name, expected) => {
  expect(routed(loadEvent(name))).toEqual(expected ? [expected] : []);
});

it.each(REMEDIATIONS.filter((r) => r.triggers.cloudtrail).map((r) => [r.id, r.triggers.cloudtrail ?? []] as const))(
  '%s: its CloudTrail rules list exactly the API calls its code handles',
  (id, calls) => {
    const patterns = functions.find((fn) => fn.name === id)?.patterns ?? [];
    const names = patterns.flatMap((p) => ((p as { detail?: { eventName?: unknown } }).detail?.eventName as string[] | undefined) ?? []);

    expect([...names].sort()).toEqual([...calls].sort());
  },
);

/** A session of the role `roleArn` (sessionIssuer type Role), as CloudTrail records it. */
const sessionOf = (roleArn: string): Record<string, unknown> => {
  const [, , , , account, resource = ''] = roleArn.split(':');
  const name = resource.replace('role/', '');
  return { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/${name}/s`, accountId: account, sessionContext: { sessionIssuer: { type: 'Role', userName: name, arn: roleArn, accountId: account } } };
};

it('does not route an ingress event caused by the backend own role (exact ARN)', () => {
  const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
  (event.detail as Record<string, unknown>).userIdentity = sessionOf('arn:aws:iam::111122223333:role/chain-guard-dev-us-east-1-revoke-open-ingress');

  expect(routed(event)).toEqual([]);
});

it('does not route the backend own StartLogging or UpdateTrail calls (exact ARN)', () => {
  const event = loadEvent('cloudtrail-updatetrail');
  (event.detail as Record<string, unknown>).userIdentity = sessionOf('arn:aws:iam::111122223333:role/chain-guard-dev-us-east-1-reenable-trail');

  expect(routed(event)).toEqual([]);
});

it('routes a StopLogging by a look-alike role named with the stack prefix', () => {
  const event = loadEvent('cloudtrail-stoplogging');
  (event.detail as Record<string, unknown>).userIdentity = sessionOf('arn:aws:iam::111122223333:role/chain-guard-dev-debug');

  expect(routed(event)).toEqual(['reenable-trail']);
});

it('routes an ingress event by the stack role name of another account', () => {
  const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
  (event.detail as Record<string, unknown>).userIdentity = sessionOf('arn:aws:iam::999988887777:role/chain-guard-dev-us-east-1-revoke-open-ingress');

  expect(routed(event)).toEqual(['revoke-open-ingress']);
});

it('routes an Unsubscribe by a look-alike federated user', () => {
  const event = loadEvent('sns-unsubscribe');
  (event.detail as Record<string, unknown>).userIdentity = {
    type: 'FederatedUser',
    arn: 'arn:aws:sts::111122223333:federated-user/chain-guard-dev-us-east-1-protect-notifications',
    sessionContext: { sessionIssuer: { type: 'IAMUser', userName: 'chain-guard-dev-us-east-1-protect-notifications', arn: 'arn:aws:iam::111122223333:user/chain-guard-dev-us-east-1-protect-notifications' } },
  };

  expect(routed(event)).toEqual(['protect-notifications']);
});

it('routes an ingress event by another role to the remediation', () => {
  const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
  (event.detail as Record<string, unknown>).userIdentity = { type: 'AssumedRole', sessionContext: { sessionIssuer: { userName: 'SandboxAdmin' } } };

  expect(routed(event)).toEqual(['revoke-open-ingress']);
});

it('does not route a failed ingress call', () => {
  const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
  (event.detail as Record<string, unknown>).errorCode = 'Client.InvalidPermission.Duplicate';

  expect(routed(event)).toEqual([]);
});

describe('events/ samples', () => {
  const dir = join(PROJECT_ROOT, 'events');
  const samples = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(samples)('%s routes to exactly the function its name starts with', (file) => {
    const event = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;

    expect(routed(event)).toEqual([file.split('.')[0]]);
  });

  it.each(functions.flatMap((fn) => fn.patterns.map((pattern, index) => [fn.name, index + 1, pattern] as const)))(
    '%s rule %d has a sample event in events/',
    (_name, _index, pattern) => {
      const matching = samples.filter((file) => matchesPattern(pattern, JSON.parse(readFileSync(join(dir, file), 'utf8'))));

      expect(matching.length).toBeGreaterThan(0);
    },
  );
});

it('does not route the backstops function own StartConfigurationRecorder call (exact ARN)', () => {
  const event = loadEvent('config-api-stopconfigurationrecorder');
  (event.detail as Record<string, unknown>).userIdentity = sessionOf('arn:aws:iam::111122223333:role/chain-guard-dev-us-east-1-protect-backstops');

  expect(routed(event)).toEqual([]);
});

it('does not route a failed DeleteDetector call', () => {
  const event = loadEvent('guardduty-api-deletedetector');
  (event.detail as Record<string, unknown>).errorCode = 'BadRequestException';

  expect(routed(event)).toEqual([]);
});

it('routes no CloudTrail-shaped event put on the bus with a custom source', () => {
  const event = loadEvent('cloudwatch-deletealarms');
  event.source = 'attacker.app';

  expect(routed(event)).toEqual([]);
});

describe('restore-alarms routes only baseline resources', () => {
  const withRequest = (name: string, request: Record<string, unknown>): Record<string, unknown> => {
    const event = loadEvent(name);
    (event.detail as Record<string, unknown>).requestParameters = request;
    return event;
  };

  it('routes a DeleteAlarms of a baseline alarm', () => {
    expect(routed(withRequest('cloudwatch-deletealarms', { alarmNames: ['CIS-3.1-UnauthorizedAPICalls'] }))).toEqual(['restore-alarms']);
  });

  it("does not route Application Auto Scaling's own TargetTracking alarm", () => {
    const event = withRequest('cloudwatch-deletealarms', { alarmName: 'TargetTracking-table/orders-AlarmHigh-5b8e0a8c' });
    (event.detail as Record<string, unknown>).eventName = 'PutMetricAlarm';

    expect(routed(event)).toEqual([]);
  });

  it('routes a PutAlarmMuteRule that mutes a baseline alarm among others (muteTargets)', () => {
    const event = withRequest('cloudwatch-deletealarms', { name: 'maint', muteTargets: { alarmNames: ['orders-cpu', 'CIS-3.1-UnauthorizedAPICalls'] } });
    (event.detail as Record<string, unknown>).eventName = 'PutAlarmMuteRule';

    expect(routed(event)).toEqual(['restore-alarms']);
  });

  it('does not route a PutAlarmMuteRule that mutes only the customer own alarms', () => {
    const event = withRequest('cloudwatch-deletealarms', { name: 'nightly', muteTargets: { alarmNames: ['orders-cpu'] } });
    (event.detail as Record<string, unknown>).eventName = 'PutAlarmMuteRule';

    expect(routed(event)).toEqual([]);
  });

  it('does not route a DeleteMetricFilter on another log group', () => {
    expect(routed(withRequest('logs-deletemetricfilter', { logGroupName: '/aws/lambda/orders', filterName: 'errors' }))).toEqual([]);
  });

  it('routes a DeleteLogGroup of the trail log group', () => {
    const event = withRequest('logs-deletemetricfilter', { logGroupName: TRAIL_LOG_GROUP });
    (event.detail as Record<string, unknown>).eventName = 'DeleteLogGroup';

    expect(routed(event)).toEqual(['restore-alarms']);
  });

  it('routes a DeleteMetricFilter on alarmLogGroupName when it is set', () => {
    const own = declaredFunctions(loadServerless({ stage: 'dev', params: { alarmLogGroupName: '/security/cis' } }));

    expect(route(own, withRequest('logs-deletemetricfilter', { logGroupName: '/security/cis', filterName: 'UnauthorizedAPICalls' })).map((fn) => fn.name)).toEqual(['restore-alarms']);
  });
});

it('routes an UpdateFilter (a suppression rule changed) to protect-backstops', () => {
  const event = loadEvent('guardduty-api-createfilter');
  (event.detail as Record<string, unknown>).eventName = 'UpdateFilter';

  expect(routed(event)).toEqual(['protect-backstops']);
});

it('does not route a GuardDuty filter call of the backstops function itself (exact ARN)', () => {
  const event = loadEvent('guardduty-api-createfilter');
  (event.detail as Record<string, unknown>).userIdentity = sessionOf('arn:aws:iam::111122223333:role/chain-guard-dev-us-east-1-protect-backstops');

  expect(routed(event)).toEqual([]);
});
