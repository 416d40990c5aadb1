/**
 * Reads one message of the stack's dead-letter queue, whatever put it there:
 * - a function's own dead-letter queue (DeadLetterConfig, the stack's format since issue 11): the body is the raw event,
 *   attributes RequestID, ErrorCode, ErrorMessage (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html);
 * - an EventBridge rule's dead-letter queue: the body is the raw event, attributes RULE_ARN, TARGET_ARN, ERROR_CODE,
 *   ERROR_MESSAGE (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html);
 * - the older on-failure destination record still in queues deployed before: the event wrapped in `requestPayload`,
 *   with `requestContext` (functionArn, condition) and `responsePayload` (errorType, errorMessage).
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { parseInput } from './input';

/** What a dead letter says: the event to replay (or why there is none), which function failed if known, and why. */
export interface DeadLetter {
  messageId: string;
  receiptHandle: string;
  /** SQS's SentTimestamp (epoch milliseconds, as text): when the message reached the queue. */
  sentTimestamp?: string;
  format: 'raw' | 'lambda-destination';
  event?: Record<string, unknown>;
  /** Why the message cannot be replayed (not JSON, not an event): it stays in the queue. */
  problem?: string;
  /** The function named by the message (destination record's functionArn, EventBridge's TARGET_ARN), if any. */
  functionName?: string;
  /** Why it failed, as the message records it. */
  failedBecause: string;
}

interface DestinationRecord {
  requestContext: { functionArn?: string; condition?: string; approximateInvokeCount?: number };
  requestPayload: unknown;
  responsePayload?: { errorType?: string; errorMessage?: string } | null;
}

/** Reads one received SQS message; never throws (a message that cannot be read says why in `problem`). */
export function readDeadLetter(message: Message, functionPrefix: string): DeadLetter {
  const sent = message.Attributes?.SentTimestamp;
  const base = { messageId: message.MessageId ?? '', receiptHandle: message.ReceiptHandle ?? '', ...(sent ? { sentTimestamp: sent } : {}) };
  const attributes = message.MessageAttributes ?? {};
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch (error) {
    return { ...base, format: 'raw', problem: `body is not JSON: ${(error as Error).message}`, failedBecause: rawReason(attributes) };
  }
  const wrapped = destinationRecord(body);
  const format = wrapped ? 'lambda-destination' : 'raw';
  const functionArn = wrapped ? wrapped.requestContext.functionArn : text(attributes.TARGET_ARN);
  const functionName = functionOf(functionArn, functionPrefix);
  const failedBecause = wrapped ? destinationReason(wrapped) : rawReason(attributes);
  try {
    const event = parseInput(JSON.stringify(wrapped ? wrapped.requestPayload : body));
    return { ...base, format, event, failedBecause, ...(functionName ? { functionName } : {}) };
  } catch (error) {
    return { ...base, format, problem: (error as Error).message, failedBecause, ...(functionName ? { functionName } : {}) };
  }
}

function destinationRecord(body: unknown): DestinationRecord | undefined {
  if (!body || typeof body !== 'object' || !('requestPayload' in body) || !('requestContext' in body)) return undefined;
  const record = body as DestinationRecord;
  return record.requestContext && typeof record.requestContext === 'object' ? record : undefined;
}

function destinationReason(record: DestinationRecord): string {
  const { condition = 'failed', approximateInvokeCount } = record.requestContext;
  const error = record.responsePayload ? [record.responsePayload.errorType, record.responsePayload.errorMessage].filter(Boolean).join(': ') : '';
  const attempts = approximateInvokeCount ? ` after ${approximateInvokeCount} attempt(s)` : '';
  return `Lambda ${condition}${attempts}${error ? `: ${error}` : ''}`;
}

function rawReason(attributes: Record<string, MessageAttributeValue>): string {
  const lambdaError = text(attributes.ErrorMessage);
  if (lambdaError !== undefined || text(attributes.RequestID) !== undefined) {
    return `Lambda failed (ErrorCode ${text(attributes.ErrorCode) ?? '?'}, request ${text(attributes.RequestID) ?? '?'}): ${lambdaError ?? 'no message'}`;
  }
  const code = text(attributes.ERROR_CODE);
  if (code !== undefined) return `EventBridge could not deliver it to ${text(attributes.TARGET_ARN) ?? 'its target'} (rule ${text(attributes.RULE_ARN) ?? '?'}): ${code}${text(attributes.ERROR_MESSAGE) ? `: ${text(attributes.ERROR_MESSAGE)}` : ''}`;
  return 'no failure reason recorded with the message';
}

function text(value: MessageAttributeValue | undefined): string | undefined {
  return value?.StringValue;
}

/** `arn:aws:lambda:r:a:function:chain-guard-dev-restore-alarms[:$LATEST]` -> `restore-alarms` (this stack's only). */
function functionOf(arn: string | undefined, prefix: string): string | undefined {
  const name = /:function:([^:]+)/.exec(arn ?? '')?.[1];
  return name?.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}
