/**
 * One SNS message, one body per protocol (Publish with MessageStructure 'json'): readable text for `default` and
 * `email`, the Chatbot custom notification for `https`, the full JSON notice for `sqs` and `lambda`. The whole message
 * must fit SNS's 256 KB: when it would not, the JSON notice drops actions and kept entries from the end and says so in
 * `truncated` (still valid JSON); the readable text already shows only the first entries.
 */
import type { RemediationResult, Risk } from '../remediations/result';

/** SNS's limit on a published message, attributes included. https://docs.aws.amazon.com/sns/latest/api/API_Publish.html */
export const SNS_MAX_BYTES = 262_144;
// Left for the message attributes and the Subject.
const ATTRIBUTES_ROOM = 4_096;
const TEXT_MAX = 32_000;

/** The JSON notice: what sqs and lambda subscribers receive. */
export interface JsonNotice {
  schema: 'chain-guard.notice/1';
  subject: string;
  severity: Risk['level'];
  risk: Risk;
  text: string;
  result: RemediationResult;
  truncated?: { actions: { total: number; included: number }; kept: { total: number; included: number }; note: string };
}

/** Per-protocol bodies of one notice. */
export interface ProtocolBodies {
  default: string;
  email: string;
  https: string;
  sqs: string;
  lambda: string;
}

/** Builds the bodies, the JSON notice cut to fit SNS's limit when it must. Pure. */
export function protocolBodies(notice: Omit<JsonNotice, 'schema'>, chatbot: string): { bodies: ProtocolBodies; json: JsonNotice } {
  const text = notice.text.length <= TEXT_MAX ? notice.text : `${notice.text.slice(0, TEXT_MAX)}\n[... text cut at ${TEXT_MAX} characters: see the JSON notice]`;
  let json: JsonNotice = { schema: 'chain-guard.notice/1', ...notice, text };
  const build = (): ProtocolBodies => ({ default: text, email: text, https: chatbot, sqs: JSON.stringify(json), lambda: JSON.stringify(json) });
  let bodies = build();
  const { actions, kept } = notice.result;
  let keep = actions.length + kept.length;
  while (messageBytes(bodies) > SNS_MAX_BYTES - ATTRIBUTES_ROOM && keep > 0) {
    keep = Math.floor(keep / 2);
    const keptActions = Math.min(actions.length, keep);
    const keptKept = Math.min(kept.length, keep - keptActions);
    json = {
      ...json,
      result: { ...notice.result, actions: actions.slice(0, keptActions), kept: kept.slice(0, keptKept) },
      truncated: {
        actions: { total: actions.length, included: keptActions },
        kept: { total: kept.length, included: keptKept },
        note: `The notice would exceed SNS's 256 KB: only the first entries are included. The whole result is in the ${notice.result.remediation} function's log (event ${notice.result.trigger.eventId}).`,
      },
    };
    bodies = build();
  }
  return { bodies, json };
}

/** The Publish `Message` for MessageStructure 'json'. */
export function structuredMessage(bodies: ProtocolBodies): string {
  return JSON.stringify(bodies);
}

/** Bytes the structured message takes. */
export function messageBytes(bodies: ProtocolBodies): number {
  return Buffer.byteLength(structuredMessage(bodies), 'utf8');
}
