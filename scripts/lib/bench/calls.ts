/** Counts the AWS API calls a piece of work makes, by `service:Operation`, through the client factory's onCall hook. */
import type { ApiCall } from '../../../shared/aws/clients';

/** Calls by `service:Operation` (e.g. `ec2:RevokeSecurityGroupIngress`), sorted by name. */
export type CallCounts = Record<string, number>;

/** A counter to pass as `createClients({ onCall: counter.onCall })`. */
export interface CallCounter {
  onCall(call: ApiCall): void;
  /** The calls counted since the last take (or since creation), then starts again from zero. */
  take(): CallCounts;
}

export function createCallCounter(): CallCounter {
  let counts = new Map<string, number>();
  return {
    onCall: ({ service, operation }) => {
      const key = `${service}:${operation}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    take: () => {
      const taken = Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
      counts = new Map();
      return taken;
    },
  };
}

/** The sum of a set of counts. */
export function totalCalls(counts: CallCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Counts per run, from the counts of `runs` runs added together (`ec2:Revoke... 200` over 200 runs -> 1). */
export function perRun(counts: CallCounts, runs: number): CallCounts {
  return Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, Math.round((n / runs) * 100) / 100]));
}
