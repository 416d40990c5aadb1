/**
 * Extra metric filter/alarm pairs for the controls where no single pattern passes Security Hub, Prowler and Steampipe
 * (the evidence, with sources and dates, is in checkers.md beside this file). Each checker joins an alarm to a filter
 * by metric name only, so a variant has its own filter name = metric name = alarm name suffix, and the CIS-text pair
 * it stands beside stays exactly as the benchmark writes it (Security Hub's check).
 * A variant belongs to the same CIS control id as its CIS-text pair: CIS_CONTROLS enables or drops both.
 */
import type { AlarmSpec } from './cis-alarms';

const anyOf = (names: string[]): string => names.map((n) => `($.eventName=${n})`).join(' || ');

const SECURITY_GROUP_CALLS = ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'];
const ROUTE_TABLE_CALLS = ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'];

/** CIS v1.5.0+ 4.15 in Steampipe's order, then the three names Prowler also requires (anywhere). */
const ORGANIZATIONS_CALLS = [
  'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy',
  'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit',
  'CancelHandshake', 'CreateOrganization', 'EnableAllFeatures',
];

/**
 * A control CIS v1.2.0 does not have (no Security Hub control): AWS Organizations changes, CIS v1.5.0+ 4.15, checked by
 * Steampipe (cis_v150 ... cis_v600 4.15) and Prowler (cloudwatch_log_metric_filter_aws_organizations_changes).
 */
export const ORGANIZATIONS_CHANGES: AlarmSpec = {
  id: '4.15',
  name: 'OrganizationsChanges',
  for: 'Steampipe CIS v1.5.0+ 4.15 and Prowler cloudwatch_log_metric_filter_aws_organizations_changes',
  pattern: `{($.eventSource=organizations.amazonaws.com) && (${ORGANIZATIONS_CALLS.map((n) => `($.eventName="${n}")`).join(' || ')})}`,
  description: 'AWS Organizations changes',
};

/** The variants, as data. */
export const CHECKER_VARIANTS: readonly AlarmSpec[] = [
  {
    // Steampipe (CIS v1.4.0+ 4.1) requires the v1.4 exclusions of log delivery and HeadBucket, after both error codes;
    // Security Hub CloudWatch.2 (v1.2.0 only) fails them. The OR is parenthesised so the exclusions apply to both codes.
    id: '3.1',
    name: 'UnauthorizedAPICallsV14',
    variantOf: 'UnauthorizedAPICalls',
    for: 'Steampipe CIS v1.4.0+ 4.1',
    pattern: '{(($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")) && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket")}',
    description: 'Unauthorized API calls, without log delivery and HeadBucket (CIS v1.4.0+ text)',
  },
  {
    // Steampipe requires ModifySecurityGroupRules after DeleteSecurityGroup; Security Hub CloudWatch.10 wants the six
    // v1.2.0 names only. The call is how the console and newer SDKs change a rule in place, so it is worth an alarm.
    id: '3.10',
    name: 'SecurityGroupChangesWithRules',
    variantOf: 'SecurityGroupChanges',
    for: 'Steampipe CIS 4.10',
    pattern: `{${anyOf([...SECURITY_GROUP_CALLS, 'ModifySecurityGroupRules'])}}`,
    description: 'Security group changes, ModifySecurityGroupRules included',
  },
  {
    // Prowler requires the `$.eventSource = ec2.amazonaws.com` clause (as later CIS versions write it); Security Hub CloudWatch.13
    // wants the v1.2.0 text without it.
    id: '3.13',
    name: 'RouteTableChangesEc2',
    variantOf: 'RouteTableChanges',
    for: 'Prowler cloudwatch_changes_to_network_route_tables_alarm_configured',
    pattern: `{($.eventSource=ec2.amazonaws.com) && (${anyOf(ROUTE_TABLE_CALLS)})}`,
    description: 'Route table changes, EC2 event source only (as later CIS versions write it)',
  },
];
