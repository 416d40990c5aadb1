/**
 * Delivers a notice: to the alerts topic and, when the channel itself was damaged or the alerts topic cannot take it,
 * also to the fallback topic (ALERT_FALLBACK_TOPIC_ARN) and, in full, to the logs at ERROR level.
 * Throws only when no topic took it, so the event is retried (and the recorded notice sent then) or dead-lettered.
 */
import { logger } from '../logger';
import type { Deps } from '../remediations/types';
import type { Notification } from './message';
import { publish } from './publish';

/** Publishes `notification`; `channelDamaged`: the alerts topic itself was damaged (also send to the fallback). */
export async function deliver(notification: Notification, channelDamaged: boolean, deps: Deps): Promise<void> {
  const fallback = deps.config.fallbackTopicArn;
  if (channelDamaged) logger.error('Alerts channel damaged', { subject: notification.subject, body: notification.body });
  let delivered = 0;
  let firstError: unknown;
  const send = async (topicArn: string, which: string): Promise<void> => {
    try {
      const messageId = await publish(deps.clients, topicArn, notification, deps.config.region);
      delivered += 1;
      logger.info('Notification sent', { messageId, topic: which, subject: notification.subject });
    } catch (error) {
      firstError ??= error;
      logger.error('Notification could not be sent', { error: error as Error, topic: which, subject: notification.subject, body: notification.body });
    }
  };
  await send(deps.config.alertTopicArn, 'alerts');
  if (fallback && (channelDamaged || delivered === 0)) await send(fallback, 'fallback');
  if (delivered === 0) throw firstError;
}
