/** The chain doctor's trail links: the trail exists and delivers where the baseline says, logs, covers, and reaches CloudWatch Logs. */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logGroupNameOfArn, planTrailUpdate, recordsAllManagementEvents, trailSettingsOf, type SettingChange, type TrailBaseline, type TrailSetting } from './baseline/trail';
import { judgeDelivery, type DeliveryHealth } from './baseline/trail-health';
import { awsCall } from './aws/call';
import type { Add } from './doctor';
import type { Deps } from './remediations/types';

/** Checks trail-exists, trail-logging, trail-coverage and log-delivery. */
export async function trailLinks(deps: Deps, now: Date, add: Add): Promise<void> {
  const baseline = deps.config.trail;
  const region = baseline?.homeRegion ?? deps.config.region;
  const client = deps.clients.cloudtrail(region);
  const where = { account: deps.config.topic.account, region };
  const trails = (await awsCall('DescribeTrails', where, () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })))).trailList ?? [];
  const logGroup = deps.config.alarms?.logGroupName;
  const trail = pickTrail(trails, baseline, logGroup);
  const fixRecreate = baseline ? 'reenable-trail recreates the baseline trail' : 'create a multi-region trail delivering to CloudWatch Logs, and set TRAIL_NAME so it is protected';
  if (!trail) {
    add('trail-exists', 'broken', baseline ? `no trail named ${baseline.name} in ${baseline.homeRegion}` : 'no trail in this region', fixRecreate);
    add('trail-logging', 'broken', 'no trail logging: event-driven remediation is blind (EventBridge receives no CloudTrail events)', fixRecreate);
    add('trail-coverage', 'broken', 'no trail', fixRecreate);
    add('log-delivery', 'broken', 'no trail', fixRecreate);
    return;
  }
  const ref = trail.TrailARN ?? trail.Name ?? '';
  const home = deps.clients.cloudtrail(trail.HomeRegion ?? region);
  // The baseline trail's delivery is pinned: another bucket, prefix or key is a redirect (same planning as reenable-trail).
  const drift = (settings: TrailSetting[]): SettingChange[] => (baseline ? planTrailUpdate(trailSettingsOf(trail, region), new Set(settings), baseline, true).changes : []);
  const elsewhere = drift(['s3', 'kms']);
  if (elsewhere.length === 0) add('trail-exists', 'ok', `${trail.Name} (home ${trail.HomeRegion ?? region})`);
  else add('trail-exists', 'broken', `${trail.Name} (home ${trail.HomeRegion ?? region}) delivers elsewhere: ${elsewhere.map((c) => `${c.setting} ${shown(c.before)}, baseline ${shown(c.after)}`).join('; ')}`, 'reenable-trail puts the baseline delivery back (UpdateTrail)');
  const status = await awsCall('GetTrailStatus', { ...where, resource: ref }, () => home.send(new GetTrailStatusCommand({ Name: ref })));
  // The same judgement as reenable-trail's: a logging trail whose files do not arrive (IAM or KMS) is broken.
  const health = judgeDelivery(status, trailSettingsOf(trail, region), now);
  const s3 = health.problems.filter((p) => p.channel === 's3');
  if (status.IsLogging && s3.length > 0) add('trail-logging', 'broken', `logging, but its log files do not reach S3: ${s3.map((p) => p.what).join('; ')}`, s3[0]?.check);
  else if (status.IsLogging) add('trail-logging', 'ok', 'logging');
  else add('trail-logging', 'broken', 'no trail logging: event-driven remediation is blind (EventBridge receives no CloudTrail events)', baseline ? 'reenable-trail restarts it (StartLogging)' : `aws cloudtrail start-logging --name ${ref}`);
  const selectors = await awsCall('GetEventSelectors', { ...where, resource: ref }, () => home.send(new GetEventSelectorsCommand({ TrailName: ref })));
  const gaps = [
    trail.IsMultiRegionTrail ? '' : 'single-region (events of other regions are missed)',
    recordsAllManagementEvents({ basic: selectors.EventSelectors ?? [], advanced: selectors.AdvancedEventSelectors ?? [] }) ? '' : 'does not record all read and write management events',
  ].filter(Boolean);
  if (gaps.length === 0) add('trail-coverage', 'ok', 'multi-region, all management events');
  else add('trail-coverage', 'broken', gaps.join('; '), 'reenable-trail restores multi-region and management-event selectors on the baseline trail');
  await deliveryToLogs(deps, trail, health, { group: logGroup, drift: drift(['cloudWatchLogs'])[0] }, add);
}

/** The baseline trail (by name, in its home region: a trail of another region may bear the same name), else the best guess. */
function pickTrail(trails: Trail[], baseline: TrailBaseline | undefined, logGroup: string | undefined): Trail | undefined {
  if (baseline) return trails.find((t) => t.Name === baseline.name && t.HomeRegion === baseline.homeRegion);
  return trails.find((t) => logGroup && logGroupNameOfArn(t.CloudWatchLogsLogGroupArn) === logGroup) ?? trails.find((t) => t.IsMultiRegionTrail) ?? trails[0];
}

function shown(value: unknown): string {
  return value === null || value === undefined ? 'none' : String(value);
}

/** `expected.group`: the log group the CIS filters watch; `expected.drift`: how the trail's group and role differ from the baseline's. */
async function deliveryToLogs(deps: Deps, trail: Trail, health: DeliveryHealth, expected: { group?: string; drift?: SettingChange }, add: Add): Promise<void> {
  const fixDrift = 'reenable-trail puts the baseline log group and role back (UpdateTrail)';
  const group = logGroupNameOfArn(trail.CloudWatchLogsLogGroupArn);
  if (!group) {
    add('log-delivery', 'broken', `${trail.Name} sends nothing to CloudWatch Logs: metric filters see no events`, 'set the trail baseline TRAIL_CLOUDWATCH_LOG_GROUP_ARN / TRAIL_CLOUDWATCH_ROLE_ARN; reenable-trail restores it');
    return;
  }
  if (expected.group && group !== expected.group) {
    const pinned = expected.drift && logGroupNameOfArn(deps.config.trail?.cloudWatchLogsLogGroupArn) === expected.group;
    add('log-delivery', 'broken', `${trail.Name} delivers to ${group}, but the CIS filters watch ${expected.group}`, pinned ? fixDrift : 'point the trail and ALARM_LOG_GROUP_NAME at the same log group');
    return;
  }
  if (expected.drift) {
    add('log-delivery', 'broken', `${trail.Name} delivers to ${shown(expected.drift.before)}, baseline ${shown(expected.drift.after)}`, fixDrift);
    return;
  }
  const region = /^arn:[^:]+:logs:([^:]+):/.exec(trail.CloudWatchLogsLogGroupArn ?? '')?.[1] ?? deps.config.region;
  const groups = await awsCall('DescribeLogGroups', { resource: group, region }, () => deps.clients.logs(region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group })));
  if (!(groups.logGroups ?? []).some((g) => g.logGroupName === group)) {
    add('log-delivery', 'broken', `log group ${group} does not exist: CloudTrail cannot deliver`, 'restore-alarms recreates the log group');
    return;
  }
  const broken = health.problems.filter((p) => p.channel === 'cloudWatchLogs');
  if (broken.length > 0) {
    add('log-delivery', 'broken', broken.map((p) => p.what).join('; '), broken[0]?.check);
    return;
  }
  const last = health.lastLogsDelivery;
  if (!last) add('log-delivery', 'warn', `to ${group}; CloudTrail has recorded no delivery yet (normal for a trail started minutes ago)`);
  else add('log-delivery', 'ok', `to ${group}, last delivery ${last.toISOString()}`);
}
