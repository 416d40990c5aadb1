/** The chain doctor's trail links: the trail exists and delivers where the baseline says, logs, covers, and reaches CloudWatch Logs. */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type GetTrailStatusCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logGroupNameOfArn, recordsAllManagementEvents } from './baseline/trail';
import { awsCall } from './aws/call';
import type { Add } from './doctor';
import type { Deps } from './remediations/types';

/** A trail that logs delivers to CloudWatch Logs about every 5 minutes when there is activity; older than this is stale. */
const STALE_DELIVERY_HOURS = 24;

/** Checks trail-exists, trail-logging, trail-coverage and log-delivery. */
export async function trailLinks(deps: Deps, now: Date, add: Add): Promise<void> {
  const baseline = deps.config.trail;
  const region = baseline?.homeRegion ?? deps.config.region;
  const client = deps.clients.cloudtrail(region);
  const where = { account: deps.config.topic.account, region };
  const trails = (await awsCall('DescribeTrails', where, () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })))).trailList ?? [];
  const logGroup = deps.config.alarms?.logGroupName;
  const trail = pickTrail(trails, baseline?.name, logGroup);
  const fixRecreate = baseline ? 'reenable-trail recreates the baseline trail' : 'create a multi-region trail delivering to CloudWatch Logs, and set TRAIL_NAME so it is protected';
  if (!trail) {
    add('trail-exists', 'broken', baseline ? `no trail named ${baseline.name}` : 'no trail in this region', fixRecreate);
    add('trail-logging', 'broken', 'no trail logging: event-driven remediation is blind (EventBridge receives no CloudTrail events)', fixRecreate);
    add('trail-coverage', 'broken', 'no trail', fixRecreate);
    add('log-delivery', 'broken', 'no trail', fixRecreate);
    return;
  }
  const ref = trail.TrailARN ?? trail.Name ?? '';
  const home = deps.clients.cloudtrail(trail.HomeRegion ?? region);
  add('trail-exists', 'ok', `${trail.Name} (home ${trail.HomeRegion ?? region})`);
  const status = await awsCall('GetTrailStatus', { ...where, resource: ref }, () => home.send(new GetTrailStatusCommand({ Name: ref })));
  if (status.IsLogging) add('trail-logging', 'ok', 'logging');
  else add('trail-logging', 'broken', 'no trail logging: event-driven remediation is blind (EventBridge receives no CloudTrail events)', baseline ? 'reenable-trail restarts it (StartLogging)' : `aws cloudtrail start-logging --name ${ref}`);
  const selectors = await awsCall('GetEventSelectors', { ...where, resource: ref }, () => home.send(new GetEventSelectorsCommand({ TrailName: ref })));
  const gaps = [
    trail.IsMultiRegionTrail ? '' : 'single-region (events of other regions are missed)',
    recordsAllManagementEvents({ basic: selectors.EventSelectors ?? [], advanced: selectors.AdvancedEventSelectors ?? [] }) ? '' : 'does not record all read and write management events',
  ].filter(Boolean);
  if (gaps.length === 0) add('trail-coverage', 'ok', 'multi-region, all management events');
  else add('trail-coverage', 'broken', gaps.join('; '), 'reenable-trail restores multi-region and management-event selectors on the baseline trail');
  await deliveryToLogs(deps, trail, status, logGroup, now, add);
}

function pickTrail(trails: Trail[], name: string | undefined, logGroup: string | undefined): Trail | undefined {
  if (name) return trails.find((t) => t.Name === name);
  return trails.find((t) => logGroup && logGroupNameOfArn(t.CloudWatchLogsLogGroupArn) === logGroup) ?? trails.find((t) => t.IsMultiRegionTrail) ?? trails[0];
}

async function deliveryToLogs(deps: Deps, trail: Trail, status: GetTrailStatusCommandOutput, expected: string | undefined, now: Date, add: Add): Promise<void> {
  const group = logGroupNameOfArn(trail.CloudWatchLogsLogGroupArn);
  if (!group) {
    add('log-delivery', 'broken', `${trail.Name} sends nothing to CloudWatch Logs: metric filters see no events`, 'set the trail baseline TRAIL_CLOUDWATCH_LOG_GROUP_ARN / TRAIL_CLOUDWATCH_ROLE_ARN; reenable-trail restores it');
    return;
  }
  if (expected && group !== expected) {
    add('log-delivery', 'broken', `${trail.Name} delivers to ${group}, but the CIS filters watch ${expected}`, 'point the trail and ALARM_LOG_GROUP_NAME at the same log group');
    return;
  }
  const region = /^arn:[^:]+:logs:([^:]+):/.exec(trail.CloudWatchLogsLogGroupArn ?? '')?.[1] ?? deps.config.region;
  const groups = await awsCall('DescribeLogGroups', { resource: group, region }, () => deps.clients.logs(region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group })));
  if (!(groups.logGroups ?? []).some((g) => g.logGroupName === group)) {
    add('log-delivery', 'broken', `log group ${group} does not exist: CloudTrail cannot deliver`, 'restore-alarms recreates the log group');
    return;
  }
  if (status.LatestCloudWatchLogsDeliveryError) {
    add('log-delivery', 'broken', `CloudTrail reports a delivery error: ${status.LatestCloudWatchLogsDeliveryError}`, 'check the trail CloudWatch Logs role (trust policy and logs:PutLogEvents on the group)');
    return;
  }
  const last = status.LatestCloudWatchLogsDeliveryTime;
  if (!last) {
    add('log-delivery', 'warn', `to ${group}; CloudTrail has recorded no delivery yet (normal for a trail started minutes ago)`);
    return;
  }
  const hours = (now.getTime() - last.getTime()) / 3_600_000;
  if (hours > STALE_DELIVERY_HOURS) add('log-delivery', 'broken', `last delivery to ${group} was ${Math.round(hours)} h ago`, 'check the trail CloudWatch Logs role and that the trail is logging');
  else add('log-delivery', 'ok', `to ${group}, last delivery ${last.toISOString()}`);
}
