/**
 * The baseline chain-guard restores, judged by the ported logic of the three checkers users run (test/support/checkers):
 * every CIS control passes each of them, and a weakened filter, a trail in the wrong shape or an alarm nobody hears
 * fails them.
 */
import type { EventSelector } from '@aws-sdk/client-cloudtrail';
import { restoredAlarmInput, restoredFilterInput } from '../../../../shared/baseline/alarm-drift';
import { CIS_ALARMS, CIS_V120_ALARMS, type AlarmBaseline, type AlarmSpec } from '../../../../shared/baseline/cis-alarms';
import { planSelectors } from '../../../../shared/baseline/trail';
import { PROWLER_CLOUDWATCH, prowlerCloudTrail } from '../../../support/checkers/prowler';
import { SECURITY_HUB_CLOUDTRAIL, SECURITY_HUB_CLOUDWATCH } from '../../../support/checkers/securityhub';
import type { AccountState, CheckerTrail, PortedControl } from '../../../support/checkers/state';
import { STEAMPIPE_CLOUDWATCH, steampipeCloudTrail } from '../../../support/checkers/steampipe';

const NOW = new Date('2026-12-06T03:00:00Z');
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:chain-guard-prod-alerts';
const GROUP = '/cloudtrail/org-trail';

/** What restore-alarms writes for `specs`, on the baseline trail as reenable-trail leaves it, with one subscriber. */
function restored(specs: readonly AlarmSpec[], trail: Partial<CheckerTrail> = {}): AccountState {
  const baseline: AlarmBaseline = { logGroupName: GROUP, namespace: 'CISBenchmark', topicArn: TOPIC, alarmPrefix: 'CIS-', specs: [...specs] };
  // reenable-trail on a trail whose selector was narrowed to write-only management events.
  const selectors = planSelectors({ basic: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], advanced: [] });
  return {
    trails: [
      {
        name: 'org-trail',
        arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail',
        homeRegion: 'us-east-1',
        isMultiRegionTrail: true,
        isOrganizationTrail: false,
        isLogging: true,
        logGroupArn: `arn:aws:logs:us-east-1:111122223333:log-group:${GROUP}:*`,
        kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e',
        logFileValidationEnabled: true,
        basic: selectors?.basic,
        latestCloudWatchLogsDeliveryTime: new Date(NOW.getTime() - 60_000),
        latestDeliveryTime: new Date(NOW.getTime() - 60_000),
        ...trail,
      },
    ],
    filters: specs.map((s) => restoredFilterInput(baseline, s)).map((f) => ({ logGroupName: f.logGroupName ?? '', filterName: f.filterName ?? '', pattern: f.filterPattern ?? '', metricName: f.metricTransformations?.[0]?.metricName ?? '' })),
    alarms: specs.map((s) => restoredAlarmInput(baseline, s, undefined)).map((a) => ({ alarmName: a.AlarmName ?? '', metricName: a.MetricName, alarmActions: a.AlarmActions ?? [] })),
    subscriptions: [{ topicArn: TOPIC, subscriptionArn: `${TOPIC}:6f1c` }],
  };
}

const CHECKERS: ReadonlyArray<[string, readonly PortedControl[]]> = [
  ['Security Hub', [...SECURITY_HUB_CLOUDWATCH, ...SECURITY_HUB_CLOUDTRAIL]],
  ['Prowler', [...PROWLER_CLOUDWATCH, ...prowlerCloudTrail('us-east-1', NOW)]],
  ['Steampipe', [...STEAMPIPE_CLOUDWATCH, ...steampipeCloudTrail(NOW)]],
];
const CONTROLS = CHECKERS.flatMap(([checker, controls]) => controls.map((c) => [checker, c.id, c.cis, c] as const));
const FILTER_CONTROLS = CONTROLS.filter(([, , cis]) => /^(3\.|4\.15$)/.test(cis));

/** The first clause each CIS pattern cannot lose (an event name, error code or identity type). */
const FIRST: Record<string, string> = {
  '3.1': '*UnauthorizedOperation', '3.2': 'ConsoleLogin', '3.3': 'Root', '3.4': 'DeleteGroupPolicy', '3.5': 'CreateTrail', '3.6': 'ConsoleLogin', '3.7': 'DisableKey',
  '3.8': 'PutBucketAcl', '3.9': 'StopConfigurationRecorder', '3.10': 'AuthorizeSecurityGroupIngress', '3.11': 'CreateNetworkAcl', '3.12': 'CreateCustomerGateway', '3.13': 'CreateRoute', '3.14': 'CreateVpc', '4.15': 'AcceptHandshake',
};
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The pattern without the clause on `value` (and the operator after it). */
const without = (pattern: string, value: string): string => pattern.replace(new RegExp(`\\(?\\$\\.[A-Za-z.]+\\s*=\\s*"?${escape(value)}"?\\)?\\s*(\\|\\||&&)\\s*`), '');

describe.each(CONTROLS)('%s %s (CIS %s)', (_checker, _id, cis, control) => {
  it('passes on the baseline chain-guard restores', () => {
    // Prepare
    const state = restored(CIS_ALARMS);

    // Act
    const verdict = control.judge(state);

    // Assess
    expect(verdict).toEqual({ status: 'PASS', reason: expect.any(String) });
  });

  if (FIRST[cis]) {
    it('fails when every filter of the control loses its first clause', () => {
      // Prepare
      const weakened = CIS_ALARMS.map((s) => (s.id === cis ? { ...s, pattern: without(s.pattern, FIRST[cis] ?? '') } : s));
      expect(weakened.filter((s) => s.id === cis).every((s, i) => s.pattern !== CIS_ALARMS.filter((a) => a.id === cis)[i]?.pattern)).toBe(true);

      // Act
      const verdict = control.judge(restored(weakened));

      // Assess
      expect(verdict.status).toBe('FAIL');
    });
  }
});

describe('why the variants exist: the CIS v1.2.0 text alone', () => {
  it.each([
    ['Steampipe', 'log_metric_filter_unauthorized_api'],
    ['Steampipe', 'log_metric_filter_security_group'],
    ['Prowler', 'cloudwatch_changes_to_network_route_tables_alarm_configured'],
  ])('fails %s %s', (_checker, id) => {
    // Prepare
    const control = CONTROLS.find(([, cid]) => cid === id)?.[3];
    const state = restored(CIS_V120_ALARMS);

    // Act
    const verdict = control?.judge(state);

    // Assess
    expect(verdict?.status).toBe('FAIL');
  });
});

describe('the trail, by shape', () => {
  it.each(FILTER_CONTROLS.filter(([checker]) => checker === 'Steampipe'))('%s %s fails when the trail records management events through advanced selectors only', (_checker, _id, _cis, control) => {
    // Prepare
    const state = restored(CIS_ALARMS, { basic: undefined, advanced: [{ Name: 'all', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });

    // Act
    const verdict = control.judge(state);

    // Assess
    expect(verdict.status).toBe('FAIL');
  });

  it('Prowler counts an advanced management selector only under the name reenable-trail gives it', () => {
    // Prepare
    const check = prowlerCloudTrail('us-east-1', NOW).find((c) => c.id === 'cloudtrail_multi_region_enabled_logging_management_events');
    const planned = planSelectors({ basic: [], advanced: [{ Name: 'data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }, { Name: 'mgmt writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }] });
    const renamed = (planned?.advanced ?? []).map((s) => ({ ...s, Name: `${s.Name ?? ''} (renamed)` }));

    // Act
    const verdicts = [check?.judge(restored(CIS_ALARMS, { basic: undefined, advanced: planned?.advanced })).status, check?.judge(restored(CIS_ALARMS, { basic: undefined, advanced: renamed })).status];

    // Assess
    expect(verdicts).toEqual(['PASS', 'FAIL']);
  });

  it('Security Hub CloudWatch.7 fails when KMS events are excluded from the management events', () => {
    // Prepare
    const control = CONTROLS.find(([, cid]) => cid === 'CloudWatch.7')?.[3];
    const narrowed: EventSelector = { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] };

    // Act
    const verdict = control?.judge(restored(CIS_ALARMS, { basic: [narrowed] }));

    // Assess
    expect(verdict?.status).toBe('FAIL');
  });
});

describe('the alarm action', () => {
  it.each(FILTER_CONTROLS.filter(([checker]) => checker !== 'Prowler'))('%s %s fails when the alarm topic has no subscriber', (_checker, _id, _cis, control) => {
    // Prepare
    const state = { ...restored(CIS_ALARMS), subscriptions: [] };

    // Act
    const verdict = control.judge(state);

    // Assess
    expect(verdict.status).toBe('FAIL');
  });
});
