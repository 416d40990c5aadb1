/**
 * Re-enable trails: restart a stopped trail (in its home region), recreate the deleted baseline trail, undo a
 * weakening, put the baseline trail's delivery back, and report any other trail's redirected delivery (never
 * rewritten). An event that names no trail checks every trail. Strengthen only (see shared/baseline/trail.ts).
 * plan: pure; apply: CreateTrail / UpdateTrail / PutEventSelectors / StartLogging; verify: GetTrail, GetTrailStatus,
 * GetEventSelectors.
 */
import { eachTargetSweeper } from '../sweep/each-target';
import { PutEventSelectorsCommand, StartLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { TRAIL_SETTINGS, parseTrailArn, planSelectors, planTrailUpdate, trailName, trailSettingsOf, type TrailBaseline } from '../baseline/trail';
import { redirectsToReport } from '../baseline/trail-delivery';
import { foreignArnAction, foreignArns, withoutForeignDelivery } from '../baseline/foreign-arns';
import { judgeDelivery } from '../baseline/trail-health';
import { errorMessage } from '../errors';
import { TRAIL_API_CALLS, TRAIL_CONFIG_RULES, TRAIL_FINDINGS, trailConfigRule, trailTargets, type TrailTarget } from '../events/trail';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import type { RemediationResult, Risk } from './result';
import { call, getSelectors, getTrail, homeRegionOf, listTrails, trailStatus, verify } from './trail-read';
import { recreate } from './trail-recreate';
import { addFindings, deliveryFindings, noFindings, previousOf, resultOf, trailResource, undoOf, type TrailFindings } from './trail-result';
import type { Deps, Remediation } from './types';
import { quotedJson } from '../aws/cli';

/** The baseline trail not logging: every CloudTrail-driven rule, and the CIS alarms, see nothing. */
const BLIND: Risk = { level: 'CRITICAL', why: 'the baseline trail was not logging: CloudTrail-driven remediation and the CIS alarms were blind' };

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
  unarmed: (config) =>
    config.trail ? undefined : 'No baseline trail is configured (params trailName and trailS3Bucket): a deleted trail cannot be recreated and no trail is held to a baseline; the sweep only restarts stopped trails.',
  // The sweep over many accounts: each account once, in the region its trails live in (README "Organization").
  sweeper: { ...eachTargetSweeper('trails', 'AWS::CloudTrail::Trail'), regionOf: (config) => config.trail?.homeRegion ?? config.region },
  run: reenableTrail,
};

/** Runs the whole remediation for one trigger. */
export async function reenableTrail(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const baseline = deps.config.trail;
  const targets = acceptedTargets(trigger);
  // Without a baseline trail the sweep still restarts stopped trails; the pipeline's daily WARNING says what is missing.
  const accepted = trigger.kind === 'schedule' && !baseline ? { ...targets, targets: targets.targets.filter((t) => t.every) } : targets;
  const all = noFindings();
  const seen = new Set<string>();
  for (const target of accepted.targets) {
    for (const ref of await refsOf(target, trigger, deps, all)) {
      const key = trailKey(ref, trigger, baseline);
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        addFindings(all, await examine(ref, target, trigger, deps));
      } catch (error) {
        all.errors.push(errorMessage(error));
        all.resource ??= trailResource(ref, trigger, baseline);
        logger.error('Trail remediation failed', { trail: ref, error: error as Error });
      }
    }
  }
  const resource = all.resource ?? trailResource(accepted.targets[0]?.ref ?? baseline?.name ?? 'unknown-trail', trigger, baseline);
  return resultOf(trailProtection.id, trigger, resource, all, accepted.ignore);
}

/** The trails a target stands for: the one it names, the baseline trail, or every trail of the account visible from the event's region. */
async function refsOf(target: TrailTarget, trigger: Trigger, deps: Deps, all: TrailFindings): Promise<string[]> {
  if (!target.every) {
    const ref = target.ref ?? deps.config.trail?.name;
    if (!ref) all.manual.push('No baseline trail is configured (TRAIL_NAME, TRAIL_S3_BUCKET): set one so a deleted trail can be recreated');
    return ref ? [ref] : [];
  }
  try {
    const refs: string[] = [];
    for (const trail of await listTrails(trigger, deps)) {
      const arn = trail.TrailARN ?? '';
      const owner = parseTrailArn(arn)?.account;
      // An organization trail of the management account: a member can neither restart nor (under our policy) read it.
      if (owner && owner !== trigger.account) all.notes.push(`${arn} belongs to account ${owner} (organization trail): it is checked and restarted from there`);
      else if (arn) refs.push(arn);
    }
    return refs;
  } catch (error) {
    all.errors.push(`the trails of the account could not be listed, so none was checked: ${errorMessage(error)}`);
    logger.error('Trail listing failed', { region: trigger.region, error: error as Error });
    return [];
  }
}

/** One key per trail, however the event named it (name or ARN), so a trail is examined once per event. */
function trailKey(ref: string, trigger: Trigger, baseline: TrailBaseline | undefined): string {
  const arn = parseTrailArn(ref);
  if (arn) return `${arn.account}/${arn.region}/${arn.name}`;
  return baseline && ref === baseline.name ? `${trigger.account}/${baseline.homeRegion}/${ref}` : ref;
}

function acceptedTargets(trigger: Trigger): ReturnType<typeof trailTargets> {
  if (trigger.kind === 'cloudtrail' && !(TRAIL_API_CALLS as readonly string[]).includes(trigger.eventName)) return { targets: [], ignore: `${trigger.eventName} is not handled by reenable-trail` };
  if (trigger.kind === 'guardduty' && !(TRAIL_FINDINGS as readonly string[]).includes(trigger.eventName)) return { targets: [], ignore: `finding ${trigger.eventName} is not about trails` };
  if (trigger.kind === 'config' && !trailConfigRule(trigger.ruleName)) return { targets: [], ignore: `Config rule ${trigger.ruleName} is not about trails` };
  return trailTargets(trigger);
}

async function examine(ref: string, target: TrailTarget, trigger: Trigger, deps: Deps): Promise<TrailFindings> {
  const baseline = deps.config.trail;
  const arn = parseTrailArn(ref);
  const name = trailName(ref);
  const isBaseline = baseline !== undefined && name === baseline.name && (!arn || (arn.account === trigger.account && arn.region === baseline.homeRegion));
  const out = noFindings();
  const region = arn?.region ?? (isBaseline ? baseline.homeRegion : await homeRegionOf(name, trigger, deps));
  const client = deps.clients.cloudtrail(region);
  const trail = await getTrail(client, ref, region, trigger);
  out.resource = trailResource(trail?.TrailARN ?? ref, trigger, baseline, region);

  if (!trail) {
    if (!isBaseline || !baseline) {
      const detail = baseline ? `only the baseline trail ${baseline.name} is recreated automatically` : 'no baseline trail is configured';
      out.manual.push(`Trail ${ref} no longer exists (${target.why}); ${detail}. Recreate it by hand if it was needed`);
      out.risks.push({ level: 'MEDIUM', why: `trail ${name} is not the baseline trail${baseline ? `; ${baseline.name} keeps recording` : ''}: its own logs stop, the alerting chain is intact` });
      return out;
    }
    const foreign = foreignArns({ CloudWatchLogsLogGroupArn: baseline.cloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn: baseline.cloudWatchLogsRoleArn }, trigger.account);
    if (foreign.length > 0) out.manual.push(foreignArnAction(`Recreating the deleted baseline trail ${baseline.name}`, trigger.account, foreign));
    else out.actions.push(...(await recreate(client, baseline, trigger, deps.config.mode)));
    out.risks.push(BLIND);
    return out;
  }
  const settings = trailSettingsOf(trail, region);
  if (settings.isOrganizationTrail && parseTrailArn(settings.arn)?.account !== trigger.account) {
    const owner = parseTrailArn(settings.arn)?.account ?? 'the management account';
    out.risks.push({ level: 'HIGH', why: 'an organization trail cannot be repaired from this account' });
    out.manual.push(`${settings.arn} is an organization trail: only the management account ${owner} can change it. There, run: aws cloudtrail start-logging --region ${settings.homeRegion} --name ${settings.arn} (and check its settings)`);
    return out;
  }
  const wanted = new Set(isBaseline ? TRAIL_SETTINGS : target.wanted);
  const update = withoutForeignDelivery(planTrailUpdate(settings, wanted, baseline, isBaseline), trigger.account, settings.arn);
  for (const redirect of redirectsToReport(target.redirects ?? [], settings, baseline, isBaseline, new Set(update.changes.map((c) => c.setting)))) {
    out.kept.push({ target: settings.arn, what: redirect.what, reason: redirect.reason });
    out.manual.push(redirect.actionNeeded);
  }
  out.manual.push(...update.manual);
  const selectors = isBaseline || target.selectors ? await getSelectors(client, settings.arn, trigger) : undefined;
  const newSelectors = selectors ? planSelectors(selectors) : undefined;
  if (newSelectors && newSelectors.advanced.length > 0) out.notes.push(`${name} keeps advanced event selectors (they select data events): Steampipe's CIS CloudWatch controls read only basic selectors and will not count this trail`);
  const trailState = await trailStatus(client, settings.arn, trigger);
  const logging = trailState.IsLogging === true;
  const restart = (isBaseline || target.restart) && !logging;
  const mode = deps.config.mode;
  const status = mode === 'report' ? 'planned' : 'done';

  if (update.changes.length > 0) {
    if (mode === 'enforce') await call('UpdateTrail', settings.arn, trigger, () => client.send(new UpdateTrailCommand({ Name: settings.arn, ...update.update })));
    for (const change of update.changes) {
      const command = `aws cloudtrail update-trail --region ${region} --cli-input-json ${quotedJson({ Name: settings.arn, ...update.update })}`;
      out.actions.push({ api: 'UpdateTrail', target: settings.arn, status, params: { Name: settings.arn, setting: change.setting, previous: previousOf(change.setting, settings) }, before: change.before, after: change.after, undo: undoOf(change.setting, settings), command });
    }
    out.risks.push(isBaseline ? { level: 'HIGH', why: 'the baseline trail was weakened (what it records, how it is protected or where it delivers)' } : { level: 'MEDIUM', why: `trail ${name} (not the baseline trail) was weakened` });
  }
  if (selectors && newSelectors) {
    if (mode === 'enforce') {
      const input = newSelectors.advanced.length > 0 ? { AdvancedEventSelectors: newSelectors.advanced } : { EventSelectors: newSelectors.basic };
      await call('PutEventSelectors', settings.arn, trigger, () => client.send(new PutEventSelectorsCommand({ TrailName: settings.arn, ...input })));
    }
    const command = `aws cloudtrail put-event-selectors --region ${region} --cli-input-json ${quotedJson({ TrailName: settings.arn, ...(newSelectors.advanced.length > 0 ? { AdvancedEventSelectors: newSelectors.advanced } : { EventSelectors: newSelectors.basic }) })}`;
    out.actions.push({ api: 'PutEventSelectors', target: settings.arn, status, params: { TrailName: settings.arn }, before: selectors, after: newSelectors, command, undo: `aws cloudtrail put-event-selectors --region ${region} --trail-name ${settings.arn} ${selectors.advanced.length > 0 ? `--advanced-event-selectors ${quotedJson(selectors.advanced)}` : `--event-selectors ${quotedJson(selectors.basic)}`}` });
  }
  if (restart) {
    if (mode === 'enforce') await call('StartLogging', settings.arn, trigger, () => client.send(new StartLoggingCommand({ Name: settings.arn })));
    out.actions.push({ api: 'StartLogging', target: settings.arn, status, params: { Name: settings.arn }, before: 'not logging', after: 'logging', undo: `aws cloudtrail stop-logging --region ${region} --name ${settings.arn}` });
    out.risks.push(isBaseline ? BLIND : { level: 'MEDIUM', why: `trail ${name} (not the baseline trail) was not logging` });
  }
  if (out.kept.length > 0) out.risks.push({ level: isBaseline ? 'HIGH' : 'MEDIUM', why: 'the trail delivers somewhere else: its logs may go to someone else' });
  // A trail logging and matching its baseline can still deliver nothing (its role or a key broken): judged from the same status.
  if (logging) deliveryFindings(out, judgeDelivery(trailState, settings, new Date(Date.now())), settings, isBaseline, update.changes);
  if (!restart && !logging && !isBaseline && !target.restart) out.notes.push(`${name} is not logging; it was not stopped by this event, so it is left as it was`);
  if (mode === 'enforce' && out.actions.length > 0) out.errors.push(...(await verify(client, settings.arn, update.update, Boolean(newSelectors), restart || logging, trigger)));
  return out;
}
