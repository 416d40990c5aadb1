/** Keeps the AWS Config recorder and the GuardDuty detector on. Triggers: see serverless.yml (CloudTrail, hourly sweep). */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { remediationHandler } from '../../shared/handler';
import { backstops } from '../../shared/remediations/backstops';

/** The SDK clients its code paths use (its remediation's services, SNS for notices, DynamoDB for the ledger). */
export const clients = { configservice: ConfigServiceClient, guardduty: GuardDutyClient, sns: SNSClient, dynamodb: DynamoDBClient, sqs: SQSClient, organizations: OrganizationsClient };

/** The Lambda entry point. */
export const handler = remediationHandler(backstops, clients);
