/**
 * AWS Security Hub's CIS controls CloudWatch.1-14 and CloudTrail.1/2/4/5, as documented (Security Hub user guide,
 * "Security Hub CSPM controls for Amazon CloudWatch" and "... for CloudTrail", read 2026-12-06) and as users report
 * them (shared reference gotchas.md: nozaq/terraform-aws-secure-baseline #233 / PR #319). The CloudWatch controls are a
 * closed custom rule ("custom logic to perform the exact audit steps prescribed" by CIS v1.2.0 / v1.4.0; they are in
 * the v1.2.0 and v1.4.0 standards only, not v3.0.0): this port is our reading of that text, not Security Hub's code,
 * and cannot be run against the emulator. The pattern must be the benchmark's text; we compare it ignoring whitespace
 * (the docs print the same pattern with and without spaces), so an added or a missing clause fails.
 */
import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import { fail, logGroupOf, pass, type AccountState, type CheckerTrail, type PortedControl, type Verdict } from './state';

const orList = (names: string[]): string => names.map((n) => `($.eventName=${n})`).join('||');

/** The CIS v1.2.0 section 3 patterns, typed from the benchmark / Security Hub remediation text (not from shared/). */
export const SECURITY_HUB_PATTERNS: Record<string, string> = {
  'CloudWatch.1': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  'CloudWatch.2': '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  'CloudWatch.3': '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}',
  'CloudWatch.4': `{${orList(['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'])}}`,
  'CloudWatch.5': `{${orList(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])}}`,
  'CloudWatch.6': '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  'CloudWatch.7': `{($.eventSource=kms.amazonaws.com) && (${orList(['DisableKey', 'ScheduleKeyDeletion'])})}`,
  'CloudWatch.8': `{($.eventSource=s3.amazonaws.com) && (${orList(['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'])})}`,
  'CloudWatch.9': `{($.eventSource=config.amazonaws.com) && (${orList(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])})}`,
  'CloudWatch.10': `{${orList(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])}}`,
  'CloudWatch.11': `{${orList(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])}}`,
  'CloudWatch.12': `{${orList(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])}}`,
  'CloudWatch.13': `{${orList(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'])}}`,
  'CloudWatch.14': `{${orList(['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'])}}`,
};

/** CIS v1.2.0 recommendation of each control (CloudWatch.1 = 3.3, .2 = 3.1, .3 = 3.2, .4-.14 = 3.4-3.14). */
const CIS_OF: Record<string, string> = { 'CloudWatch.1': '3.3', 'CloudWatch.2': '3.1', 'CloudWatch.3': '3.2' };

const squash = (pattern: string): string => pattern.replace(/\s+/g, '');

/** Read and write management events; CloudWatch.7 also fails when KMS events are excluded. */
export function recordsManagementEvents(t: Pick<CheckerTrail, 'basic' | 'advanced'>, kms: boolean): boolean {
  const basic = (s: EventSelector) => s.IncludeManagementEvents === true && s.ReadWriteType === 'All' && !(kms && (s.ExcludeManagementEventSources ?? []).includes('kms.amazonaws.com'));
  const advanced = (s: AdvancedEventSelector) => {
    const fields = s.FieldSelectors ?? [];
    const management = fields.some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management'));
    const kmsOut = fields.some((f) => f.Field === 'eventSource' && (f.NotEquals ?? []).includes('kms.amazonaws.com'));
    return management && !fields.some((f) => f.Field === 'readOnly') && !(kms && kmsOut);
  };
  return (t.basic ?? []).some(basic) || (t.advanced ?? []).some(advanced);
}

/** The multi-region, logging trails recording management events, with a log group: where the filter must sit. */
export function securityHubTrails(state: AccountState, kms = false): CheckerTrail[] {
  return state.trails.filter((t) => t.isMultiRegionTrail && t.isLogging && t.logGroupArn && recordsManagementEvents(t, kms));
}

/** One CloudWatch.N control: the exact pattern on such a trail's log group, an alarm on its metric, an SNS action with a subscriber. */
export function checkControl(control: string, state: AccountState): Verdict {
  const trails = securityHubTrails(state, control === 'CloudWatch.7');
  if (trails.length === 0) return fail('The account does not have a multi-Region CloudTrail trail with the required configuration');
  const groups = trails.map((t) => logGroupOf(t.logGroupArn));
  const wanted = squash(SECURITY_HUB_PATTERNS[control] ?? '');
  const filters = state.filters.filter((f) => groups.includes(f.logGroupName) && squash(f.pattern) === wanted);
  if (filters.length === 0) return fail('CLOUDTRAIL_METRIC_FILTER_NOT_VALID: no metric filter with the CIS pattern');
  const alarms = state.alarms.filter((a) => filters.some((f) => f.metricName === a.metricName));
  if (alarms.length === 0) return fail('CLOUDWATCH_ALARMS_NOT_PRESENT: no alarm on the metric');
  const subscribed = alarms.some((a) => a.alarmActions.some((arn) => arn.startsWith('arn:aws:sns:') && state.subscriptions.some((s) => s.topicArn === arn)));
  return subscribed ? pass(`${filters[0]?.filterName}: pattern, alarm and subscribed SNS action`) : fail('CLOUDWATCH_ALARM_ACTIONS_NOT_VALID: no SNS action with a subscriber');
}

/** CloudWatch.1-14. */
export const SECURITY_HUB_CLOUDWATCH: readonly PortedControl[] = Array.from({ length: 14 }, (_, i) => {
  const id = `CloudWatch.${i + 1}`;
  return { id, cis: CIS_OF[id] ?? `3.${i + 1}`, judge: (state: AccountState) => checkControl(id, state) };
});

const everyTrail = (state: AccountState, ok: (t: CheckerTrail) => boolean, what: string): Verdict => {
  const bad = state.trails.filter((t) => !ok(t));
  return state.trails.length > 0 && bad.length === 0 ? pass(`every trail ${what}`) : fail(`${bad.map((t) => t.name).join(', ') || 'no trail'}: not ${what}`);
};

/** CloudTrail.1/2/4/5 (Config rules multi-region-cloudtrail-enabled, cloud-trail-encryption-enabled, cloud-trail-log-file-validation-enabled, cloud-trail-cloud-watch-logs-enabled). */
export const SECURITY_HUB_CLOUDTRAIL: readonly PortedControl[] = [
  {
    id: 'CloudTrail.1',
    cis: '2.1',
    judge: (s) => (s.trails.some((t) => t.isMultiRegionTrail && t.isLogging && recordsManagementEvents(t, false)) ? pass('a multi-region logging trail records read and write management events') : fail('no multi-region trail logging read and write management events')),
  },
  { id: 'CloudTrail.2', cis: '2.7', judge: (s) => everyTrail(s, (t) => Boolean(t.kmsKeyId), 'encrypted at rest (KMS)') },
  { id: 'CloudTrail.4', cis: '2.2', judge: (s) => everyTrail(s, (t) => t.logFileValidationEnabled, 'validating log files') },
  { id: 'CloudTrail.5', cis: '2.4', judge: (s) => everyTrail(s, (t) => Boolean(t.logGroupArn), 'sending logs to CloudWatch Logs') },
];
