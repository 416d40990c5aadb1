/** Mock-test helpers: a group as DescribeSecurityGroups returns it, built from the rules DescribeSecurityGroupRules returns. */
import type { IpPermission, SecurityGroup, SecurityGroupRule } from '@aws-sdk/client-ec2';

/** The group holding these ingress rules (one IpPermission per rule), with its tags. */
export function asGroup(groupId: string, rules: readonly SecurityGroupRule[], tags: Record<string, string> = {}): SecurityGroup {
  const permissions: IpPermission[] = rules
    .filter((rule) => rule.IsEgress !== true)
    .map((rule) => ({
      IpProtocol: rule.IpProtocol,
      ...(rule.IpProtocol === '-1' ? {} : { FromPort: rule.FromPort, ToPort: rule.ToPort }),
      IpRanges: rule.CidrIpv4 ? [{ CidrIp: rule.CidrIpv4 }] : [],
      Ipv6Ranges: rule.CidrIpv6 ? [{ CidrIpv6: rule.CidrIpv6 }] : [],
      PrefixListIds: rule.PrefixListId ? [{ PrefixListId: rule.PrefixListId }] : [],
    }));
  return { GroupId: groupId, GroupName: 'web', IpPermissions: permissions, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
}
