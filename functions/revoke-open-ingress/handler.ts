/** Revokes security-group ingress open to the world. Triggers: see serverless.yml (CloudTrail, GuardDuty, Config). */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { remediationHandler } from '../../shared/handler';
import { openIngress } from '../../shared/remediations/open-ingress';

/**
 * The SDK clients its code paths use: its remediation's services, SNS for notices, DynamoDB for the ledger, and Config
 * and Security Hub for the follow-up of a Config event (shared/followup), SQS for its sweep queue (shared/sweep),
 * Organizations for the OU policy (ORG_OUS).
 */
export const clients = { ec2: EC2Client, sns: SNSClient, dynamodb: DynamoDBClient, configservice: ConfigServiceClient, securityhub: SecurityHubClient, sqs: SQSClient, organizations: OrganizationsClient };

/** The Lambda entry point. */
export const handler = remediationHandler(openIngress, clients);
