/**
 * What the ported checkers read: the account's trails (with status and selectors), metric filters, metric alarms and
 * SNS subscriptions, as the three checkers collect them. One snapshot, read from AWS (or the emulator) by
 * readAccountState, or written by hand in unit tests.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type AdvancedEventSelector, type EventSelector } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient, paginateListSubscriptions } from '@aws-sdk/client-sns';

export interface CheckerTrail {
  name: string;
  arn: string;
  homeRegion: string;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  isLogging: boolean;
  logGroupArn?: string;
  kmsKeyId?: string;
  logFileValidationEnabled: boolean;
  /** GetEventSelectors: EventSelectors (undefined when the trail uses advanced selectors). */
  basic?: EventSelector[];
  advanced?: AdvancedEventSelector[];
  /** GetTrailStatus.LatestCloudWatchLogsDeliveryTime (moto never returns it). */
  latestCloudWatchLogsDeliveryTime?: Date;
  /** GetTrailStatus.LatestDeliveryTime, the last S3 delivery (moto never returns it). */
  latestDeliveryTime?: Date;
}

export interface CheckerFilter {
  logGroupName: string;
  filterName: string;
  pattern: string;
  metricName: string;
}

export interface CheckerAlarm {
  alarmName: string;
  metricName?: string;
  alarmActions: string[];
}

export interface CheckerSubscription {
  topicArn: string;
  subscriptionArn: string;
}

export interface AccountState {
  trails: CheckerTrail[];
  filters: CheckerFilter[];
  alarms: CheckerAlarm[];
  subscriptions: CheckerSubscription[];
}

/** One control's verdict, as the checker would report it. */
export interface Verdict {
  status: 'PASS' | 'FAIL';
  reason: string;
}

/** A ported control: its id in the checker, the CIS recommendation it stands for, and its decision. */
export interface PortedControl {
  id: string;
  cis: string;
  judge: (state: AccountState) => Verdict;
}

export const pass = (reason: string): Verdict => ({ status: 'PASS', reason });
export const fail = (reason: string): Verdict => ({ status: 'FAIL', reason });

/** The log group name of a log group ARN, as both checkers split it (the 7th ':' field). */
export const logGroupOf = (arn: string | undefined): string | undefined => (arn ? arn.split(':')[6] : undefined);

/** Reads the snapshot from the account (trails seen from `region`, shadow trails included, as the checkers list them). */
export async function readAccountState(region: string): Promise<AccountState> {
  const cloudtrail = new CloudTrailClient({ region });
  const trails: CheckerTrail[] = [];
  for (const t of (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? []) {
    const home = new CloudTrailClient({ region: t.HomeRegion ?? region });
    const status = await home.send(new GetTrailStatusCommand({ Name: t.TrailARN }));
    const selectors = await home.send(new GetEventSelectorsCommand({ TrailName: t.TrailARN }));
    trails.push({
      name: t.Name ?? '',
      arn: t.TrailARN ?? '',
      homeRegion: t.HomeRegion ?? region,
      isMultiRegionTrail: t.IsMultiRegionTrail === true,
      isOrganizationTrail: t.IsOrganizationTrail === true,
      isLogging: status.IsLogging === true,
      logGroupArn: t.CloudWatchLogsLogGroupArn || undefined,
      kmsKeyId: t.KmsKeyId || undefined,
      logFileValidationEnabled: t.LogFileValidationEnabled === true,
      basic: selectors.AdvancedEventSelectors?.length ? undefined : (selectors.EventSelectors ?? []),
      advanced: selectors.AdvancedEventSelectors?.length ? selectors.AdvancedEventSelectors : undefined,
      latestCloudWatchLogsDeliveryTime: status.LatestCloudWatchLogsDeliveryTime,
      latestDeliveryTime: status.LatestDeliveryTime,
    });
  }
  const filters: CheckerFilter[] = [];
  for await (const page of paginateDescribeMetricFilters({ client: new CloudWatchLogsClient({ region }) }, {})) {
    for (const f of page.metricFilters ?? []) {
      for (const t of f.metricTransformations ?? []) filters.push({ logGroupName: f.logGroupName ?? '', filterName: f.filterName ?? '', pattern: f.filterPattern ?? '', metricName: t.metricName ?? '' });
    }
  }
  const alarms: CheckerAlarm[] = [];
  for await (const page of paginateDescribeAlarms({ client: new CloudWatchClient({ region }) }, {})) {
    for (const a of page.MetricAlarms ?? []) alarms.push({ alarmName: a.AlarmName ?? '', metricName: a.MetricName, alarmActions: a.AlarmActions ?? [] });
  }
  const subscriptions: CheckerSubscription[] = [];
  for await (const page of paginateListSubscriptions({ client: new SNSClient({ region }) }, {})) {
    for (const s of page.Subscriptions ?? []) subscriptions.push({ topicArn: s.TopicArn ?? '', subscriptionArn: s.SubscriptionArn ?? '' });
  }
  return { trails, filters, alarms, subscriptions };
}
