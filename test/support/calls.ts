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
  const clients: Clients = {
    ec2: (region) => watch('EC2', inner.ec2(region)),
    sns: (region) => watch('SNS', inner.sns(region)),
    cloudtrail: (region) => watch('CloudTrail', inner.cloudtrail(region)),
    cloudwatch: (region) => watch('CloudWatch', inner.cloudwatch(region)),
    logs: (region) => watch('CloudWatchLogs', inner.logs(region)),
    dynamodb: (region) => watch('DynamoDB', inner.dynamodb(region)),
    configservice: (region) => watch('ConfigService', inner.configservice(region)),
    guardduty: (region) => watch('GuardDuty', inner.guardduty(region)),
  };
  const log: CallLog = {
    calls,
    clear: () => calls.splice(0, calls.length),
    of: (service) => calls.filter((c) => c.startsWith(`${service}.`)).map((c) => c.slice(service.length + 1)),
  };
  return { clients, log };
}
