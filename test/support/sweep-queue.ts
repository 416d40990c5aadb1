/**
 * A function's sweep queue on the emulator, and what Lambda's SQS event source mapping would do with it (moto runs
 * no mapping): receive the messages and hand each to the function as a real SQS event record (batch size 1).
 */
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { SqsEvent } from '../../shared/sweep/worker';

/** A sweep queue: its URL (SWEEP_QUEUE_URL) and ARN (the records' eventSourceARN). */
export interface SweepQueue {
  url: string;
  arn: string;
  sqs: SQSClient;
}

/** Creates a queue in the central account (us-east-1). */
export async function createSweepQueue(region = 'us-east-1'): Promise<SweepQueue> {
  const sqs = new SQSClient({ region });
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: `chain-guard-test-sweep-${randomUUID().slice(0, 8)}`, Attributes: { VisibilityTimeout: '360' } }))).QueueUrl ?? '';
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attributes.Attributes?.QueueArn ?? '', sqs };
}

/** The event the mapping delivers for one message (Lambda's documented shape). */
export function sqsEventOf(queue: SweepQueue, message: Message): SqsEvent {
  return {
    Records: [
      {
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AROAEXAMPLE', ApproximateFirstReceiveTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: message.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: queue.arn,
        awsRegion: queue.arn.split(':')[3] ?? 'us-east-1',
      } as SqsEvent['Records'][number],
    ],
  };
}

/** Every message waiting in the queue, removed from it (as the mapping deletes a message its invocation handled). */
export async function takeAll(queue: SweepQueue): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const page = await queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!page.Messages?.length) return messages;
    for (const m of page.Messages) await queue.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: m.ReceiptHandle ?? '' }));
    messages.push(...page.Messages);
  }
}
