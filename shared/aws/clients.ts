/** SDK client factory: one client per service and region, built on first use and reused across invocations. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';

/** Temporary credentials, as the SDK takes them from a provider function. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type CredentialsProvider = () => Promise<TemporaryCredentials>;

/** Options shared by every client. The endpoint normally comes from AWS_ENDPOINT_URL, read by the SDK itself. */
export interface ClientOptions {
  maxAttempts?: number;
  endpoint?: string;
  /** Credentials other than the default chain's: a member account's assumed role (shared/aws/member-clients.ts). */
  credentials?: CredentialsProvider;
  /** Told of every HTTP attempt each client makes (retries included), e.g. to count API calls in the benchmark. */
  onCall?: (call: ApiCall) => void;
}

/** One request sent to AWS: the factory's service key (`ec2`, `sns`...) and the operation (`RevokeSecurityGroupIngress`). */
export interface ApiCall {
  service: string;
  operation: string;
}

/** The parts of a client's middleware stack the call observer needs (every SDK v3 client has them). */
interface Observable {
  middlewareStack: { add(middleware: unknown, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void };
}

/** Gives remediation code its clients; tests pass one built on mocks or on the moto server. */
export interface Clients {
  ec2(region: string): EC2Client;
  sns(region: string): SNSClient;
  cloudtrail(region: string): CloudTrailClient;
  cloudwatch(region: string): CloudWatchClient;
  logs(region: string): CloudWatchLogsClient;
  dynamodb(region: string): DynamoDBClient;
  configservice(region: string): ConfigServiceClient;
  guardduty(region: string): GuardDutyClient;
  securityhub(region: string): SecurityHubClient;
  /** Who the caller is (the admin CLIs record it: npm run undo, npm run exemptions). */
  sts(region: string): STSClient;
}

type Ctor<C> = new (config: { region: string; maxAttempts?: number; endpoint?: string; credentials?: CredentialsProvider }) => C;

/** Builds a factory that caches one client per (service, region). Standard retry mode, 3 attempts by default. */
export function createClients(options: ClientOptions = {}): Clients {
  const cache = new Map<string, unknown>();
  const get = <C>(ctor: Ctor<C>, service: string, region: string): C => {
    const key = `${service}:${region}`;
    let client = cache.get(key) as C | undefined;
    if (!client) {
      client = new ctor({
        region,
        maxAttempts: options.maxAttempts ?? 3,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
      if (options.onCall) observeCalls(client as Observable, service, options.onCall);
      cache.set(key, client);
    }
    return client;
  };
  return {
    ec2: (region) => get(EC2Client, 'ec2', region),
    sns: (region) => get(SNSClient, 'sns', region),
    cloudtrail: (region) => get(CloudTrailClient, 'cloudtrail', region),
    cloudwatch: (region) => get(CloudWatchClient, 'cloudwatch', region),
    logs: (region) => get(CloudWatchLogsClient, 'logs', region),
    dynamodb: (region) => get(DynamoDBClient, 'dynamodb', region),
    configservice: (region) => get(ConfigServiceClient, 'configservice', region),
    guardduty: (region) => get(GuardDutyClient, 'guardduty', region),
    securityhub: (region) => get(SecurityHubClient, 'securityhub', region),
    sts: (region) => get(STSClient, 'sts', region),
  };
}

/**
 * Adds a middleware that reports each attempt: `finalizeRequest` at low priority runs inside the retry middleware
 * (`finalizeRequest`, high), so a retried call counts once per request sent.
 */
function observeCalls(client: Observable, service: string, onCall: (call: ApiCall) => void): void {
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    (args: unknown): Promise<unknown> => {
      onCall({ service, operation: (context.commandName ?? 'unknown').replace(/Command$/, '') });
      return next(args);
    };
  client.middlewareStack.add(middleware, { step: 'finalizeRequest', priority: 'low', name: 'chainGuardCallObserver' });
}

/** The region named in an ARN (`arn:aws:sns:us-east-1:...`), or undefined. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region ? region : undefined;
}
