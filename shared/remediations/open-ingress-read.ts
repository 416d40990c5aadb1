/**
 * Reading security groups for revoke-open-ingress, in as few calls as correctness allows (README "Security groups",
 * call counts): DescribeSecurityGroups gives every ingress rule of a group (for the CIDR union per port) and its tags
 * (for the exemption) in one call, many groups per call. It gives no rule IDs: a rule without one is revoked by its
 * exact permission. Managed prefix lists are read once per run (cache).
 */
import {
  DescribeSecurityGroupsCommand,
  GetManagedPrefixListEntriesCommand,
  type DescribeSecurityGroupsCommandInput,
  type EC2Client,
  type IpPermission,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { awsCall } from '../aws/call';
import type { Config } from '../config';
import { gateLine } from '../history/gate-match';
import type { GateNote } from './result';
import type { Deps } from './types';

/** Where calls are made, for error messages. */
export interface Where {
  account: string;
  region: string;
}

/** EC2 accepts at most 200 values in one filter: rules of more groups are read in several calls. */
export const GROUP_IDS_PER_CALL = 200;

/** Every group DescribeSecurityGroups returns for this input, all pages (MaxResults 1000 unless IDs are named). */
export async function describeGroups(ec2: EC2Client, input: DescribeSecurityGroupsCommandInput, where: Where): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  const paged = input.GroupIds === undefined;
  let token: string | undefined;
  do {
    const page = await awsCall('DescribeSecurityGroups', { resource: input.GroupIds?.join(', ') ?? 'security groups', ...where }, () =>
      ec2.send(new DescribeSecurityGroupsCommand({ ...input, ...(paged ? { MaxResults: 1000, NextToken: token } : {}) })),
    );
    groups.push(...(page.SecurityGroups ?? []));
    token = paged ? page.NextToken : undefined;
  } while (token);
  return groups;
}

/** The ingress rules of these groups now, without IDs (DescribeSecurityGroups, 200 groups per call); a deleted group has none. */
export async function ingressOfGroups(ec2: EC2Client, groupIds: readonly string[], where: Where): Promise<Map<string, SecurityGroupRule[]>> {
  const byGroup = new Map<string, SecurityGroupRule[]>(groupIds.map((id) => [id, []]));
  for (let i = 0; i < groupIds.length; i += GROUP_IDS_PER_CALL) {
    // A filter, not GroupIds: a group deleted meanwhile is simply absent instead of failing the whole call.
    const groups = await describeGroups(ec2, { Filters: [{ Name: 'group-id', Values: groupIds.slice(i, i + GROUP_IDS_PER_CALL) }] }, where);
    for (const group of groups) byGroup.set(group.GroupId ?? '', rulesOfPermissions(group));
  }
  return byGroup;
}

/**
 * A group's ingress rules as DescribeSecurityGroupRules would list them, from DescribeSecurityGroups' permissions,
 * without rule IDs (`SecurityGroupRuleId` is unset). Enough to plan: which rules are world-open, and why.
 */
export function rulesOfPermissions(group: SecurityGroup): SecurityGroupRule[] {
  return (group.IpPermissions ?? []).flatMap((permission) => permissionRules(group.GroupId ?? '', permission));
}

function permissionRules(groupId: string, p: IpPermission): SecurityGroupRule[] {
  const base = { GroupId: groupId, IsEgress: false, IpProtocol: p.IpProtocol ?? '-1', FromPort: p.FromPort ?? -1, ToPort: p.ToPort ?? -1 };
  return [
    ...(p.IpRanges ?? []).map((r) => ({ ...base, CidrIpv4: r.CidrIp, Description: r.Description })),
    ...(p.Ipv6Ranges ?? []).map((r) => ({ ...base, CidrIpv6: r.CidrIpv6, Description: r.Description })),
    ...(p.PrefixListIds ?? []).map((r) => ({ ...base, PrefixListId: r.PrefixListId, Description: r.Description })),
    ...(p.UserIdGroupPairs ?? []).map((r) => ({ ...base, ReferencedGroupInfo: { GroupId: r.GroupId, UserId: r.UserId }, Description: r.Description })),
  ];
}

/** An exemption: why a group is left as it is (an admin's exemption or grace period, or `tag chain-guard:exempt=true`). */
export interface Exemption {
  why: string;
  /** The history table's grace period or exemption, when that is what holds the group back. */
  gate?: GateNote;
}

/**
 * THE exemption check, called by the event path and the sweep alike: a group held back by a grace period or an
 * exemption of the history table (Deps.heldBack, set by the pipeline's gate: by group id or ARN, or its account), else
 * carrying EXEMPT_TAG_KEY with any value but `false`, is exempt. Takes the groups as read by DescribeSecurityGroups.
 */
export async function exemptionsOf(groups: readonly SecurityGroup[], config: Pick<Config, 'exemptTagKey' | 'stack'>, where?: Where, heldBack?: Deps['heldBack']): Promise<Map<string, Exemption>> {
  const exempt = new Map<string, Exemption>();
  for (const group of groups) {
    if (!group.GroupId) continue;
    const gate = where && heldBack?.([group.GroupId, `arn:${config.stack.partition}:ec2:${where.region}:${where.account}:security-group/${group.GroupId}`], where.account);
    if (gate) {
      exempt.set(group.GroupId, { why: `held back by ${gateLine(gate)}`, gate });
      continue;
    }
    const tag = group.Tags?.find((t) => t.Key === config.exemptTagKey && t.Value?.toLowerCase() !== 'false');
    if (tag) exempt.set(group.GroupId, { why: `group is exempt by tag ${tag.Key}=${tag.Value ?? ''}` });
  }
  return exempt;
}

/** The entries of managed prefix lists, each list read once per run (GetManagedPrefixListEntries, all pages). */
export class PrefixListCache {
  private readonly lists = new Map<string, Promise<string[]>>();

  public constructor(
    private readonly ec2: EC2Client,
    private readonly where: Where,
  ) {}

  /** The CIDRs of each list; a list that cannot be read rejects (the group it is for fails). */
  public async entries(prefixListIds: readonly string[]): Promise<Map<string, string[]>> {
    const pairs = await Promise.all(prefixListIds.map(async (id) => [id, await this.read(id)] as const));
    return new Map(pairs);
  }

  private read(prefixListId: string): Promise<string[]> {
    let pending = this.lists.get(prefixListId);
    if (!pending) {
      pending = this.fetch(prefixListId);
      // A failed read is not cached: the next group tries again.
      pending.catch(() => this.lists.delete(prefixListId));
      this.lists.set(prefixListId, pending);
    }
    return pending;
  }

  private async fetch(prefixListId: string): Promise<string[]> {
    const cidrs: string[] = [];
    let token: string | undefined;
    do {
      const input = { PrefixListId: prefixListId, NextToken: token, MaxResults: 100 };
      const page = await awsCall('GetManagedPrefixListEntries', { resource: prefixListId, ...this.where }, () => this.ec2.send(new GetManagedPrefixListEntriesCommand(input)));
      cidrs.push(...(page.Entries ?? []).map((e) => e.Cidr).filter((c): c is string => Boolean(c)));
      token = page.NextToken;
    } while (token);
    return cidrs;
  }
}
