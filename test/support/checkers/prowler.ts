/**
 * Prowler 5.46.0's deciding logic for the CIS CloudWatch and CloudTrail checks, ported line for line from the installed
 * package (prowler/providers/aws/services/cloudwatch/lib/metric_filters.py, the cloudwatch_* and cloudtrail_* check
 * modules; read 2026-12-06; scripts/setup-prowler.sh pins that version). The real Prowler runs against the emulator in
 * `npm run checkers`; this port lets unit tests judge every pattern, including weakened ones, without it.
 */
import { fail, logGroupOf, pass, type AccountState, type PortedControl, type Verdict } from './state';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\\-#&~ ]/g, (c) => (c === ' ' ? '\\ ' : `\\${c}`));

/** build_metric_filter_pattern: every clause as a lookahead, in any order; event names end at a word boundary. */
export function buildMetricFilterPattern(options: { eventNames?: string[]; eventSource?: string; extra?: [string, '=' | '!=', string][] }): string {
  const parts: string[] = [];
  if (options.eventSource !== undefined) parts.push(`(?=.*\\$\\.eventSource\\s*=\\s*.?${escape(options.eventSource)})`);
  for (const name of options.eventNames ?? []) parts.push(`(?=.*\\$\\.eventName\\s*=\\s*.?${escape(name)}\\b)`);
  for (const [field, op, value] of options.extra ?? []) parts.push(`(?=.*\\$\\.${escape(field)}${op === '!=' ? '\\s*!=\\s*' : '\\s*=\\s*'}.?${escape(value)})`);
  return parts.join('');
}

/**
 * check_cloudwatch_log_metric_filter: the log groups of every trail (any trail, logging or not), a filter on one of them
 * whose pattern re.search-es (DOTALL), and any alarm on the filter's metric name (no namespace, no action, no subscriber).
 */
export function checkMetricFilter(pattern: string, state: AccountState): Verdict {
  const groups = state.trails.map((t) => logGroupOf(t.logGroupArn)).filter((g): g is string => g !== undefined);
  const regex = new RegExp(pattern, 's');
  let found: Verdict | undefined;
  for (const filter of state.filters) {
    if (!groups.includes(filter.logGroupName) || !regex.test(filter.pattern)) continue;
    if (state.alarms.some((a) => a.metricName === filter.metricName)) return pass(`${filter.logGroupName} has metric filter ${filter.filterName} and alarms set`);
    found = fail(`${filter.logGroupName} has metric filter ${filter.filterName} but no alarms associated`);
  }
  return found ?? fail('No CloudWatch log groups found with metric filters or alarms associated');
}

const filterCheck = (id: string, cis: string, pattern: string): PortedControl => ({ id, cis, judge: (state) => checkMetricFilter(pattern, state) });

/** The cloudwatch_* checks of the CIS monitoring section: v1.2.0 3.1-3.14 and v1.5.0+ 4.15. */
export const PROWLER_CLOUDWATCH: readonly PortedControl[] = [
  filterCheck('cloudwatch_log_metric_filter_unauthorized_api_calls', '3.1', '\\$\\.errorCode\\s*=\\s*.?\\*UnauthorizedOperation.+\\$\\.errorCode\\s*=\\s*.?AccessDenied\\*.?'),
  filterCheck('cloudwatch_log_metric_filter_sign_in_without_mfa', '3.2', buildMetricFilterPattern({ eventNames: ['ConsoleLogin'], extra: [['additionalEventData.MFAUsed', '!=', 'Yes']] })),
  filterCheck('cloudwatch_log_metric_filter_root_usage', '3.3', '\\$\\.userIdentity\\.type\\s*=\\s*.?Root.+\\$\\.userIdentity\\.invokedBy NOT EXISTS.+\\$\\.eventType\\s*!=\\s*.?AwsServiceEvent.?'),
  filterCheck('cloudwatch_log_metric_filter_policy_changes', '3.4', buildMetricFilterPattern({ eventNames: ['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'] })),
  filterCheck('cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled', '3.5', buildMetricFilterPattern({ eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] })),
  filterCheck('cloudwatch_log_metric_filter_authentication_failures', '3.6', buildMetricFilterPattern({ eventNames: ['ConsoleLogin'], extra: [['errorMessage', '=', 'Failed authentication']] })),
  filterCheck('cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk', '3.7', buildMetricFilterPattern({ eventSource: 'kms.amazonaws.com', eventNames: ['DisableKey', 'ScheduleKeyDeletion'] })),
  filterCheck('cloudwatch_log_metric_filter_for_s3_bucket_policy_changes', '3.8', buildMetricFilterPattern({ eventSource: 's3.amazonaws.com', eventNames: ['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'] })),
  filterCheck('cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled', '3.9', buildMetricFilterPattern({ eventSource: 'config.amazonaws.com', eventNames: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'] })),
  filterCheck('cloudwatch_log_metric_filter_security_group_changes', '3.10', buildMetricFilterPattern({ eventNames: ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'] })),
  filterCheck('cloudwatch_changes_to_network_acls_alarm_configured', '3.11', buildMetricFilterPattern({ eventNames: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'] })),
  filterCheck('cloudwatch_changes_to_network_gateways_alarm_configured', '3.12', buildMetricFilterPattern({ eventNames: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'] })),
  filterCheck('cloudwatch_changes_to_network_route_tables_alarm_configured', '3.13', buildMetricFilterPattern({ eventSource: 'ec2.amazonaws.com', eventNames: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'] })),
  filterCheck('cloudwatch_log_metric_filter_aws_organizations_changes', '4.15', buildMetricFilterPattern({ eventSource: 'organizations.amazonaws.com', eventNames: ['AcceptHandshake', 'AttachPolicy', 'CancelHandshake', 'CreateAccount', 'CreateOrganization', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'EnableAllFeatures', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'DetachPolicy', 'DisablePolicyType', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdateOrganizationalUnit', 'UpdatePolicy'] })),
  filterCheck('cloudwatch_changes_to_vpcs_alarm_configured', '3.14', buildMetricFilterPattern({ eventNames: ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'] })),
];

/** Every trail with a name must pass `ok` (the per-trail checks report one finding per trail). */
const everyTrail = (state: AccountState, ok: (t: AccountState['trails'][number]) => boolean, what: string): Verdict => {
  if (state.trails.length === 0) return fail('no trail');
  const bad = state.trails.filter((t) => !ok(t));
  return bad.length === 0 ? pass(`every trail ${what}`) : fail(`${bad.map((t) => t.name).join(', ')}: not ${what}`);
};

/** The cloudtrail_* checks of the CIS logging section, for `region` (the region checks report per audited region). */
export function prowlerCloudTrail(region: string, now: Date): readonly PortedControl[] {
  const inRegion = (state: AccountState) => state.trails.filter((t) => t.homeRegion === region || t.isMultiRegionTrail);
  return [
    { id: 'cloudtrail_multi_region_enabled', cis: '2.1', judge: (s) => (inRegion(s).some((t) => t.isLogging) ? pass(`a trail logs ${region}`) : fail('No CloudTrail trails enabled with logging were found')) },
    {
      id: 'cloudtrail_multi_region_enabled_logging_management_events',
      cis: '2.1',
      // Basic: ReadWriteType All and IncludeManagementEvents. Advanced: only a selector *named* "Management events
      // selector" (the console's name) with no readOnly field counts.
      judge: (s) =>
        inRegion(s).some((t) => t.isLogging && ((t.basic ?? []).some((e) => e.ReadWriteType === 'All' && e.IncludeManagementEvents === true) || (t.advanced ?? []).some((e) => e.Name === 'Management events selector' && (e.FieldSelectors ?? []).every((f) => f.Field !== 'readOnly'))))
          ? pass('a logging trail records all management events')
          : fail('No CloudTrail trails enabled and logging management events were found'),
    },
    { id: 'cloudtrail_log_file_validation_enabled', cis: '2.2', judge: (s) => everyTrail(s, (t) => t.logFileValidationEnabled, 'validating log files') },
    {
      id: 'cloudtrail_cloudwatch_logging_enabled',
      cis: '2.4',
      judge: (s) => everyTrail(s, (t) => t.latestCloudWatchLogsDeliveryTime !== undefined && now.getTime() - t.latestCloudWatchLogsDeliveryTime.getTime() <= 86_400_000, 'delivering to CloudWatch Logs in the last 24 h'),
    },
    { id: 'cloudtrail_kms_encryption_enabled', cis: '2.7', judge: (s) => everyTrail(s, (t) => Boolean(t.kmsKeyId), 'encrypted with KMS') },
  ];
}
