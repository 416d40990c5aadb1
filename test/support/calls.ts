/**
 * Counts AWS API calls with an SDK middleware: every command any client of the factory sends, as `Service.Operation`
 * (e.g. `EC2.DescribeSecurityGroups`), in order. The call sequence is a behaviour, not timing.
 */
import type { Clients } from '../../shared/aws/clients';

/** The calls made so far, in order; `clear()` forgets them. */
export interface CallLog {
  calls: string[];
  clear(): void;
  /** The calls to one service (`EC2`, `SNS`, `DynamoDB`...), without the service prefix. */
  of(service: string): string[];
}

/** How calls are labelled (`EC2.RevokeSecurityGroupIngress`); other services by their factory name. */
const SERVICE_LABELS: Record<string, string> = { ec2: 'EC2', sns: 'SNS', dynamodb: 'DynamoDB', cloudtrail: 'CloudTrail', cloudwatch: 'CloudWatch', logs: 'CloudWatchLogs' };

interface Stacked {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
}

/** Wraps a client factory: each client it builds records its calls into the returned log. */
export function countingClients(inner: Clients): { clients: Clients; log: CallLog } {
  const calls: string[] = [];
  const counted = new WeakSet<object>();
  const watch = <C extends object>(service: string, client: C): C => {
    if (!counted.has(client)) {
      counted.add(client);
      (client as unknown as Stacked).middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          calls.push(`${service}.${(context.commandName ?? 'unknown').replace(/Command$/, '')}`);
          return next(args);
        },
        { step: 'initialize', name: 'chainGuardCallCounter' },
      );
    }
    return client;
  };
  // Every factory of the inner Clients, so a service added to shared/aws/clients.ts is counted too.
  const clients = Object.fromEntries(
    Object.entries(inner).map(([name, factory]) => [name, (region: string) => watch(SERVICE_LABELS[name] ?? name, (factory as (r: string) => object)(region))]),
  ) as unknown as Clients;
  const log: CallLog = {
    calls,
    clear: () => calls.splice(0, calls.length),
    of: (service) => calls.filter((c) => c.startsWith(`${service}.`)).map((c) => c.slice(service.length + 1)),
  };
  return { clients, log };
}
