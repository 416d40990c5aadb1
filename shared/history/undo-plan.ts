/**
 * What `npm run undo` does for a recorded result, planned from the record alone (pure): each write the remediation
 * did, undone in reverse order, from the exact state it recorded (`Action.params` and `before`). A write it cannot undo
 * exactly is named, and then nothing is undone (the notice's raw commands remain).
 */
import type { IpPermission } from '@aws-sdk/client-ec2';
import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { PutMetricFilterCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { regionOfArn } from '../aws/clients';
import type { Action, RemediationResult } from '../remediations/result';

/** One call that undoes one write; `target` is the resource it puts back (and the one given a grace period). */
export type UndoStep = { target: string; region: string; what: string } & (
  | { api: 'AuthorizeSecurityGroupIngress'; groupId: string; permission: IpPermission }
  | { api: 'StopLogging' | 'DeleteTrail'; name: string }
  | { api: 'UpdateTrail'; name: string; input: Record<string, string | boolean> }
  | { api: 'DeleteAlarms'; name: string }
  | { api: 'PutMetricAlarm'; input: PutMetricAlarmCommandInput }
  | { api: 'DeleteMetricFilter'; logGroupName: string; filterName: string }
  | { api: 'PutMetricFilter'; input: PutMetricFilterCommandInput }
  | { api: 'SetTopicAttributes'; topicArn: string; name: string; value: string }
);

/** The plan: the steps in order, and the writes that cannot be undone by the CLI (then none is). */
export interface UndoPlan {
  steps: UndoStep[];
  unsupported: Action[];
}

/** Plans the undo of every write the result did. */
export function planUndo(result: RemediationResult): UndoPlan {
  const steps: UndoStep[] = [];
  const unsupported: Action[] = [];
  for (const action of [...result.actions].reverse()) {
    if (action.status !== 'done' || !action.undo) continue; // only writes done, with an undo (a new empty log group stays)
    const step = stepOf(action, result.resource.region);
    if (step === undefined) unsupported.push(action);
    else if (step !== null && !steps.some((s) => JSON.stringify(s) === JSON.stringify(step))) steps.push(step);
  }
  return { steps, unsupported };
}

/** The step undoing `action`; null when another line of the same write carries it; undefined when not supported. */
function stepOf(action: Action, region: string): UndoStep | null | undefined {
  const p = action.params;
  const at = (arn: string): string => regionOfArn(arn) ?? region;
  switch (action.api) {
    case 'RevokeSecurityGroupIngress': {
      const permission = permissionOf(action.before);
      return permission && typeof p.GroupId === 'string' ? { api: 'AuthorizeSecurityGroupIngress', target: p.GroupId, region, groupId: p.GroupId, permission, what: `re-authorize ${summary(action.before)} on ${p.GroupId}` } : undefined;
    }
    case 'StartLogging':
      return { api: 'StopLogging', target: action.target, region: at(action.target), name: action.target, what: `stop logging ${action.target}` };
    case 'CreateTrail':
      // By name, in the trail's home region (the ARN's): DeleteTrail takes either, the emulator only the name.
      return { api: 'DeleteTrail', target: action.target, region: at(action.target), name: action.target.split(':trail/')[1] ?? action.target, what: `delete trail ${action.target}` };
    case 'UpdateTrail':
      return p.previous && typeof p.previous === 'object' ? { api: 'UpdateTrail', target: action.target, region: at(action.target), name: action.target, input: p.previous as Record<string, string | boolean>, what: `set ${String(p.setting)} of ${action.target} back` } : undefined;
    case 'PutMetricAlarm':
      if (p.previous === undefined) return undefined;
      return p.previous === null
        ? { api: 'DeleteAlarms', target: action.target, region, name: action.target, what: `delete alarm ${action.target} (it did not exist)` }
        : { api: 'PutMetricAlarm', target: action.target, region, input: p.previous as PutMetricAlarmCommandInput, what: `put alarm ${action.target} back as it was` };
    case 'PutMetricFilter': {
      if (p.previous === undefined || typeof p.logGroupName !== 'string' || typeof p.filterName !== 'string') return undefined;
      return p.previous === null
        ? { api: 'DeleteMetricFilter', target: action.target, region, logGroupName: p.logGroupName, filterName: p.filterName, what: `delete filter ${p.filterName} (it did not exist)` }
        : { api: 'PutMetricFilter', target: action.target, region, input: p.previous as PutMetricFilterCommandInput, what: `put filter ${p.filterName} back as it was` };
    }
    case 'SetTopicAttributes': {
      const value = (action.before as { value?: unknown } | undefined)?.value;
      return typeof p.setting === 'string' && typeof value === 'string' ? { api: 'SetTopicAttributes', target: action.target, region: at(action.target), topicArn: action.target, name: p.setting, value, what: `set ${p.setting} of ${action.target} back` } : undefined;
    }
    default:
      return undefined;
  }
}

/** The revoked rule as recorded (protocol, ports, CIDR or prefix list, description), as one permission. */
export function permissionOf(before: unknown): IpPermission | undefined {
  const b = before as { protocol?: string; fromPort?: number; toPort?: number; cidr?: string; prefixListId?: string; description?: string | null } | undefined;
  if (!b?.protocol || (!b.cidr && !b.prefixListId)) return undefined;
  const description = b.description ? { Description: b.description } : {};
  const range = b.prefixListId
    ? { PrefixListIds: [{ PrefixListId: b.prefixListId, ...description }] }
    : b.cidr?.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: b.cidr, ...description }] }
      : { IpRanges: [{ CidrIp: b.cidr, ...description }] };
  return { IpProtocol: b.protocol, ...(b.protocol === '-1' ? {} : { FromPort: b.fromPort, ToPort: b.toPort }), ...range };
}

function summary(before: unknown): string {
  return String((before as { summary?: unknown } | undefined)?.summary ?? 'the rule');
}
