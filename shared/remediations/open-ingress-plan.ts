/**
 * Pure planning for revoke-open-ingress: which ingress rules of a group to revoke (the world-open ones the event is
 * about, with why), and which to leave and why. World-open is judged on the group's current rules together
 * (shared/baseline/world-open.ts), not on one rule at a time.
 */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import { coversPublic, holdsPublic, parseCidr, type Cidr } from '../baseline/cidr';
import { formatPorts, isRangeAuthorized, type PortRange } from '../baseline/ports';
import { findWorldOpen, type ReachRule, type WorldOpenPolicy } from '../baseline/world-open';
import type { IngressScope } from '../events/security-group';
import type { Kept } from './result';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const REVOCABLE_PROTOCOLS = new Set(['tcp', 'udp', '-1']);

/** An ingress rule as this module reasons about it; `world` is true for a literal 0.0.0.0/0 or ::/0 source. */
export interface IngressRule {
  ruleId: string;
  groupId: string;
  protocol: string;
  fromPort: number;
  toPort: number;
  /** A CIDR, a prefix-list ID (`pl-...`) or a referenced group ID. */
  source: string;
  world: boolean;
  description?: string;
}

/** A rule to revoke, with why it counts as world-open (e.g. `0.0.0.0/1 + 128.0.0.0/1 together cover all of IPv4 on 22/tcp`). */
export interface RevokeRule extends IngressRule {
  why: string;
}

/** The pure plan for one group: the rules to revoke, and the rules deliberately kept (with why). */
export interface IngressPlan {
  revoke: RevokeRule[];
  kept: Kept[];
}

/** What planning needs besides the rules: the entries of the prefix lists they use, and the optional prefix limit. */
export interface PlanOptions {
  /** Entries (CIDRs) of each managed prefix list the rules reference, by prefix-list ID. */
  prefixLists?: ReadonlyMap<string, readonly string[]>;
  broadestPublicPrefix?: WorldOpenPolicy['broadestPublicPrefix'];
}

/** Converts a DescribeSecurityGroupRules entry. */
export function toIngressRule(rule: SecurityGroupRule): IngressRule {
  const source = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? 'unknown';
  return {
    ruleId: rule.SecurityGroupRuleId ?? '',
    groupId: rule.GroupId ?? '',
    protocol: rule.IpProtocol ?? '-1',
    fromPort: rule.FromPort ?? -1,
    toPort: rule.ToPort ?? -1,
    source,
    world: WORLD.has(source),
    description: rule.Description || undefined,
  };
}

/** What identifies a rule besides its ID: protocol, ports (none for all traffic) and source. */
export function ruleKey(rule: Pick<IngressRule, 'protocol' | 'fromPort' | 'toPort' | 'source'>): string {
  return rule.protocol === '-1' ? `-1 ${rule.source}` : `${rule.protocol} ${rule.fromPort} ${rule.toPort} ${rule.source}`;
}

/** Renders a rule as ops read it: `tcp 22 from 0.0.0.0/0 ("ssh")`. */
export function describeRule(rule: IngressRule): string {
  const protocol = rule.protocol === '-1' ? 'all traffic' : rule.protocol;
  const icmp = rule.protocol === 'icmp' || rule.protocol === 'icmpv6';
  const any = (value: number): string => (value < 0 ? 'any' : String(value));
  const ports = rule.protocol === '-1' ? '' : icmp ? ` type ${any(rule.fromPort)} code ${any(rule.toPort)}` : ` ${formatPorts({ from: rule.fromPort, to: rule.toPort })}`;
  const description = rule.description ? ` ("${rule.description}")` : '';
  return `${protocol}${ports} from ${rule.source}${description}`;
}

/** The managed prefix lists the group's ingress rules reference, each once: their entries are needed to plan. */
export function referencedPrefixLists(rules: readonly SecurityGroupRule[]): string[] {
  return [...new Set(rules.filter((r) => r.IsEgress !== true && r.PrefixListId).map((r) => r.PrefixListId as string))];
}

/**
 * A quick test before planning (the sweep plans every group of the region): true when some ingress rule could take part
 * in a world-open finding, i.e. it is all traffic or reaches a port that is not authorized, from a prefix list or a CIDR
 * holding public addresses. False means planIngress would revoke nothing: private sources cover no public address, and
 * a rule on authorized ports only reaches no sensitive port.
 */
export function mayBeWorldOpen(rules: readonly SecurityGroupRule[], authorized: { tcp: PortRange[]; udp: PortRange[] }): boolean {
  return rules.some((r) => {
    if (r.IsEgress === true) return false;
    const rule = toIngressRule(r);
    if (rule.protocol !== '-1') {
      if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return false;
      const ports = rule.fromPort < 0 ? { from: 0, to: 65535 } : { from: rule.fromPort, to: rule.toPort };
      if (isRangeAuthorized(ports, authorized[rule.protocol])) return false;
    }
    if (rule.source.startsWith('pl-')) return true;
    const cidr = parseCidr(rule.source);
    return cidr !== undefined && holdsPublic(cidr);
  });
}

/** Decides, without any AWS call, which ingress rules of a group to revoke. */
export function planIngress(rules: readonly SecurityGroupRule[], scope: IngressScope, authorized: { tcp: PortRange[]; udp: PortRange[] }, options: PlanOptions = {}): IngressPlan {
  const ingress = rules.filter((r) => r.IsEgress !== true).map(toIngressRule);
  const sources = ingress.map((rule) => (rule.source.startsWith('pl-') ? [...(options.prefixLists?.get(rule.source) ?? [])] : [rule.source]));
  // Rules are named by their position: a rule ID is not guaranteed to be there.
  const reach: ReachRule[] = ingress.map((rule, i) => ({ id: String(i), protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, source: rule.source, cidrs: sources[i] ?? [] }));
  const ruleAt = (id: string): IngressRule | undefined => ingress[Number(id)];
  const accept = (ids: string[]): boolean => ids.some((id) => {
    const rule = ruleAt(id);
    return rule !== undefined && inScope(rule, scope);
  });
  const why = new Map<IngressRule, string>();
  for (const finding of findWorldOpen(reach, { authorized, broadestPublicPrefix: options.broadestPublicPrefix }, accept)) {
    for (const id of finding.ruleIds) {
      const rule = ruleAt(id);
      if (rule && !why.has(rule)) why.set(rule, finding.why);
    }
  }

  const plan: IngressPlan = { revoke: [], kept: [] };
  ingress.forEach((rule, i) => {
    const reason = why.get(rule);
    if (reason !== undefined) {
      plan.revoke.push({ ...rule, why: reason });
      return;
    }
    if (!inScope(rule, scope)) return;
    const keptReason = whyKept(rule, worldAlone(sources[i] ?? []), scope, authorized);
    if (keptReason) plan.kept.push({ target: rule.ruleId ? `${rule.groupId} ${rule.ruleId}` : rule.groupId, what: describeRule(rule), reason: keptReason });
  });
  return plan;
}

/** Why an in-scope rule that is not revoked stays; undefined when it needs no mention (not open to the world). */
function whyKept(rule: IngressRule, alone: boolean, scope: IngressScope, authorized: { tcp: PortRange[]; udp: PortRange[] }): string | undefined {
  if (!alone) return scope.kind === 'rules' ? `source ${rule.source} is not the whole internet` : undefined;
  if (!REVOCABLE_PROTOCOLS.has(rule.protocol)) return `protocol ${rule.protocol} is outside this remediation (tcp, udp, all)`;
  if (isAuthorized(rule, authorized)) return `authorized public port (AUTHORIZED_${rule.protocol.toUpperCase()}_PORTS)`;
  return undefined;
}

/** True when the rule's own sources hold every public address of a family (0.0.0.0/0, or a prefix list holding it). */
function worldAlone(sources: readonly string[]): boolean {
  const cidrs = sources.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  return (['IPv4', 'IPv6'] as const).some((family) => coversPublic(cidrs.filter((c) => c.family === family), family));
}

function isAuthorized(rule: IngressRule, authorized: { tcp: PortRange[]; udp: PortRange[] }): boolean {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return false;
  return isRangeAuthorized({ from: rule.fromPort, to: rule.toPort }, authorized[rule.protocol]);
}

/** Whether the event is about this rule: the whole group (Config), the attacked ports (GuardDuty), or the rules it wrote. */
function inScope(rule: IngressRule, scope: IngressScope): boolean {
  switch (scope.kind) {
    case 'group':
      return true;
    case 'ports':
      return scope.ports.some(({ port, protocols }) => (rule.protocol === '-1' || protocols.includes(rule.protocol)) && coversPort(rule, port));
    case 'rules':
      return (
        scope.ruleIds.includes(rule.ruleId) ||
        scope.permissions.some((p) => p.protocol === rule.protocol && p.cidrs.includes(rule.source) && samePorts(p, rule))
      );
  }
}

function coversPort(rule: IngressRule, port: number): boolean {
  return rule.protocol === '-1' || (rule.fromPort <= port && port <= rule.toPort);
}

function samePorts(spec: { protocol: string; fromPort?: number; toPort?: number }, rule: IngressRule): boolean {
  if (spec.protocol === '-1') return true;
  return spec.fromPort === rule.fromPort && (spec.toPort ?? spec.fromPort) === rule.toPort;
}
