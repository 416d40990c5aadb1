/**
 * Steampipe/Powerpipe AWS Compliance mod's deciding logic for the CIS monitoring and logging controls, ported from its
 * SQL (turbot/steampipe-mod-aws-compliance at a1d0b446 (2025-12-06): conformance_pack/cloudwatch.pp, queries
 * log_metric_filter_*; conformance_pack/cloudtrail.pp; read 2026-12-06). The same queries back the cis_v120 ... cis_v600
 * benchmarks (section 3 or 4). Postgres `~` regexes are kept as written: case-sensitive, unanchored, `.` matching
 * newlines. Steampipe itself is not run (it needs its own binary and plugin); this port is the judge.
 */
import { fail, logGroupOf, pass, type AccountState, type PortedControl, type Verdict } from './state';

/**
 * The trails a log_metric_filter_* query joins on: multi-region, logging, with a log group, and at least one *basic*
 * event selector with ReadWriteType All (jsonb_array_elements(event_selectors): a trail with advanced selectors has
 * none and drops out).
 */
export function steampipeTrails(state: AccountState) {
  return state.trails.filter((t) => t.isMultiRegionTrail && t.isLogging && t.logGroupArn && (t.basic ?? []).some((s) => s.ReadWriteType === 'All'));
}

/** trails x filters (regex on filter_pattern, same log group) x alarms (metric name, each action) x subscriptions (topic ARN). */
export function checkLogMetricFilter(regex: string, state: AccountState): Verdict {
  const groups = steampipeTrails(state).map((t) => logGroupOf(t.logGroupArn));
  const re = new RegExp(regex, 's');
  for (const filter of state.filters.filter((f) => re.test(f.pattern) && groups.includes(f.logGroupName))) {
    const topics = state.alarms.filter((a) => a.metricName === filter.metricName).flatMap((a) => a.alarmActions);
    if (state.subscriptions.some((s) => topics.includes(s.topicArn))) return pass(`${filter.filterName} forwards events`);
  }
  return fail('No log metric filter and alarm exist');
}

const names = (list: string[]): string => list.map((n) => `\\$\\.eventName\\s*=\\s*${n}`).join('.+');
const control = (id: string, cis: string, regex: string): PortedControl => ({ id, cis, judge: (state) => checkLogMetricFilter(regex, state) });

/** The log_metric_filter_* queries (CIS v1.2.0 3.1-3.14, v1.5.0+ 4.15), their regexes as written in cloudwatch.pp. */
export const STEAMPIPE_CLOUDWATCH: readonly PortedControl[] = [
  control('log_metric_filter_unauthorized_api', '3.1', '\\$\\.errorCode\\s*=\\s*"\\*UnauthorizedOperation".+\\$\\.errorCode\\s*=\\s*"AccessDenied\\*".+\\$\\.sourceIPAddress\\s*!=\\s*"delivery.logs.amazonaws.com".+\\$\\.eventName\\s*!=\\s*"HeadBucket"'),
  control('log_metric_filter_console_login_mfa', '3.2', '\\(\\s*\\$\\.eventName\\s*=\\s*"ConsoleLogin"\\)\\s+&&\\s+\\(\\s*\\$.additionalEventData\\.MFAUsed\\s*!=\\s*"Yes"'),
  control('log_metric_filter_root_login', '3.3', '\\s*\\$\\.userIdentity\\.type\\s*=\\s*"Root".+\\$\\.userIdentity\\.invokedBy NOT EXISTS.+\\$\\.eventType\\s*!=\\s*"AwsServiceEvent"'),
  control('log_metric_filter_iam_policy', '3.4', `\\s*${names(['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'])}`),
  control('log_metric_filter_cloudtrail_configuration', '3.5', `\\s*${names(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])}`),
  control('log_metric_filter_console_authentication_failure', '3.6', '\\s*\\$\\.eventName\\s*=\\s*ConsoleLogin.+\\$\\.errorMessage\\s*=\\s*"Failed authentication"'),
  control('log_metric_filter_disable_or_delete_cmk', '3.7', `\\s*\\$\\.eventSource\\s*=\\s*kms.amazonaws.com.+${names(['DisableKey', 'ScheduleKeyDeletion'])}`),
  control('log_metric_filter_bucket_policy', '3.8', `\\s*\\$\\.eventSource\\s*=\\s*s3.amazonaws.com.+${names(['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'])}`),
  control('log_metric_filter_config_configuration', '3.9', `\\s*\\$\\.eventSource\\s*=\\s*config.amazonaws.com.+${names(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])}`),
  control('log_metric_filter_security_group', '3.10', `\\s*${names(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules'])}`),
  control('log_metric_filter_network_acl', '3.11', `\\s*${names(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])}`),
  control('log_metric_filter_network_gateway', '3.12', `\\s*${names(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])}`),
  control('log_metric_filter_route_table', '3.13', `\\s*${names(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'])}`),
  control('log_metric_filter_vpc', '3.14', `\\s*${names(['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'])}`),
  control('log_metric_filter_organization', '4.15', `\\s*\\$\\.eventSource\\s*=\\s*organizations.amazonaws.com.+${['AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit'].map((n) => `\\$\\.eventName\\s*=\\s*"?${n}"?`).join('.+')}`),
];

/** Per-trail queries judge trails in their home region: every one must pass. */
const everyTrail = (state: AccountState, ok: (t: AccountState['trails'][number]) => boolean, what: string): Verdict => {
  const bad = state.trails.filter((t) => !ok(t));
  return state.trails.length > 0 && bad.length === 0 ? pass(`every trail ${what}`) : fail(`${bad.map((t) => t.name).join(', ') || 'no trail'}: not ${what}`);
};

/** Midnight UTC of the day before `now` (Postgres `current_date - 1`). */
const yesterday = (now: Date): number => Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1);

/** The CIS logging controls of cloudtrail.pp. */
export function steampipeCloudTrail(now: Date): readonly PortedControl[] {
  return [
    {
      // Basic: any selector ReadWriteType All. Advanced: any selector whose JSON text has no "readOnly".
      id: 'cloudtrail_multi_region_read_write_enabled',
      cis: '2.1',
      judge: (s) =>
        s.trails.some((t) => t.isLogging && t.isMultiRegionTrail && ((t.basic ?? []).some((e) => e.ReadWriteType === 'All') || (t.advanced ?? []).some((a) => !JSON.stringify(a).includes('readOnly'))))
          ? pass('a multi-region logging trail records read and write events')
          : fail('CloudTrail disabled for account'),
    },
    { id: 'cloudtrail_trail_validation_enabled', cis: '2.2', judge: (s) => everyTrail(s, (t) => t.logFileValidationEnabled, 'validating log files') },
    {
      // A log group, and latest_delivery_time (GetTrailStatus.LatestDeliveryTime) after `current_date - 1`.
      id: 'cloudtrail_trail_integrated_with_logs',
      cis: '2.4',
      judge: (s) => everyTrail(s, (t) => Boolean(t.logGroupArn) && t.latestDeliveryTime !== undefined && t.latestDeliveryTime.getTime() > yesterday(now), 'integrated with CloudWatch Logs (a delivery since yesterday)'),
    },
    { id: 'cloudtrail_trail_logs_encrypted_with_kms_cmk', cis: '2.7', judge: (s) => everyTrail(s, (t) => Boolean(t.kmsKeyId), 'encrypted with KMS') },
  ];
}
