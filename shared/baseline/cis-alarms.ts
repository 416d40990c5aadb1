/**
 * The CIS AWS Foundations Benchmark v1.2.0 section 3 metric filters (3.1-3.14), checked by Security Hub as
 * CloudWatch.1-14, and the alarm each needs. Patterns are the benchmark's text: Security Hub fails a filter whose
 * pattern differs by one clause (see checkers.md beside this file), so do not "improve" them here; add a custom
 * filter/alarm pair (CUSTOM_ALARMS) instead.
 * Where Prowler or Steampipe cannot pass on that text, a variant pair with its own metric (checker-variants.ts) is part
 * of the baseline too: restored, compared and counted by the doctor like the CIS text.
 */
import { CHECKER_VARIANTS, ORGANIZATIONS_CHANGES } from './checker-variants';


/** One metric filter and the alarm on its metric. */
export interface AlarmSpec {
  /** CIS recommendation (`3.1`) or `custom`. */
  id: string;
  /** Security Hub control, when there is one. */
  control?: string;
  /** Filter name and metric name. */
  name: string;
  pattern: string;
  description: string;
  /** Only on a variant: the CIS-text filter it stands beside, and the checker it is written for. */
  variantOf?: string;
  for?: string;
}

const or = (names: string[], spaced: boolean): string => names.map((n) => `($.eventName=${n})`).join(spaced ? ' || ' : '||');

/** The 14 CIS v1.2.0 filters, as data. */
export const CIS_V120_ALARMS: readonly AlarmSpec[] = [
  { id: '3.1', control: 'CloudWatch.2', name: 'UnauthorizedAPICalls', pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', description: 'Unauthorized API calls' },
  { id: '3.2', control: 'CloudWatch.3', name: 'ConsoleSigninWithoutMFA', pattern: '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}', description: 'Console sign-in without MFA' },
  { id: '3.3', control: 'CloudWatch.1', name: 'RootAccountUsage', pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}', description: 'Use of the root user' },
  {
    id: '3.4',
    control: 'CloudWatch.4',
    name: 'IAMPolicyChanges',
    pattern: `{${or(['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'], false)}}`,
    description: 'IAM policy changes',
  },
  { id: '3.5', control: 'CloudWatch.5', name: 'CloudTrailChanges', pattern: `{${or(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'], false)}}`, description: 'CloudTrail configuration changes' },
  { id: '3.6', control: 'CloudWatch.6', name: 'ConsoleAuthenticationFailure', pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}', description: 'Console authentication failures' },
  { id: '3.7', control: 'CloudWatch.7', name: 'DisableOrDeleteCMK', pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}', description: 'Disabling or scheduled deletion of customer-managed KMS keys' },
  {
    id: '3.8',
    control: 'CloudWatch.8',
    name: 'S3BucketPolicyChanges',
    pattern: `{($.eventSource=s3.amazonaws.com) && (${or(['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'], true)})}`,
    description: 'S3 bucket policy changes',
  },
  {
    id: '3.9',
    control: 'CloudWatch.9',
    name: 'AWSConfigChanges',
    pattern: `{($.eventSource=config.amazonaws.com) && (${or(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'], false)})}`,
    description: 'AWS Config configuration changes',
  },
  {
    id: '3.10',
    control: 'CloudWatch.10',
    name: 'SecurityGroupChanges',
    pattern: `{${or(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'], true)}}`,
    description: 'Security group changes',
  },
  {
    id: '3.11',
    control: 'CloudWatch.11',
    name: 'NetworkACLChanges',
    pattern: `{${or(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'], true)}}`,
    description: 'Network ACL changes',
  },
  {
    id: '3.12',
    control: 'CloudWatch.12',
    name: 'NetworkGatewayChanges',
    pattern: `{${or(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'], true)}}`,
    description: 'Network gateway changes',
  },
  {
    id: '3.13',
    control: 'CloudWatch.13',
    name: 'RouteTableChanges',
    pattern: `{${or(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'], true)}}`,
    description: 'Route table changes',
  },
  {
    id: '3.14',
    control: 'CloudWatch.14',
    name: 'VPCChanges',
    pattern: `{${or(['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'], true)}}`,
    description: 'VPC changes',
  },
];

/**
 * The whole CIS baseline: the 14 CIS v1.2.0 pairs first, then the checker variants (same control ids, own metrics),
 * then CIS v1.5.0+ 4.15 (AWS Organizations changes), which v1.2.0 lacks.
 */
export const CIS_ALARMS: readonly AlarmSpec[] = [...CIS_V120_ALARMS, ...CHECKER_VARIANTS, ORGANIZATIONS_CHANGES];

/** How every baseline alarm evaluates its metric: any matching event in 5 minutes alarms. */
export const ALARM_SHAPE = {
  Statistic: 'Sum',
  Period: 300,
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
} as const;

/** The alarm baseline as configured. */
export interface AlarmBaseline {
  logGroupName: string;
  namespace: string;
  topicArn: string;
  alarmPrefix: string;
  specs: AlarmSpec[];
}

/** Alarm name of a spec: `CIS-3.1-UnauthorizedAPICalls`, `CIS-custom-Name`. */
export function alarmName(baseline: Pick<AlarmBaseline, 'alarmPrefix'>, spec: AlarmSpec): string {
  return `${baseline.alarmPrefix}${spec.id}-${spec.name}`;
}
