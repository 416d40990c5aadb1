/** Puts figure 4's seed into moto and reads back which ingress rules are left, as oracle keys. */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupRulesCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { ruleKey, type SeedGroup, type SeedRule } from './sweep-seed';

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

const permission = (r: SeedRule): IpPermission => ({
  IpProtocol: r.protocol,
  ...(r.protocol === '-1' ? {} : { FromPort: r.from, ToPort: r.to }),
  ...(r.cidr.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: r.cidr }] } : { IpRanges: [{ CidrIp: r.cidr }] }),
});

/** Creates every group of the seed (one CreateSecurityGroup, one AuthorizeSecurityGroupIngress each). */
export async function seedAccount(ec2: EC2Client, seed: readonly SeedGroup[]): Promise<void> {
  await inParallel(seed, 8, async (group) => {
    const tags = Object.entries(group.tags).map(([Key, Value]) => ({ Key, Value }));
    const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: group.name, Description: group.shape, ...(tags.length > 0 ? { TagSpecifications: [{ ResourceType: 'security-group', Tags: tags }] } : {}) }));
    if (group.rules.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: created.GroupId, IpPermissions: group.rules.map(permission) }));
  });
}

/** The ingress rules of the seeded groups (named `prefix...`), as oracle keys. */
export async function ingressKeys(ec2: EC2Client, prefix = 'bench-sg-'): Promise<Set<string>> {
  const names = new Map<string, string>();
  let token: string | undefined;
  do {
    const page: DescribeSecurityGroupsCommandOutput = await ec2.send(new DescribeSecurityGroupsCommand({ NextToken: token, MaxResults: 1000 }));
    for (const g of page.SecurityGroups ?? []) if (g.GroupId && g.GroupName?.startsWith(prefix)) names.set(g.GroupId, g.GroupName);
    token = page.NextToken;
  } while (token);
  const keys = new Set<string>();
  token = undefined;
  do {
    const page: DescribeSecurityGroupRulesCommandOutput = await ec2.send(new DescribeSecurityGroupRulesCommand({ NextToken: token, MaxResults: 1000 }));
    for (const rule of page.SecurityGroupRules ?? []) {
      const name = names.get(rule.GroupId ?? '');
      if (!name || rule.IsEgress) continue;
      const protocol = rule.IpProtocol as SeedRule['protocol'];
      keys.add(ruleKey(name, { protocol, from: rule.FromPort ?? -1, to: rule.ToPort ?? -1, cidr: rule.CidrIpv4 ?? rule.CidrIpv6 ?? `(${rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? '?'})` }));
    }
    token = page.NextToken;
  } while (token);
  return keys;
}
