/**
 * Seeds security-group drift in the emulator, in the shapes the sweep must tell apart (IPv4, IPv6, all traffic, port
 * ranges over 22, tcp 80/443 kept, udp 443 revoked, icmp kept, an exempt group, private CIDRs, CIDRs that together
 * cover IPv4, a prefix list), plus compliant filler groups. Returns what each seeded group must hold after a sweep.
 */
import { CreateManagedPrefixListCommand, DescribeSecurityGroupRulesCommand, type EC2Client, type IpPermission } from '@aws-sdk/client-ec2';
import { createGroup, tcp } from './emulator-ec2';

/** A seeded group: its ID, and its ingress as `proto from-to source` lines (sorted) before and after a sweep. */
export interface SeededGroup {
  name: string;
  groupId: string;
  /** Rules the sweep must revoke (0 for compliant and exempt groups). */
  revoke: number;
  after: string[];
}

const perm = (protocol: string, from: number, to: number, ...cidrs: string[]): IpPermission => ({
  IpProtocol: protocol,
  ...(protocol === '-1' ? {} : { FromPort: from, ToPort: to }),
  IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
});

/** Seeds the drift (`prefix`: group names start with it), and `filler` compliant groups. */
export async function seedDrift(ec2: EC2Client, options: { prefix?: string; filler?: number; exemptTagKey?: string } = {}): Promise<SeededGroup[]> {
  const prefix = options.prefix ?? 'drift';
  const listId = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: `${prefix}-world`, AddressFamily: 'IPv4', MaxEntries: 4, Entries: [{ Cidr: '0.0.0.0/1' }, { Cidr: '128.0.0.0/1' }] }))).PrefixList?.PrefixListId ?? '';
  const specs: { name: string; permissions: IpPermission[]; revoke: number; after: string[]; tags?: Record<string, string> }[] = [
    { name: 'ssh-ipv4', permissions: [tcp(22, '0.0.0.0/0')], revoke: 1, after: [] },
    { name: 'ssh-ipv6', permissions: [tcp(22, '::/0')], revoke: 1, after: [] },
    { name: 'all-traffic', permissions: [perm('-1', -1, -1, '0.0.0.0/0')], revoke: 1, after: [] },
    { name: 'range-over-22', permissions: [perm('tcp', 0, 1024, '0.0.0.0/0')], revoke: 1, after: [] },
    { name: 'web', permissions: [tcp(80, '0.0.0.0/0', '::/0'), tcp(443, '0.0.0.0/0')], revoke: 0, after: ['tcp 443-443 0.0.0.0/0', 'tcp 80-80 0.0.0.0/0', 'tcp 80-80 ::/0'] },
    { name: 'udp-443', permissions: [perm('udp', 443, 443, '0.0.0.0/0')], revoke: 1, after: [] },
    { name: 'icmp', permissions: [perm('icmp', -1, -1, '0.0.0.0/0')], revoke: 0, after: ['icmp -1--1 0.0.0.0/0'] },
    { name: 'exempt', permissions: [tcp(22, '0.0.0.0/0')], revoke: 0, after: ['tcp 22-22 0.0.0.0/0'], tags: { [options.exemptTagKey ?? 'chain-guard:exempt']: 'public bastion' } },
    { name: 'private', permissions: [tcp(22, '10.0.0.0/8', '192.168.0.0/16')], revoke: 0, after: ['tcp 22-22 10.0.0.0/8', 'tcp 22-22 192.168.0.0/16'] },
    { name: 'mixed', permissions: [tcp(22, '0.0.0.0/0', '10.0.0.0/8'), tcp(443, '0.0.0.0/0')], revoke: 1, after: ['tcp 22-22 10.0.0.0/8', 'tcp 443-443 0.0.0.0/0'] },
    { name: 'halves', permissions: [tcp(3389, '0.0.0.0/1', '128.0.0.0/1')], revoke: 2, after: [] },
    { name: 'prefix-list', permissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, PrefixListIds: [{ PrefixListId: listId }] }], revoke: 1, after: [] },
  ];
  for (let i = 0; i < (options.filler ?? 0); i += 1) {
    specs.push({ name: `filler-${i}`, permissions: [tcp(443, '0.0.0.0/0'), tcp(22, '10.0.0.0/8')], revoke: 0, after: ['tcp 22-22 10.0.0.0/8', 'tcp 443-443 0.0.0.0/0'] });
  }
  const seeded: SeededGroup[] = [];
  for (const spec of specs) {
    const groupId = await createGroup(ec2, `${prefix}-${spec.name}`, spec.permissions, spec.tags);
    seeded.push({ name: spec.name, groupId, revoke: spec.revoke, after: spec.after });
  }
  return seeded;
}

/** Every seeded group's ingress now, as `proto from-to source` lines (sorted), by name; one paged read. */
export async function ingressByName(ec2: EC2Client, seeded: readonly SeededGroup[]): Promise<Record<string, string[]>> {
  const lines = new Map<string, string[]>(seeded.map((g) => [g.groupId, []]));
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, NextToken: token }));
    for (const r of (page.SecurityGroupRules ?? []).filter((rule) => !rule.IsEgress)) {
      lines.get(r.GroupId ?? '')?.push(`${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId}`);
    }
    token = page.NextToken;
  } while (token);
  return Object.fromEntries(seeded.map((g) => [g.name, (lines.get(g.groupId) ?? []).map((l) => l.replace(/pl-[0-9a-f]+/, 'pl')).sort()]));
}
