/**
 * Turns a RemediationResult into the SNS message ops read: a subject, one body per protocol (readable text, the
 * Chatbot custom notification, the full JSON) and the attributes subscribers filter on.
 */
import type { RemediationResult } from '../remediations/result';
import { chatbotNotification } from './chatbot';
import { protocolBodies, type ProtocolBodies } from './protocols';
import { riskOf } from './severity';
import { subjectOf } from './subject';
import { noticeText } from './text';

export { subjectOf } from './subject';

/** A rendered notification. */
export interface Notification {
  subject: string;
  /** The readable text (SNS `default` and `email`). */
  body: string;
  /** Every protocol's body, published with MessageStructure 'json'. Absent in notices recorded by older versions. */
  bodies?: ProtocolBodies;
  attributes: Record<string, string>;
}

/** Builds the notification for a result. Pure. */
export function buildNotification(result: RemediationResult): Notification {
  const risk = riskOf(result);
  const subject = subjectOf(result);
  const text = noticeText(result, risk);
  const chatbot = JSON.stringify(chatbotNotification(result, risk, subject));
  const { bodies } = protocolBodies({ subject, severity: risk.level, risk, text, result }, chatbot);
  return {
    subject,
    body: bodies.default,
    bodies,
    attributes: {
      outcome: result.outcome,
      severity: risk.level,
      account: result.resource.account,
      region: result.resource.region,
      resourceType: result.resource.type,
      eventName: result.trigger.eventName,
      remediation: result.remediation,
    },
  };
}
