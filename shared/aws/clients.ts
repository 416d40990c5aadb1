/**
 * SDK client factory: one client per service and region, built on first use and reused across invocations.
 * A Lambda function passes only the client classes its code paths use (clientFactory): the bundler then leaves the
 * other SDK clients out of its zip, which halves module init (bench/results.md, "Cold start"). Scripts and tests use
 * createClients, which has them all.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
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
  /** The sweep queue: a scheduled sweep over many targets sends one message per target (shared/sweep/dispatch.ts). */
  sqs(region: string): SQSClient;
  /** Where a member account is in the organization (ORG_OUS / ORG_EXCLUDED_OUS): always the central account's credentials. */
  organizations(region: string): OrganizationsClient;
  /** Who the caller is (the admin CLIs record it: npm run undo, npm run exemptions). */
  sts(region: string): STSClient;
}

type Ctor<C> = new (config: { region: string; maxAttempts?: number; endpoint?: string; credentials?: CredentialsProvider }) => C;

/** The client class of each service, by the name Clients gives it. */
export type ClientConstructors = { [K in keyof Clients]: Ctor<ReturnType<Clients[K]>> };

const ALL_CLIENTS: ClientConstructors = {
  ec2: EC2Client,
  sns: SNSClient,
  cloudtrail: CloudTrailClient,
  cloudwatch: CloudWatchClient,
  logs: CloudWatchLogsClient,
  dynamodb: DynamoDBClient,
  configservice: ConfigServiceClient,
  guardduty: GuardDutyClient,
  securityhub: SecurityHubClient,
  sqs: SQSClient,
  organizations: OrganizationsClient,
  sts: STSClient,
};

/** Every client (scripts, tests). Standard retry mode, 3 attempts by default. */
export function createClients(options: ClientOptions = {}): Clients {
  return clientFactory(ALL_CLIENTS, options);
}

/**
 * A factory over the given client classes that caches one client per (service, region); asking for a service whose
 * class was not given is a programming error, reported as such (the function's handler must list it).
 */
export function clientFactory(constructors: Partial<ClientConstructors>, options: ClientOptions = {}): Clients {
  const cache = new Map<string, unknown>();
  const get = <K extends keyof Clients>(service: K, region: string): ReturnType<Clients[K]> => {
    const key = `${service}:${region}`;
    let client = cache.get(key) as ReturnType<Clients[K]> | undefined;
    if (!client) {
      const ctor = constructors[service] as Ctor<ReturnType<Clients[K]>> | undefined;
      if (!ctor) throw new Error(`No ${service} client in this function: add its class to the clients its handler passes (functions/<name>/handler.ts)`);
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
    ec2: (region) => get('ec2', region),
    sns: (region) => get('sns', region),
    cloudtrail: (region) => get('cloudtrail', region),
    cloudwatch: (region) => get('cloudwatch', region),
    logs: (region) => get('logs', region),
    dynamodb: (region) => get('dynamodb', region),
    configservice: (region) => get('configservice', region),
    guardduty: (region) => get('guardduty', region),
    securityhub: (region) => get('securityhub', region),
    sqs: (region) => get('sqs', region),
    organizations: (region) => get('organizations', region),
    sts: (region) => get('sts', region),
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
