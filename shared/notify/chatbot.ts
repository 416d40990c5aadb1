/**
 * The notice for chat channels: an AWS Chatbot (Amazon Q Developer in chat applications) custom notification, the body
 * SNS delivers to `https` subscribers (Chatbot subscribes its endpoint over HTTPS and drops anything else).
 * Schema: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 * The size caps are ours, conservative ones (a Slack section shows up to 3,000 characters).
 */
import { undoCommands } from './text';
import type { RemediationResult, Risk } from '../remediations/result';
import { applyCommands } from './commands';
import { describeChange } from './changes';
import { followUpLines } from './followups';

/** Caps applied to each field, so a chat message stays readable and within chat platforms' limits. */
export const CHATBOT_LIMITS = { title: 250, description: 3000, nextSteps: 5, nextStep: 500, keywords: 5, keyword: 50 } as const;
const SHOWN_CHANGES = 5;

/** A custom notification as documented (version 1.0, source custom). */
export interface ChatbotNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: { textType: 'client-markdown'; title: string; description: string; nextSteps: string[]; keywords: string[] };
  metadata: { threadId: string; summary: string; eventType: string; relatedResources: string[]; additionalContext: Record<string, string> };
}

/** The Chatbot custom notification of a result. Pure. */
export function chatbotNotification(result: RemediationResult, risk: Risk, subject: string): ChatbotNotification {
  const { resource, trigger } = result;
  const changes = result.actions.filter((a) => a.status !== 'failed').map((a) => `- ${describeChange(a)}`);
  const description = [
    `*Severity:* ${risk.level} (${risk.why})`,
    `*Where:* account ${resource.account}, ${resource.region}, ${resource.type} \`${resource.id}\``,
    `*What happened:* ${trigger.actor?.name ?? trigger.actor?.arn ?? trigger.detail ?? trigger.eventName} (${trigger.eventName}) at ${trigger.time}`,
    `*Result:* ${result.reason}`,
    ...(result.outcome === 'failed' ? [`*Error:* ${result.error}`] : []),
    ...followUpLines(result).map((line) => `*Follow-up:* ${line}`),
    ...(changes.length > 0 ? ['', ...changes.slice(0, SHOWN_CHANGES), ...(changes.length > SHOWN_CHANGES ? [`- ... and ${changes.length - SHOWN_CHANGES} more (see the e-mail notice or the JSON notice)`] : [])] : []),
  ].join('\n');
  return {
    version: '1.0',
    source: 'custom',
    id: trigger.eventId,
    content: {
      textType: 'client-markdown',
      title: cap(`${risk.level === 'CRITICAL' || result.outcome === 'failed' ? ':rotating_light: ' : ''}${subject}`, CHATBOT_LIMITS.title),
      description: cap(description, CHATBOT_LIMITS.description),
      nextSteps: nextSteps(result).slice(0, CHATBOT_LIMITS.nextSteps).map((s) => cap(s, CHATBOT_LIMITS.nextStep)),
      keywords: [result.outcome, risk.level, result.remediation].slice(0, CHATBOT_LIMITS.keywords).map((k) => cap(k, CHATBOT_LIMITS.keyword)),
    },
    metadata: {
      threadId: `chain-guard:${resource.account}:${resource.region}:${resource.id}`.slice(0, 128),
      summary: subject,
      eventType: trigger.eventName,
      relatedResources: [resource.arn ?? resource.id],
      additionalContext: { account: resource.account, region: resource.region, outcome: result.outcome, severity: risk.level, eventId: trigger.eventId },
    },
  };
}

function nextSteps(result: RemediationResult): string[] {
  const steps: string[] = [];
  if (result.outcome === 'failed') steps.push('The repair did not complete: the resource may still be exposed. Fix it by hand; the event is retried.');
  if (result.actionNeeded) steps.push(result.actionNeeded);
  if (result.outcome === 'reported') steps.push(...applyCommands(result.actions, result.resource).commands.map((c) => `Apply: \`${c}\``));
  const undo = result.historyId ? [`npm run undo -- ${result.historyId}`] : undoCommands(result);
  if (undo.length > 0) steps.push(`Only if the change was intended, undo with: \`${undo[0] ?? ''}\`${result.historyId ? ' (sets a grace period; the raw AWS CLI commands are in the e-mail notice)' : undo.length > 1 ? ` (and ${undo.length - 1} more, in the e-mail notice)` : ''}`);
  return steps;
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
