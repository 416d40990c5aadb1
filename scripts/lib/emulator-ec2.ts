/** Builds security groups in the emulator, for the demo and the tests. */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  type EC2Client,
  type IpPermission,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';

/** Creates a group with the given ingress permissions; returns its ID. */
export async function createGroup(ec2: EC2Client, name: string, permissions: IpPermission[], tags: Record<string, string> = {}): Promise<string> {
  const tagSpec = Object.keys(tags).length > 0 ? [{ ResourceType: 'security-group' as const, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }] : undefined;
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} (test)`, TagSpecifications: tagSpec }))).GroupId ?? '';
  if (permissions.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions }));
  return groupId;
}

/** The group's ingress rules. */
export async function ingressRules(ec2: EC2Client, groupId: string): Promise<SecurityGroupRule[]> {
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? [];
  return rules.filter((rule) => !rule.IsEgress);
}

/** Rules as short strings (`tcp 22 0.0.0.0/0`), sorted, for readable assertions. */
export async function ingressSummary(ec2: EC2Client, groupId: string): Promise<string[]> {
  return (await ingressRules(ec2, groupId)).map((r) => `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? r.CidrIpv6}`).sort();
}

/** The ID of the ingress rule with this protocol, port and CIDR. */
export async function ruleId(ec2: EC2Client, groupId: string, protocol: string, port: number, cidr: string): Promise<string> {
  const rule = (await ingressRules(ec2, groupId)).find((r) => r.IpProtocol === protocol && r.FromPort === port && (r.CidrIpv4 ?? r.CidrIpv6) === cidr);
  if (!rule?.SecurityGroupRuleId) throw new Error(`no rule ${protocol} ${port} ${cidr} in ${groupId}`);
  return rule.SecurityGroupRuleId;
}

/** Shorthands for permissions. */
export const tcp = (port: number, ...cidrs: string[]): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
});
