/** Publishes a notification to the alerts topic: one body per protocol (MessageStructure 'json'). */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { Clients } from '../aws/clients';
import { regionOfArn } from '../aws/clients';
import { AwsCallError } from '../errors';
import type { Notification } from './message';
import { structuredMessage } from './protocols';

/** Sends the notification to `topicArn` (in the topic's own region) and returns the SNS message id. */
export async function publish(clients: Clients, topicArn: string, notification: Notification, fallbackRegion: string): Promise<string> {
  const region = regionOfArn(topicArn) ?? fallbackRegion;
  const attributes = Object.fromEntries(
    Object.entries(notification.attributes)
      .filter(([, value]) => value !== '')
      .map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
  );
  try {
    const response = await clients.sns(region).send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: notification.subject,
        // A notice recorded by an older version has only the text: published as it is.
        ...(notification.bodies ? { Message: structuredMessage(notification.bodies), MessageStructure: 'json' } : { Message: notification.body }),
        MessageAttributes: attributes,
      }),
    );
    return response.MessageId ?? '';
  } catch (error) {
    throw new AwsCallError('Publish', error, { resource: topicArn, region });
  }
}
