/**
 * Counts AWS API calls through the client factory's own call observer (`createClients({ onCall })`, the hook the
 * benchmark counts with): every request any client sends, as `Service.Operation` (e.g. `EC2.DescribeSecurityGroups`),
 * in order. The call sequence is a behaviour, not timing.
 */
import { createClients, type Clients } from '../../shared/aws/clients';

/** The calls made so far, in order; `clear()` forgets them. */
export interface CallLog {
  calls: string[];
  clear(): void;
  /** The calls to one service (`EC2`, `SNS`, `DynamoDB`...), without the service prefix. */
  of(service: string): string[];
}

/** How calls are labelled (`EC2.RevokeSecurityGroupIngress`); other services by their factory name. */
const SERVICE_LABELS: Record<string, string> = { ec2: 'EC2', sns: 'SNS', dynamodb: 'DynamoDB', cloudtrail: 'CloudTrail', cloudwatch: 'CloudWatch', logs: 'CloudWatchLogs' };

/** Every client, each recording its calls into the returned log. */
export function countingClients(): { clients: Clients; log: CallLog } {
  const calls: string[] = [];
  const clients = createClients({ onCall: ({ service, operation }) => calls.push(`${SERVICE_LABELS[service] ?? service}.${operation}`) });
  const log: CallLog = {
    calls,
    clear: () => calls.splice(0, calls.length),
    of: (service) => calls.filter((c) => c.startsWith(`${service}.`)).map((c) => c.slice(service.length + 1)),
  };
  return { clients, log };
}
