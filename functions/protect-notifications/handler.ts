/** Recreates the alerts topic, restores its policy and attributes, re-subscribes baseline subscribers. Triggers: see serverless.yml. */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { remediationHandler } from '../../shared/handler';
import { notificationChannel } from '../../shared/remediations/notifications';

/**
 * The SDK clients its code paths use: its remediation's services, SNS for notices, DynamoDB for the ledger, and Config
 * and Security Hub for the follow-up of a Config event (shared/followup).
 */
export const clients = { sns: SNSClient, dynamodb: DynamoDBClient, configservice: ConfigServiceClient, securityhub: SecurityHubClient };

/** The Lambda entry point. */
export const handler = remediationHandler(notificationChannel, clients);
