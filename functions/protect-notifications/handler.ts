/** Recreates the alerts topic, restores its policy and attributes, re-subscribes baseline subscribers. Triggers: see serverless.yml. */
import { remediationHandler } from '../../shared/handler';
import { notificationChannel } from '../../shared/remediations/notifications';

/** The Lambda entry point. */
export const handler = remediationHandler(notificationChannel);
