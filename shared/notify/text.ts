/**
 * The readable notice (SNS `default` and `email`): what happened, who did it, where, how bad, what was changed (before ->
 * after) in plain words, how to undo it or, in report mode, how to apply it. Long lists are summarised: the count, the
 * first LIST_MAX entries, and where the rest is (the JSON notice, the function's log).
 */
import type { Action, Kept, RemediationResult, Risk } from '../remediations/result';
import { describeChange } from './changes';
import { applyCommands } from './commands';
import { followUpLines } from './followups';

/** Entries shown per list; the rest is counted and pointed at. */
export const LIST_MAX = 10;

/** The readable text of a result's notice. Pure. */
export function noticeText(result: RemediationResult, risk: Risk): string {
  const { resource, trigger } = result;
  const { kept, folded } = reconcile(result);
  const lines = [`${result.outcome.toUpperCase()}: ${result.headline}`, ''];
  lines.push(`Severity: ${risk.level} (${risk.why})`);
  lines.push(`What happened: ${whatHappened(result)}`);
  lines.push(`Where: account ${resource.account}, region ${resource.region}, ${resource.type} ${resource.id}${resource.name ? ` (${resource.name})` : ''}`);
  lines.push(`Result: ${result.reason}`);
  if (result.outcome === 'failed') lines.push(`ACTION NEEDED: the repair did not complete; the resource may still be exposed. Error: ${result.error}`);
  if (result.actionNeeded) lines.push(`ACTION NEEDED: ${result.actionNeeded}`);
  lines.push(...followUpLines(result).map((line) => `Follow-up: ${line}`));
  if (result.gate) lines.push(gateLine(result.gate));
  else if (result.outcome === 'reported') lines.push(`${result.reportedWhy ?? 'Report mode (REMEDIATION_MODE=report)'}: nothing was changed. Apply the changes below with the commands under "To apply", or ${result.reportedWhy ? 'raise the limit' : 'switch to enforce'}.`);
  const rest = `see the JSON notice (SNS protocols sqs and lambda) or the ${result.remediation} function's log (event ${trigger.eventId})`;
  const changes = result.actions.filter((a) => a.status !== 'failed');
  const header = result.actions.some((a) => a.status === 'planned') ? 'Would change (before -> after)' : 'Changes (before -> after)';
  if (changes.length > 0) lines.push('', ...section(header, changes.map((a) => `  - ${describeChange(a)}`), rest), ...folded);
  const failures = result.actions.filter((a) => a.status === 'failed');
  if (failures.length > 0) lines.push('', ...section('Failed', failures.map(failureLine), rest));
  if (kept.length > 0) lines.push('', ...section('Left as it was', kept.map(keptLine), rest));
  const undo = undoCommands(result);
  if (undo.length > 0 && result.historyId) {
    lines.push('', 'How to undo (only if the change was intended):', `  npm run undo -- ${result.historyId}`, '  (from the chain-guard repository, with admin credentials: it also sets a grace period, so the backend does not revert the undo)');
    lines.push(...section('Or by hand, these AWS CLI commands in this order (without a grace period: the next event may revert them)', undo.map((c) => `  ${c}`), rest));
  } else if (undo.length > 0) lines.push('', ...section('How to undo (only if the change was intended)', undo.map((c) => `  ${c}`), rest));
  if (result.outcome === 'reported') lines.push('', ...applySection(result, rest));
  const link = consoleLink(result);
  if (link) lines.push('', `Console: ${link}`);
  lines.push(`Event: ${trigger.eventId} (${trigger.detail ?? trigger.eventName})`);
  return lines.join('\n');
}

/**
 * The raw AWS CLI undo commands, for people without the repository (the notice names `npm run undo -- <id>` first):
 * last change first, so each works when run in order (a recreated trail is stopped before it is deleted).
 */
export function undoCommands(result: RemediationResult): string[] {
  return result.actions.filter((a) => a.status === 'done' && a.undo).map((a) => a.undo ?? '').reverse();
}

/** The grace period or exemption that held the change back, in one line. */
function gateLine(gate: NonNullable<RemediationResult['gate']>): string {
  if (gate.kind === 'grace') return `Grace period until ${gate.until}: ${gate.by} undid this remediation (npm run undo -- ${gate.undoId ?? ''}), so nothing was changed on ${gate.target}. The changes below are what it would do.`;
  return `Exemption until ${gate.until} on ${gate.target}: "${gate.reason}" (added by ${gate.by}), so nothing was changed. Remove it with npm run exemptions -- remove.`;
}

/** `Header:` and its lines; past LIST_MAX, `Header (N in all, the first 10):` and where the rest is. */
function section(header: string, entries: string[], rest: string): string[] {
  if (entries.length <= LIST_MAX) return [`${header}:`, ...entries];
  return [`${header} (${entries.length} in all, the first ${LIST_MAX}):`, ...entries.slice(0, LIST_MAX), `  ... and ${entries.length - LIST_MAX} more: ${rest}.`];
}

function applySection(result: RemediationResult, rest: string): string[] {
  const { commands, missing } = applyCommands(result.actions, result.resource);
  const lines = commands.length > 0 ? section('To apply (the exact commands; run them in this order)', commands.map((c) => `  ${c}`), rest) : [];
  if (missing > 0) lines.push(`  ${missing} change(s) have no single command: make them as listed above, or switch to enforce.`);
  return lines;
}

/**
 * A subscription removed by the event whose endpoint can no longer be read is the missing baseline subscriber that was
 * re-subscribed, when there is one: said once, next to the change, not also under "Left as it was".
 */
function reconcile(result: RemediationResult): { kept: Kept[]; folded: string[] } {
  const resubscribed = result.actions.some((a: Action) => a.api === 'Subscribe' && a.status !== 'failed');
  if (!resubscribed) return { kept: result.kept, folded: [] };
  const removed = result.kept.filter((k) => k.what === 'removed subscription');
  const folded = removed.map((k) => `  (the event removed ${k.target}; its endpoint can no longer be read, so it is taken to be the subscriber put back above)`);
  return { kept: result.kept.filter((k) => !removed.includes(k)), folded };
}

function whatHappened(result: RemediationResult): string {
  const { trigger } = result;
  const actor = trigger.actor;
  const who = actor ? `${actor.name ?? actor.arn ?? 'unknown principal'} (${actor.type}${actor.arn && actor.name ? `, ${actor.arn}` : ''})` : 'unknown principal';
  const from = actor?.sourceIp ? ` from ${actor.sourceIp}` : '';
  const agent = actor?.userAgent ? ` using ${actor.userAgent.split(' ')[0]}` : '';
  if (trigger.kind === 'cloudtrail') return `${who} called ${trigger.eventName}${from}${agent} at ${trigger.time}.`;
  if (trigger.kind === 'guardduty') {
    const principal = actor?.name ? ` Principal: ${actor.name} (${actor.type}).` : '';
    const remote = actor?.sourceIp ? ` Remote address: ${actor.sourceIp}.` : '';
    return `GuardDuty reported ${trigger.eventName} at ${trigger.time}: ${trigger.detail ?? ''}.${principal}${remote}`.replace('..', '.');
  }
  return `${trigger.detail ?? trigger.eventName} at ${trigger.time}.`;
}

function keptLine(kept: Kept): string {
  return `  - ${kept.target}: ${kept.what} -- ${kept.reason}`;
}

function consoleLink(result: RemediationResult): string | undefined {
  const { type, id, region } = result.resource;
  const host = `https://${region}.console.aws.amazon.com`;
  if (type === 'AWS::EC2::SecurityGroup' && id.startsWith('sg-')) return `${host}/ec2/home?region=${region}#SecurityGroup:groupId=${id}`;
  if (type === 'AWS::EC2::Instance' && id.startsWith('i-')) return `${host}/ec2/home?region=${region}#InstanceDetails:instanceId=${id}`;
  if (type === 'AWS::CloudTrail::Trail') return `${host}/cloudtrailv2/home?region=${region}#/trails`;
  if (type === 'AWS::SNS::Topic' && id.startsWith('arn:')) return `${host}/sns/v3/home?region=${region}#/topic/${id}`;
  if (type === 'AWS::CloudWatch::Alarm') return `${host}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(id)}`;
  if (type === 'AWS::Logs::LogGroup') return `${host}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encodeURIComponent(encodeURIComponent(id))}`;
  return undefined;
}

/** A failed write: what it was about (the rule, when the action has a summary) and the error. */
function failureLine(action: Action): string {
  const before = action.before;
  const what = typeof before === 'object' && before !== null && 'summary' in before ? ` (${String((before as { summary: unknown }).summary)})` : '';
  return `  - ${action.api} ${action.target}${what}: ${action.error ?? 'failed'}`;
}
