/**
 * Re-enable trails: restart a stopped trail (in its home region), recreate the deleted baseline trail, undo a
 * weakening. Strengthen only (see shared/baseline/trail.ts). plan: pure; apply: CreateTrail / UpdateTrail /
 * PutEventSelectors / StartLogging; verify: GetTrail, GetTrailStatus, GetEventSelectors.
 */
import {
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
  type CloudTrailClient,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  TRAIL_SETTINGS,
  parseTrailArn,
  planSelectors,
  planTrailUpdate,
  recordsAllManagementEvents,
  trailName,
  type Selectors,
  type TrailBaseline,
  type TrailSettings,
} from '../baseline/trail';
import { awsCall } from '../aws/call';
import { AwsCallError, errorMessage, hasErrorCode } from '../errors';
import { TRAIL_API_CALLS, TRAIL_CONFIG_RULES, TRAIL_FINDINGS, trailConfigRule, trailTargets, type TrailTarget } from '../events/trail';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import type { Action, Kept, RemediationResult, ResourceRef } from './result';
import { summarise } from './summary';
import type { Deps, Remediation } from './types';

/** The reenable-trail remediation. */
export const trailProtection: Remediation = {
  id: 'reenable-trail',
  title: 'Restart, recreate or restore CloudTrail trails (strengthen only)',
  permissions: [
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrail',
    'cloudtrail:GetTrailStatus',
    'cloudtrail:GetEventSelectors',
    'cloudtrail:StartLogging',
    'cloudtrail:CreateTrail',
    'cloudtrail:UpdateTrail',
    'cloudtrail:PutEventSelectors',
    'iam:PassRole',
  ],
  triggers: { cloudtrail: TRAIL_API_CALLS, guardduty: TRAIL_FINDINGS, config: Object.keys(TRAIL_CONFIG_RULES) },
  run: reenableTrail,
};

/** Everything one target's examination produced. */
interface Outcome {
  actions: Action[];
  kept: Kept[];
  notes: string[];
  errors: string[];
  manual: string[];
  resource?: ResourceRef;
}

/** Runs the whole remediation for one trigger. */
export async function reenableTrail(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const baseline = deps.config.trail;
  const accepted = trigger.kind === 'schedule' && !baseline ? { targets: [], ignore: 'the sweep has no baseline trail to check (TRAIL_NAME)' } : acceptedTargets(trigger);
  const all: Outcome = { actions: [], kept: [], notes: [], errors: [], manual: [] };
  const seen = new Set<string>();
  for (const target of accepted.targets) {
    const ref = target.ref ?? baseline?.name;
    if (!ref) {
      all.manual.push('No baseline trail is configured (TRAIL_NAME, TRAIL_S3_BUCKET): set one so a deleted trail can be recreated');
      continue;
    }
    if (seen.has(trailName(ref))) continue;
    seen.add(trailName(ref));
    try {
      const outcome = await examine(ref, target, trigger, deps);
      all.resource ??= outcome.resource;
      for (const key of ['actions', 'kept', 'notes', 'errors', 'manual'] as const) (all[key] as unknown[]).push(...outcome[key]);
    } catch (error) {
      all.errors.push(errorMessage(error));
      all.resource ??= trailResource(ref, trigger, baseline);
      logger.error('Trail remediation failed', { trail: ref, error: error as Error });
    }
  }
  const resource = all.resource ?? trailResource(accepted.targets[0]?.ref ?? baseline?.name ?? 'unknown-trail', trigger, baseline);
  return resultOf(trigger, resource, all, accepted.ignore);
}

function acceptedTargets(trigger: Trigger): ReturnType<typeof trailTargets> {
  if (trigger.kind === 'cloudtrail' && !(TRAIL_API_CALLS as readonly string[]).includes(trigger.eventName)) return { targets: [], ignore: `${trigger.eventName} is not handled by reenable-trail` };
  if (trigger.kind === 'guardduty' && !(TRAIL_FINDINGS as readonly string[]).includes(trigger.eventName)) return { targets: [], ignore: `finding ${trigger.eventName} is not about trails` };
  if (trigger.kind === 'config' && !trailConfigRule(trigger.ruleName)) return { targets: [], ignore: `Config rule ${trigger.ruleName} is not about trails` };
  return trailTargets(trigger);
}

async function examine(ref: string, target: TrailTarget, trigger: Trigger, deps: Deps): Promise<Outcome> {
  const baseline = deps.config.trail;
  const arn = parseTrailArn(ref);
  const name = trailName(ref);
  const isBaseline = baseline !== undefined && name === baseline.name && (!arn || (arn.account === trigger.account && arn.region === baseline.homeRegion));
  const out: Outcome = { actions: [], kept: [], notes: [], errors: [], manual: [] };
  const region = arn?.region ?? (isBaseline ? baseline.homeRegion : await homeRegionOf(name, trigger, deps));
  const client = deps.clients.cloudtrail(region);
  const trail = await getTrail(client, ref, region, trigger);
  out.resource = trailResource(trail?.TrailARN ?? ref, trigger, baseline, region);

  if (!trail) {
    if (!isBaseline || !baseline) {
      const detail = baseline ? `only the baseline trail ${baseline.name} is recreated automatically` : 'no baseline trail is configured';
      out.manual.push(`Trail ${ref} no longer exists (${target.why}); ${detail}. Recreate it by hand if it was needed`);
      return out;
    }
    out.actions.push(...(await recreate(client, baseline, trigger, deps.config.mode)));
    return out;
  }
  const settings = toSettings(trail, region);
  if (settings.isOrganizationTrail && parseTrailArn(settings.arn)?.account !== trigger.account) {
    const owner = parseTrailArn(settings.arn)?.account ?? 'the management account';
    out.manual.push(`${settings.arn} is an organization trail: only the management account ${owner} can change it. There, run: aws cloudtrail start-logging --region ${settings.homeRegion} --name ${settings.arn} (and check its settings)`);
    return out;
  }
  const wanted = new Set(isBaseline ? TRAIL_SETTINGS : target.wanted);
  const update = planTrailUpdate(settings, wanted, baseline, isBaseline);
  out.manual.push(...update.manual);
  const selectors = isBaseline || target.selectors ? await getSelectors(client, settings.arn, trigger) : undefined;
  const newSelectors = selectors ? planSelectors(selectors) : undefined;
  const logging = await isLogging(client, settings.arn, trigger);
  const restart = (isBaseline || target.restart) && !logging;
  const mode = deps.config.mode;
  const status = mode === 'report' ? 'planned' : 'done';

  if (update.changes.length > 0) {
    if (mode === 'enforce') await call('UpdateTrail', settings.arn, trigger, () => client.send(new UpdateTrailCommand({ Name: settings.arn, ...update.update })));
    for (const change of update.changes) {
      out.actions.push({ api: 'UpdateTrail', target: settings.arn, status, params: { Name: settings.arn, setting: change.setting }, before: change.before, after: change.after, undo: undoOf(change.setting, settings) });
    }
  }
  if (selectors && newSelectors) {
    if (mode === 'enforce') {
      const input = newSelectors.advanced.length > 0 ? { AdvancedEventSelectors: newSelectors.advanced } : { EventSelectors: newSelectors.basic };
      await call('PutEventSelectors', settings.arn, trigger, () => client.send(new PutEventSelectorsCommand({ TrailName: settings.arn, ...input })));
    }
    out.actions.push({ api: 'PutEventSelectors', target: settings.arn, status, params: { TrailName: settings.arn }, before: selectors, after: newSelectors, undo: `aws cloudtrail put-event-selectors --region ${region} --trail-name ${settings.arn} ${selectors.advanced.length > 0 ? `--advanced-event-selectors '${JSON.stringify(selectors.advanced)}'` : `--event-selectors '${JSON.stringify(selectors.basic)}'`}` });
  }
  if (restart) {
    if (mode === 'enforce') await call('StartLogging', settings.arn, trigger, () => client.send(new StartLoggingCommand({ Name: settings.arn })));
    out.actions.push({ api: 'StartLogging', target: settings.arn, status, params: { Name: settings.arn }, before: 'not logging', after: 'logging', undo: `aws cloudtrail stop-logging --region ${region} --name ${settings.arn}` });
  }
  if (!restart && !logging && !isBaseline && !target.restart) out.notes.push(`${name} is not logging; it was not stopped by this event, so it is left as it was`);
  if (mode === 'enforce' && out.actions.length > 0) out.errors.push(...(await verify(client, settings.arn, update.update, Boolean(newSelectors), restart || logging, trigger)));
  return out;
}

async function recreate(client: CloudTrailClient, baseline: TrailBaseline, trigger: Trigger, mode: string): Promise<Action[]> {
  const input = {
    Name: baseline.name,
    S3BucketName: baseline.s3BucketName,
    S3KeyPrefix: baseline.s3KeyPrefix,
    IsMultiRegionTrail: baseline.isMultiRegionTrail,
    IncludeGlobalServiceEvents: baseline.includeGlobalServiceEvents,
    EnableLogFileValidation: baseline.enableLogFileValidation,
    KmsKeyId: baseline.kmsKeyId,
    CloudWatchLogsLogGroupArn: baseline.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: baseline.cloudWatchLogsRoleArn,
  };
  const status = mode === 'report' ? 'planned' : 'done';
  const arn = `arn:aws:cloudtrail:${baseline.homeRegion}:${trigger.account}:trail/${baseline.name}`;
  if (mode === 'enforce') {
    try {
      await client.send(new CreateTrailCommand(input));
    } catch (error) {
      // Someone (or a concurrent invocation) recreated it first: that is not an error.
      if (!hasErrorCode(error, 'TrailAlreadyExistsException')) throw new AwsCallError('CreateTrail', error, { resource: arn, account: trigger.account, region: baseline.homeRegion });
    }
    await call('StartLogging', arn, trigger, () => client.send(new StartLoggingCommand({ Name: baseline.name })));
    const errors = await verify(client, baseline.name, {}, false, true, trigger);
    if (errors.length > 0) throw new Error(errors.join('; '));
  }
  const after = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return [
    { api: 'CreateTrail', target: arn, status, params: after, before: 'deleted', after, undo: `aws cloudtrail delete-trail --region ${baseline.homeRegion} --name ${arn}` },
    { api: 'StartLogging', target: arn, status, params: { Name: baseline.name }, before: 'not logging', after: 'logging', undo: `aws cloudtrail stop-logging --region ${baseline.homeRegion} --name ${arn}` },
  ];
}

/** Re-reads the trail; returns what is still not as it should be. */
async function verify(client: CloudTrailClient, ref: string, update: Record<string, unknown>, selectors: boolean, logging: boolean, trigger: Trigger): Promise<string[]> {
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
  for (const [key, value] of Object.entries(update)) {
    // GetTrail returns the key ARN even when the baseline names the key by alias or ID: then any key will do.
    const same = key === 'KmsKeyId' && typeof value === 'string' && !value.startsWith('arn:') ? Boolean(actual[key]) : actual[key] === value;
    if (!same) problems.push(`${ref}: ${key} is ${String(actual[key])} after the update`);
  }
  if (logging && !(await isLogging(client, ref, trigger))) problems.push(`${ref} is still not logging after StartLogging`);
  if (selectors && !recordsAllManagementEvents(await getSelectors(client, ref, trigger))) problems.push(`${ref} still does not record all management events`);
  return problems;
}

async function homeRegionOf(name: string, trigger: Trigger, deps: Deps): Promise<string> {
  const client = deps.clients.cloudtrail(trigger.region);
  const response = await call('DescribeTrails', name, trigger, () => client.send(new DescribeTrailsCommand({ trailNameList: [name], includeShadowTrails: true })));
  return response.trailList?.find((t) => t.Name === name)?.HomeRegion ?? trigger.region;
}

async function getTrail(client: CloudTrailClient, ref: string, region: string, trigger: Trigger): Promise<Trail | undefined> {
  try {
    return (await client.send(new GetTrailCommand({ Name: ref }))).Trail;
  } catch (error) {
    if (hasErrorCode(error, 'TrailNotFoundException')) return undefined;
    throw new AwsCallError('GetTrail', error, { resource: ref, account: trigger.account, region });
  }
}

async function isLogging(client: CloudTrailClient, ref: string, trigger: Trigger): Promise<boolean> {
  return (await call('GetTrailStatus', ref, trigger, () => client.send(new GetTrailStatusCommand({ Name: ref })))).IsLogging === true;
}

async function getSelectors(client: CloudTrailClient, ref: string, trigger: Trigger): Promise<Selectors> {
  const response = await call('GetEventSelectors', ref, trigger, () => client.send(new GetEventSelectorsCommand({ TrailName: ref })));
  return { basic: response.EventSelectors ?? [], advanced: response.AdvancedEventSelectors ?? [] };
}

function call<T>(api: string, resource: string, trigger: Trigger, send: () => Promise<T>): Promise<T> {
  return awsCall(api, { resource, account: trigger.account, region: trigger.region }, send);
}

function toSettings(trail: Trail, region: string): TrailSettings {
  return {
    name: trail.Name ?? '',
    arn: trail.TrailARN ?? '',
    homeRegion: trail.HomeRegion ?? region,
    s3BucketName: trail.S3BucketName,
    s3KeyPrefix: trail.S3KeyPrefix || undefined,
    kmsKeyId: trail.KmsKeyId || undefined,
    cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn || undefined,
    cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn || undefined,
    isMultiRegionTrail: trail.IsMultiRegionTrail === true,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: trail.LogFileValidationEnabled === true,
    isOrganizationTrail: trail.IsOrganizationTrail === true,
  };
}

function undoOf(setting: string, trail: TrailSettings): string {
  const base = `aws cloudtrail update-trail --region ${trail.homeRegion} --name ${trail.arn}`;
  const flags: Record<string, string> = {
    multiRegion: '--no-is-multi-region-trail',
    globalServiceEvents: '--no-include-global-service-events',
    logFileValidation: '--no-enable-log-file-validation',
    kms: '--kms-key-id ""',
    cloudWatchLogs: `--cloud-watch-logs-log-group-arn "${trail.cloudWatchLogsLogGroupArn ?? ''}" --cloud-watch-logs-role-arn "${trail.cloudWatchLogsRoleArn ?? ''}"`,
    s3: `--s3-bucket-name ${trail.s3BucketName ?? ''}`,
  };
  return `${base} ${flags[setting] ?? ''}`.trim();
}

function trailResource(ref: string, trigger: Trigger, baseline: TrailBaseline | undefined, region?: string): ResourceRef {
  const arn = parseTrailArn(ref);
  const name = trailName(ref);
  const home = arn?.region ?? region ?? (baseline && name === baseline.name ? baseline.homeRegion : trigger.region);
  return { type: 'AWS::CloudTrail::Trail', id: arn ? ref : `arn:aws:cloudtrail:${home}:${trigger.account}:trail/${name}`, name, account: trigger.account, region: home };
}

function resultOf(trigger: Trigger, resource: ResourceRef, all: Outcome, ignore: string | undefined): RemediationResult {
  const base = { remediation: trailProtection.id, resource, trigger: summarise(trigger), actions: all.actions, kept: all.kept };
  const name = resource.name ?? resource.id;
  const notes = all.notes.length > 0 ? ` (${all.notes.join('; ')})` : '';
  const actionNeeded = all.manual.length > 0 ? all.manual.join(' | ') : undefined;
  if (ignore) return { ...base, headline: `Event ignored for trail ${name}`, outcome: 'ignored', verified: false, reason: ignore };
  if (all.errors.length > 0) {
    const error = all.errors.join('; ');
    return { ...base, headline: `Trail ${name} NOT restored`, outcome: 'failed', verified: false, error, reason: `The trail could not be fully restored: ${error}`, actionNeeded };
  }
  const planned = all.actions.filter((a) => a.status === 'planned');
  if (planned.length > 0) return { ...base, headline: `Trail ${name} needs repair (report mode)`, outcome: 'reported', verified: false, reason: `Report mode: would call ${planned.map((a) => a.api).join(', ')}${notes}`, actionNeeded };
  const done = all.actions.filter((a) => a.status === 'done');
  if (done.length > 0) {
    const apis = new Set(done.map((a) => a.api));
    const what = apis.has('CreateTrail') ? 'recreated and logging' : apis.has('StartLogging') ? (apis.size > 1 ? 'restarted and restored' : 'logging restarted') : 'settings restored';
    return { ...base, headline: `Trail ${name} ${what}`, outcome: 'remediated', verified: true, reason: `${done.map((a) => `${a.api}${a.params.setting ? ` (${String(a.params.setting)})` : ''}`).join(', ')}; a re-read confirms it${notes}`, actionNeeded };
  }
  if (actionNeeded) return { ...base, headline: `Trail ${name} needs manual action`, outcome: 'skipped', verified: false, reason: `Nothing could be changed automatically${notes}`, actionNeeded };
  return { ...base, headline: `Trail ${name} already logging and compliant`, outcome: 'already-compliant', verified: true, reason: `Nothing to restore${notes}` };
}
