/** Restarts, recreates or restores CloudTrail trails. Triggers: see serverless.yml (CloudTrail, GuardDuty, Config). */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { remediationHandler } from '../../shared/handler';
import { trailProtection } from '../../shared/remediations/trail';

/**
 * The SDK clients its code paths use: its remediation's services, SNS for notices, DynamoDB for the ledger, Config
 * and Security Hub for the follow-up of a Config event (shared/followup), Organizations for the OU policy (ORG_OUS).
 */
export const clients = { cloudtrail: CloudTrailClient, sns: SNSClient, dynamodb: DynamoDBClient, configservice: ConfigServiceClient, securityhub: SecurityHubClient, sqs: SQSClient, organizations: OrganizationsClient };

/** The Lambda entry point. */
export const handler = remediationHandler(trailProtection, clients);
