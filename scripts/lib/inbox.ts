/** An SQS queue subscribed to an SNS topic: how the demo and the tests read back what ops received. */
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** One SNS message as a subscriber sees it. */
export interface ReceivedNotification {
  subject: string;
  /** The readable text, then the JSON result after `--- machine-readable result ---` (rebuilt from a JSON notice). */
  message: string;
  attributes: Record<string, string>;
  /** What the queue received: for chain-guard notices, the JSON notice (the `sqs` body of the structured message). */
  raw: string;
  /** The JSON notice, when the body is one. */
  notice?: { text: string; result: unknown; truncated?: unknown };
}

/** A topic plus a queue subscribed to it. */
export interface Inbox {
  topicArn: string;
  queueUrl: string;
  queueArn: string;
  /** Receives (and deletes) everything delivered so far. */
  drain(): Promise<ReceivedNotification[]>;
}

/** Creates the alerts topic (if needed) and subscribes a fresh queue to it. */
export async function createInbox(sns: SNSClient, sqs: SQSClient, topicName: string, queueName: string): Promise<Inbox> {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: topicName }))).TopicArn ?? '';
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: queueName }))).QueueUrl ?? '';
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = attributes.Attributes?.QueueArn ?? '';
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  return { topicArn, queueUrl, queueArn, drain: () => drain(sqs, queueUrl) };
}

async function drain(sqs: SQSClient, queueUrl: string): Promise<ReceivedNotification[]> {
  const received: ReceivedNotification[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = page.Messages ?? [];
    if (messages.length === 0) return received;
    for (const message of messages) {
      const envelope = JSON.parse(message.Body ?? '{}') as { Subject?: string; Message?: string; MessageAttributes?: Record<string, { Value?: string }> };
      const attributes = Object.fromEntries(Object.entries(envelope.MessageAttributes ?? {}).map(([key, value]) => [key, value.Value ?? '']));
      const raw = envelope.Message ?? '';
      const notice = jsonNotice(raw);
      const readable = notice ? `${notice.text}\n--- machine-readable result ---\n${JSON.stringify(notice.result, null, 2)}\n` : raw;
      received.push({ subject: envelope.Subject ?? '', message: readable, attributes, raw, ...(notice ? { notice } : {}) });
    }
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
  }
}

function jsonNotice(raw: string): ReceivedNotification['notice'] {
  if (!raw.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(raw) as { schema?: string; text?: string; result?: unknown; truncated?: unknown };
    return parsed.schema === 'chain-guard.notice/1' && typeof parsed.text === 'string' ? { text: parsed.text, result: parsed.result, truncated: parsed.truncated } : undefined;
  } catch {
    return undefined;
  }
}
