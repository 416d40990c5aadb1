/**
 * The chain doctor: answers "why did no alert arrive?" by checking every link of
 * CloudTrail -> CloudWatch Logs -> metric filters -> alarms -> SNS topic -> subscribers, in that order.
 * In enforce mode it runs the remediations that can repair what is broken, then checks again.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { alarmName } from './baseline/cis-alarms';
import { isAwsManagedSnsKey, isConfirmed, sameSubscriber } from './baseline/topic';
import { awsCall } from './aws/call';
import { detectorLink, recorderLink } from './doctor-backstops';
import { trailLinks } from './doctor-trail';
import { errorMessage } from './errors';
import { scheduledEvent } from './events/trigger';
import { logger } from './logger';
import { handleEvent } from './pipeline';
import { alarmChain, alarmProblems, planAlarms, readAlarmState } from './remediations/alarms';
import { feederProblems } from './remediations/alarms-feeders';
import { mutedProblems } from './remediations/alarms-mute';
import { backstops } from './remediations/backstops';
import { notificationChannel } from './remediations/notifications';
import { planTopic } from './remediations/notifications-plan';
import { readTopic } from './remediations/notifications-read';
import type { RemediationResult } from './remediations/result';
import { trailProtection } from './remediations/trail';
import type { Deps, Remediation } from './remediations/types';

/** The links, in chain order. */
export const LINKS = [
  { id: 'trail-exists', name: 'Trail exists' },
  { id: 'trail-logging', name: 'Trail is logging' },
  { id: 'trail-coverage', name: 'Multi-region, all management events' },
  { id: 'log-delivery', name: 'Delivers to CloudWatch Logs' },
  { id: 'metric-filters', name: 'CIS metric filters' },
  { id: 'alarms', name: 'CIS alarms -> alerts topic' },
  { id: 'topic', name: 'Alerts topic and its policy' },
  { id: 'subscriptions', name: 'Confirmed subscriptions' },
  { id: 'deliveries', name: 'No failed deliveries' },
  { id: 'config-recorder', name: 'Backstop: Config recorder' },
  { id: 'guardduty-detector', name: 'Backstop: GuardDuty detector' },
] as const;
export type LinkId = (typeof LINKS)[number]['id'];

/** ok and warn keep the chain whole; broken breaks it; repaired was broken and is now fixed (verified). */
export type LinkStatus = 'ok' | 'warn' | 'broken' | 'repaired';

/** One link of the report. */
export interface LinkReport {
  id: LinkId;
  name: string;
  status: LinkStatus;
  /** What was found. */
  detail: string;
  /** The fix applied (repaired) or needed (broken). */
  fix?: string;
}

/** The whole report. */
export interface ChainReport {
  account: string;
  region: string;
  mode: 'enforce' | 'report';
  links: LinkReport[];
  /** True when no link is broken. */
  whole: boolean;
  /** Results of the repairs the doctor ran (enforce mode). */
  repairs: RemediationResult[];
}

/** Failed SNS deliveries are looked up over this window. */
const DELIVERY_WINDOW_HOURS = 24;

/** Which remediation repairs which links (a link not listed here needs a person). */
// The channel first: every other repair notifies through it.
const REPAIRERS: readonly { remediation: Remediation; links: readonly LinkId[] }[] = [
  { remediation: notificationChannel, links: ['topic', 'subscriptions'] },
  { remediation: trailProtection, links: ['trail-exists', 'trail-logging', 'trail-coverage', 'log-delivery'] },
  { remediation: alarmChain, links: ['metric-filters', 'alarms'] },
  { remediation: backstops, links: ['config-recorder', 'guardduty-detector'] },
];

/** Checks every link; in enforce mode repairs what the remediations can, then checks again. */
export async function runDoctor(deps: Deps, options: { repair: boolean; now?: Date }): Promise<ChainReport> {
  const now = options.now ?? new Date();
  const first = await examineChain(deps, now);
  const broken = new Set(first.filter((l) => l.status === 'broken').map((l) => l.id));
  const repairs: RemediationResult[] = [];
  if (!options.repair || broken.size === 0) return report(deps, options.repair, first, repairs);
  // Asked to repair: the remediations write even if the configured mode is report.
  const enforcing: Deps = { ...deps, config: { ...deps.config, mode: 'enforce' } };
  for (const { remediation, links } of REPAIRERS) {
    if (!links.some((id) => broken.has(id))) continue;
    const result = await repair(remediation, enforcing, now);
    if (result) repairs.push(result);
  }
  const second = await examineChain(deps, now);
  const links = second.map((link): LinkReport => {
    const before = first.find((l) => l.id === link.id);
    if (before?.status !== 'broken' || link.status === 'broken') return link;
    const by = repairs.find((r) => REPAIRERS.find((x) => x.remediation.id === r.remediation)?.links.includes(link.id));
    return { ...link, status: 'repaired', detail: `was: ${before.detail}`, fix: by ? `${by.headline}` : 'repaired' };
  });
  return report(deps, options.repair, links, repairs);
}

function report(deps: Deps, repair: boolean, links: LinkReport[], repairs: RemediationResult[]): ChainReport {
  return { account: deps.config.topic.account, region: deps.config.region, mode: repair ? 'enforce' : 'report', links, whole: !links.some((l) => l.status === 'broken'), repairs };
}

/**
 * The doctor's repairs go through the same path as any event: verified, notified to ops, never silent.
 * A repair whose notice could not be sent is logged; the second examination says what state the link is in.
 */
async function repair(remediation: Remediation, deps: Deps, now: Date): Promise<RemediationResult | undefined> {
  const event = scheduledEvent(deps.config.topic.account, deps.config.region, { id: `chain-doctor-${now.getTime()}-${remediation.id}`, rule: 'chain-doctor', time: now });
  try {
    return await handleEvent(remediation, event, deps);
  } catch (error) {
    const result = (error as { result?: RemediationResult }).result;
    if (!result) logger.error('Chain doctor repair did not complete', { remediation: remediation.id, error: error as Error });
    return result;
  }
}

/** Reads every link, changing nothing. */
export async function examineChain(deps: Deps, now = new Date()): Promise<LinkReport[]> {
  const links: LinkReport[] = [];
  const add = (id: LinkId, status: LinkStatus, detail: string, fix?: string): void => {
    const name = LINKS.find((l) => l.id === id)?.name ?? id;
    links.push({ id, name, status, detail, ...(fix ? { fix } : {}) });
  };
  await guarded(links, ['trail-exists', 'trail-logging', 'trail-coverage', 'log-delivery'], () => trailLinks(deps, now, add));
  await guarded(links, ['metric-filters', 'alarms'], () => alarmLinks(deps, add));
  await guarded(links, ['topic', 'subscriptions'], () => topicLinks(deps, add));
  await guarded(links, ['deliveries'], () => deliveryLink(deps, now, add));
  await guarded(links, ['config-recorder'], () => recorderLink(deps, add));
  await guarded(links, ['guardduty-detector'], () => detectorLink(deps, add));
  return links;
}

/** Adds one link to the report. */
export type Add = (id: LinkId, status: LinkStatus, detail: string, fix?: string) => void;

/** A link that cannot be read (AccessDenied, throttling...) is broken: the doctor cannot vouch for it. */
async function guarded(links: LinkReport[], ids: readonly LinkId[], check: () => Promise<void>): Promise<void> {
  const start = links.length;
  try {
    await check();
  } catch (error) {
    const seen = new Set(links.slice(start).map((l) => l.id));
    for (const id of ids.filter((i) => !seen.has(i))) {
      links.push({ id, name: LINKS.find((l) => l.id === id)?.name ?? id, status: 'broken', detail: `could not be checked: ${errorMessage(error)}`, fix: 'give the doctor read access (see README, "Chain doctor") and run it again' });
    }
  }
}

async function alarmLinks(deps: Deps, add: Add): Promise<void> {
  const baseline = deps.config.alarms;
  if (!baseline) {
    const why = 'no alarm baseline configured (ALARM_LOG_GROUP_NAME, or the trail baseline log group)';
    add('metric-filters', 'broken', why, 'set ALARM_LOG_GROUP_NAME');
    add('alarms', 'broken', why, 'set ALARM_LOG_GROUP_NAME');
    return;
  }
  const specs = [...baseline.specs];
  const place = { account: deps.config.topic.account, region: deps.config.region };
  const state = await readAlarmState(baseline, specs, place, deps);
  const plan = planAlarms(baseline, specs, state);
  if (plan.createLogGroup) add('metric-filters', 'broken', `log group ${baseline.logGroupName} does not exist`, 'restore-alarms recreates it and its filters');
  else if (plan.filters.length > 0) add('metric-filters', 'broken', `${plan.filters.length} of ${specs.length} missing or altered: ${plan.filters.map((f) => `${f.spec.name} (${f.problems.join('; ')})`).join('; ')}`, 'restore-alarms puts them back with the exact CIS patterns and metric');
  else add('metric-filters', 'ok', `all ${specs.length} present with the exact pattern and metric on ${baseline.logGroupName}`);
  const problems = specs.map((spec) => ({ name: alarmName(baseline, spec), problems: alarmProblems(baseline, spec, state.alarms.find((a) => a.AlarmName === alarmName(baseline, spec))) })).filter((a) => a.problems.length > 0);
  // A muted alarm matches field by field and notifies no one: DescribeAlarms does not show the mute rule.
  const muted = await mutedProblems(baseline, place, deps);
  // Another filter that lowers a baseline metric keeps its alarm silent, however exact the alarm is.
  const lowered = await feederProblems(baseline, specs, place, deps);
  const fixes = [problems.length ? 'restore-alarms restores every field that decides whether they fire, with actions on -> the alerts topic' : '', muted.length ? 'restore-alarms deletes the mute rule, or rewrites it without the baseline alarms' : '', lowered.length ? 'a person deletes the filter that lowers the metric (restore-alarms reports it, never deletes it)' : ''];
  if (problems.length > 0 || muted.length > 0 || lowered.length > 0) add('alarms', 'broken', [...problems.map((p) => `${p.name} (${p.problems.join('; ')})`), ...muted, ...lowered].join('; '), fixes.filter(Boolean).join('; '));
  else add('alarms', 'ok', `all ${specs.length} present as the baseline evaluates them, actions enabled and not muted, acting on ${baseline.topicArn}`);
}

async function topicLinks(deps: Deps, add: Add): Promise<void> {
  const baseline = deps.config.topic;
  const state = await readTopic(deps.clients, baseline);
  if (!state.exists) {
    add('topic', 'broken', `${baseline.topicArn} does not exist`, 'protect-notifications recreates it with the baseline policy');
    add('subscriptions', 'broken', 'no topic, no subscribers', 'protect-notifications re-subscribes the baseline subscribers (e-mail and HTTP must confirm again)');
    return;
  }
  const plan = planTopic(baseline, state);
  const topicIssues = [...plan.attributes.map(driftText), ...(plan.dataProtection ? [`its data protection policy: ${plan.dataProtection.blockers.join('; ')}`] : [])];
  if (topicIssues.length > 0) add('topic', 'broken', `${baseline.name}: ${topicIssues.join(', ')}`, 'protect-notifications restores the baseline policy and attributes and removes a data protection policy that denies or masks messages');
  else add('topic', 'ok', `${baseline.name} with the baseline policy (Deny on delete and policy changes)`);
  const confirmed = state.subscriptions.filter(isConfirmed);
  const pending = state.subscriptions.filter((s) => !isConfirmed(s));
  const missing = baseline.subscribers.filter((b) => !state.subscriptions.some((s) => sameSubscriber(b, s)));
  const muted = plan.subscriptionChanges.map((c) => `${c.protocol} ${c.endpoint} muted: ${c.why} (${c.attribute} ${c.before})`);
  const issues = [
    confirmed.length === 0 ? 'no confirmed subscription: alerts reach nobody' : '',
    ...muted,
    pending.length ? `pending confirmation: ${pending.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}` : '',
    missing.length ? `baseline subscriber(s) missing: ${missing.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}` : '',
  ].filter(Boolean);
  const fix = [missing.length ? 'protect-notifications re-subscribes missing baseline subscribers' : '', muted.length ? 'protect-notifications restores the settings of muted baseline subscriptions' : '', pending.length ? 'a person must confirm the pending subscription(s) from the message AWS sent' : ''].filter(Boolean).join('; ');
  if (issues.length > 0) add('subscriptions', 'broken', issues.join('; '), fix || 'subscribe an endpoint that a person reads');
  else add('subscriptions', 'ok', `${confirmed.length} confirmed: ${confirmed.map((s) => `${s.protocol} ${s.endpoint}`).join(', ')}`);
}

function driftText(drift: { name: string; before: string }): string {
  if (drift.name === 'Policy') return 'policy differs from the baseline';
  if (drift.name === 'KmsMasterKeyId' && isAwsManagedSnsKey(drift.before)) return `KmsMasterKeyId is "${drift.before}", the AWS managed key: CloudWatch alarms cannot publish to the topic`;
  return `${drift.name} is "${drift.before}"`;
}

async function deliveryLink(deps: Deps, now: Date, add: Add): Promise<void> {
  const baseline = deps.config.topic;
  const start = new Date(now.getTime() - DELIVERY_WINDOW_HOURS * 3_600_000);
  const stats = await awsCall('GetMetricStatistics', { resource: baseline.topicArn, region: baseline.region }, () =>
    deps.clients.cloudwatch(baseline.region).send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: baseline.name }],
        StartTime: start,
        EndTime: new Date(now.getTime() + 300_000),
        Period: DELIVERY_WINDOW_HOURS * 3600,
        Statistics: ['Sum'],
      }),
    ),
  );
  const failed = (stats.Datapoints ?? []).reduce((sum, d) => sum + (d.Sum ?? 0), 0);
  if (failed > 0) add('deliveries', 'broken', `${failed} failed deliveries in the last ${DELIVERY_WINDOW_HOURS} h (CloudWatch AWS/SNS NumberOfNotificationsFailed)`, 'check each subscriber endpoint: a deleted queue, a Lambda without permission, an HTTP endpoint down, or e-mail suppressed after bounces or a spike');
  else add('deliveries', 'ok', `no failed deliveries recorded in the last ${DELIVERY_WINDOW_HOURS} h`);
}

const LABEL: Record<LinkStatus, string> = { ok: 'OK', warn: 'WARN', broken: 'BROKEN', repaired: 'REPAIRED' };

/** The report as people read it: one line per link, with status, what was found, and the fix applied or needed. */
export function formatReport(report: ChainReport): string {
  const width = Math.max(...LINKS.map((l) => l.name.length));
  const lines = [`Alerting chain of account ${report.account}, region ${report.region} (${report.mode === 'enforce' ? 'enforce: repairs what it can' : 'report only: changes nothing'})`, ''];
  report.links.forEach((link, index) => {
    lines.push(`${String(index + 1).padStart(2)}. ${LABEL[link.status].padEnd(8)} ${link.name.padEnd(width)}  ${link.detail}`);
    if (link.fix) lines.push(`${' '.repeat(14 + width)}${link.status === 'repaired' ? 'fixed: ' : 'fix: '}${link.fix}`);
  });
  const broken = report.links.filter((l) => l.status === 'broken');
  lines.push('', broken.length === 0 ? 'Verdict: the chain is WHOLE: a security event reaches a person.' : `Verdict: the chain is BROKEN at ${broken.map((l) => `"${l.name}"`).join(', ')}: security events may not reach anyone.`);
  return lines.join('\n');
}
