/** An SQS queue subscribed to an SNS topic: how the demo and the tests read back what ops received. */
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** One SNS message as a subscriber sees it. */
export interface ReceivedNotification {
  subject: string;
  message: string;
  attributes: Record<string, string>;
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
      received.push({ subject: envelope.Subject ?? '', message: envelope.Message ?? '', attributes });
    }
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
  }
}
