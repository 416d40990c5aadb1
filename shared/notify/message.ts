/** Turns a RemediationResult into the SNS message ops read: subject, plain-text body, then the JSON result. */
import type { Action, Kept, Outcome, RemediationResult } from '../remediations/result';

/** A rendered notification. */
export interface Notification {
  subject: string;
  body: string;
  attributes: Record<string, string>;
}

/** Severity per outcome, so subscribers can filter (a failed repair means the account is still exposed). */
export const SEVERITY: Readonly<Record<Outcome, string>> = {
  failed: 'CRITICAL',
  remediated: 'HIGH',
  reported: 'HIGH',
  skipped: 'MEDIUM',
  'already-compliant': 'LOW',
  ignored: 'INFO',
};

// SNS: subjects must be "less than 100 characters long".
const SUBJECT_MAX = 99;

/** Builds the notification for a result. Pure. */
export function buildNotification(result: RemediationResult): Notification {
  return {
    subject: subjectOf(result),
    body: `${humanText(result)}\n\n--- machine-readable result ---\n${JSON.stringify(result, null, 2)}\n`,
    attributes: {
      outcome: result.outcome,
      severity: result.actionNeeded && result.outcome === 'skipped' ? 'HIGH' : SEVERITY[result.outcome],
      account: result.resource.account,
      region: result.resource.region,
      resourceType: result.resource.type,
      eventName: result.trigger.eventName,
      remediation: result.remediation,
    },
  };
}

/** `[REMEDIATED] Public ingress revoked on sg-0abc (111122223333 us-east-1)`: one line, ASCII, under 100 characters. */
export function subjectOf(result: RemediationResult): string {
  const tag = `[${result.outcome.toUpperCase()}]`;
  const where = ` (${result.resource.account} ${result.resource.region})`;
  const text = asciiLine(`${tag} ${result.headline}${where}`);
  if (text.length <= SUBJECT_MAX) return text;
  const short = asciiLine(`${tag} ${result.headline}`);
  return short.length <= SUBJECT_MAX ? short : `${short.slice(0, SUBJECT_MAX - 3)}...`;
}

function humanText(result: RemediationResult): string {
  const { resource, trigger } = result;
  const lines = [`${result.outcome.toUpperCase()}: ${result.headline}`, ''];
  lines.push(`What happened: ${whatHappened(result)}`);
  lines.push(`Where: account ${resource.account}, region ${resource.region}, ${resource.type} ${resource.id}${resource.name ? ` (${resource.name})` : ''}`);
  lines.push(`Result: ${result.reason}`);
  if (result.outcome === 'failed') lines.push(`ACTION NEEDED: the repair did not complete; the resource may still be exposed. Error: ${result.error}`);
  if (result.actionNeeded) lines.push(`ACTION NEEDED: ${result.actionNeeded}`);
  if (result.outcome === 'reported') lines.push('Report mode (REMEDIATION_MODE=report): nothing was changed. Apply the changes below by hand, or switch to enforce.');
  const changes = result.actions.filter((a) => a.status !== 'failed');
  if (changes.length > 0) lines.push('', result.outcome === 'reported' ? 'Would change (before -> after):' : 'Changes (before -> after):', ...changes.map(actionLine));
  const failures = result.actions.filter((a) => a.status === 'failed');
  if (failures.length > 0) lines.push('', 'Failed:', ...failures.map(failureLine));
  if (result.kept.length > 0) lines.push('', 'Left as it was:', ...result.kept.map(keptLine));
  const undo = result.actions.filter((a) => a.status === 'done' && a.undo).map((a) => `  ${a.undo}`);
  if (undo.length > 0) lines.push('', 'How to undo (only if the change was intended):', ...undo);
  const link = consoleLink(result);
  if (link) lines.push('', `Console: ${link}`);
  lines.push(`Event: ${trigger.eventId} (${trigger.detail ?? trigger.eventName})`);
  return lines.join('\n');
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

function actionLine(action: Action): string {
  const before = summaryOf(action.before) ?? JSON.stringify(action.before ?? null);
  const after = typeof action.after === 'string' ? action.after : JSON.stringify(action.after ?? null);
  const note = action.status === 'already-done' ? ' (already done by someone else)' : '';
  const setting = typeof action.params.setting === 'string' ? ` ${action.params.setting}` : '';
  const api = action.api === 'RevokeSecurityGroupIngress' ? '' : ` [${action.api}]`;
  const why = action.why ? ` -- ${action.why}` : '';
  return `  - ${action.target}${setting}${api}: ${before} -> ${after}${note}${why}`;
}

function failureLine(action: Action): string {
  const what = summaryOf(action.before);
  return `  - ${action.api} ${action.target}${what ? ` (${what})` : ''}: ${action.error ?? 'failed'}`;
}

function summaryOf(before: unknown): string | undefined {
  return typeof before === 'object' && before && 'summary' in before ? String((before as { summary: unknown }).summary) : undefined;
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
  return undefined;
}

function asciiLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
}
