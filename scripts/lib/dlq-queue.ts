/** The dead-letter queue as the replay tool uses it: receive every message once, then delete or release each. */
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { UsageError } from './exit-code';

/** The queue URL: given (--queue-url, DLQ_URL), else the stack's `<service>-<stage>-dead-letters` in this region. */
export async function queueUrlOf(sqs: SQSClient, given: string | undefined, queueName: string): Promise<string> {
  if (given) return given;
  try {
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
    if (url) return url;
  } catch (error) {
    if ((error as Error).name !== 'QueueDoesNotExist' && (error as Error).name !== 'AWS.SimpleQueueService.NonExistentQueue') throw error;
  }
  throw new UsageError(`no queue ${queueName} in this region: deploy the stack, set STAGE and AWS_REGION, or pass --queue-url`);
}

/**
 * Receives up to `max` distinct messages, each hidden from other readers for `hideSeconds` (time to replay it). Stops
 * when the queue has nothing more to give, or gives only messages already received.
 */
export async function receiveAll(sqs: SQSClient, queueUrl: string, max: number, hideSeconds: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  while (seen.size < max) {
    const page = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(10, max - seen.size), WaitTimeSeconds: 0, VisibilityTimeout: hideSeconds, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    const fresh = (page.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) seen.set(message.MessageId ?? '', message);
  }
  return [...seen.values()];
}

/** Deletes a replayed message. */
export async function remove(sqs: SQSClient, queueUrl: string, receiptHandle: string): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
}

/** Makes a message visible again at once (a dry run, or a replay that still fails: the alarm keeps counting it). */
export async function release(sqs: SQSClient, queueUrl: string, receiptHandle: string): Promise<void> {
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: 0 }));
}
