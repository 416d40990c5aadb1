/** reenable-trail's reads: find a trail and its home region, its logging state and selectors, and the re-read after a repair. */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand, type CloudTrailClient, type GetTrailStatusCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import { recordsAllManagementEvents, type Selectors } from '../baseline/trail';
import { awsCall } from '../aws/call';
import { AwsCallError, hasErrorCode } from '../errors';
import type { Trigger } from '../events/trigger';
import type { Deps } from './types';

/** The home region of a trail known by name only, from DescribeTrails in the event's region (shadow trails included). */
export async function homeRegionOf(name: string, trigger: Trigger, deps: Deps): Promise<string> {
  const client = deps.clients.cloudtrail(trigger.region);
  const response = await call('DescribeTrails', name, trigger, () => client.send(new DescribeTrailsCommand({ trailNameList: [name], includeShadowTrails: true })));
  return response.trailList?.find((t) => t.Name === name)?.HomeRegion ?? trigger.region;
}

/** Every trail visible from the event's region: its own and the multi-region trails homed elsewhere (shadow trails). */
export async function listTrails(trigger: Trigger, deps: Deps): Promise<Trail[]> {
  const client = deps.clients.cloudtrail(trigger.region);
  const response = await call('DescribeTrails', `trails of ${trigger.account} seen from ${trigger.region}`, trigger, () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  return response.trailList ?? [];
}

/** The trail, or undefined when it does not exist. */
export async function getTrail(client: CloudTrailClient, ref: string, region: string, trigger: Trigger): Promise<Trail | undefined> {
  try {
    return (await client.send(new GetTrailCommand({ Name: ref }))).Trail;
  } catch (error) {
    if (hasErrorCode(error, 'TrailNotFoundException')) return undefined;
    throw new AwsCallError('GetTrail', error, { resource: ref, account: trigger.account, region });
  }
}

/** The trail's status: whether it logs, and how its deliveries went (one GetTrailStatus). */
export async function trailStatus(client: CloudTrailClient, ref: string, trigger: Trigger): Promise<GetTrailStatusCommandOutput> {
  return call('GetTrailStatus', ref, trigger, () => client.send(new GetTrailStatusCommand({ Name: ref })));
}

/** True when the trail is logging. */
export async function isLogging(client: CloudTrailClient, ref: string, trigger: Trigger): Promise<boolean> {
  return (await trailStatus(client, ref, trigger)).IsLogging === true;
}

/** The trail's basic and advanced event selectors. */
export async function getSelectors(client: CloudTrailClient, ref: string, trigger: Trigger): Promise<Selectors> {
  const response = await call('GetEventSelectors', ref, trigger, () => client.send(new GetEventSelectorsCommand({ TrailName: ref })));
  return { basic: response.EventSelectors ?? [], advanced: response.AdvancedEventSelectors ?? [] };
}

/** Re-reads the trail; returns what is still not as it should be. */
export async function verify(client: CloudTrailClient, ref: string, update: Record<string, unknown>, selectors: boolean, logging: boolean, trigger: Trigger): Promise<string[]> {
  const problems: string[] = [];
  const trail = await getTrail(client, ref, '', trigger);
  if (!trail) return [`${ref} does not exist after the repair`];
  const actual: Record<string, unknown> = {
    IsMultiRegionTrail: trail.IsMultiRegionTrail,
    IncludeGlobalServiceEvents: trail.IncludeGlobalServiceEvents,
    EnableLogFileValidation: trail.LogFileValidationEnabled,
    KmsKeyId: trail.KmsKeyId,
    CloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn,
    S3BucketName: trail.S3BucketName,
    S3KeyPrefix: trail.S3KeyPrefix ?? '',
  };
  // The baseline KMS key is a key ARN (shared/config.ts), as GetTrail reports it: compared exactly like the rest.
  for (const [key, value] of Object.entries(update)) if (actual[key] !== value) problems.push(`${ref}: ${key} is ${String(actual[key])} after the update`);
  if (logging && !(await isLogging(client, ref, trigger))) problems.push(`${ref} is still not logging after StartLogging`);
  if (selectors && !recordsAllManagementEvents(await getSelectors(client, ref, trigger))) problems.push(`${ref} still does not record all management events`);
  return problems;
}

/** One AWS call, its failure typed with the resource, the event's account and region. */
export function call<T>(api: string, resource: string, trigger: Trigger, send: () => Promise<T>): Promise<T> {
  return awsCall(api, { resource, account: trigger.account, region: trigger.region }, send);
}
