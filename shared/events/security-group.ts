/**
 * Reads, from each event shape, which security groups and which ingress rules an event concerns.
 * Shapes (see ../shared/aws-events/README.md): `ipPermissions.items`, legacy top-level `cidrIp`/`fromPort`,
 * `groupName` without `groupId`, the response `securityGroupRuleSet`, PascalCase `ModifySecurityGroupRules`
 * (single or list), GuardDuty instance findings and Config compliance changes.
 */
import type { CloudTrailTrigger, ConfigTrigger, GuardDutyTrigger, Trigger } from './trigger';
import { configRuleOf } from './accepted';

/** A permission as the caller asked for it: protocol, ports and every source listed with them. */
export interface PermissionSpec {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** The CIDRs and managed prefix-list IDs (`pl-...`), as DescribeSecurityGroupRules names a rule's source. */
  cidrs: string[];
}

/**
 * Which rules of a group are in question. A scope only selects among the rules AWS's own read of the group gives: a rule
 * ID or content in an event never names what is revoked (an event can be made up), so `ruleIds` match only IDs that came
 * with their content from AWS (none on the event path, which reads DescribeSecurityGroups and revokes by permission).
 */
export type IngressScope =
  | { kind: 'rules'; ruleIds: string[]; permissions: PermissionSpec[] }
  | { kind: 'ports'; ports: { port: number; protocols: string[] }[] }
  | { kind: 'group' };

/** One security group to examine, and the scope within it. */
export interface IngressTarget {
  groupId?: string;
  groupName?: string;
  scope: IngressScope;
}

/** What an event asks the open-ingress remediation to look at; `ignore` explains an event that needs nothing. */
export interface IngressTargets {
  targets: IngressTarget[];
  instanceId?: string;
  ignore?: string;
}

/** CloudTrail API calls that open ingress. */
export const INGRESS_API_CALLS = ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'] as const;
/** GuardDuty findings about an exposed instance, with the port attacked when the finding does not say. */
export const EXPOSED_INSTANCE_FINDINGS: Readonly<Record<string, number | undefined>> = {
  'UnauthorizedAccess:EC2/SSHBruteForce': 22,
  'UnauthorizedAccess:EC2/RDPBruteForce': 3389,
  'Recon:EC2/PortProbeUnprotectedPort': undefined,
};
/** Config managed rules about world-open security groups (Security Hub names them `securityhub-<rule>-<hash>`). */
export const OPEN_INGRESS_CONFIG_RULES = ['restricted-ssh', 'restricted-common-ports', 'vpc-sg-open-only-to-authorized-ports'] as const;

/** True when a Config rule name is one of ours, directly or as a Security Hub service-linked rule. */
export function isOpenIngressConfigRule(ruleName: string): boolean {
  return configRuleOf(ruleName, OPEN_INGRESS_CONFIG_RULES) !== undefined;
}

/** Normalises an IP protocol (`6`, `TCP`, `all`...) to the names DescribeSecurityGroupRules uses. */
export function normaliseProtocol(value: unknown): string {
  const text = String(value ?? '-1').toLowerCase();
  const byNumber: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };
  return byNumber[text] ?? text;
}

/** Extracts the targets from any trigger. */
export function ingressTargets(trigger: Trigger): IngressTargets {
  switch (trigger.kind) {
    case 'cloudtrail':
      return fromCloudTrail(trigger);
    case 'guardduty':
      return fromGuardDuty(trigger);
    case 'config':
      return fromConfig(trigger);
    case 'schedule':
      return { targets: [], ignore: 'a scheduled event runs the sweep (shared/sweep/security-groups.ts), not a per-group check' };
  }
}

function fromCloudTrail(trigger: CloudTrailTrigger): IngressTargets {
  if (trigger.eventName === 'ModifySecurityGroupRules') return fromModify(trigger);
  if (trigger.eventName !== 'AuthorizeSecurityGroupIngress') return { targets: [], ignore: `${trigger.eventName} does not open ingress` };
  const request = trigger.request;
  const responseRules = items(asRecord(trigger.response?.securityGroupRuleSet)?.items).map(asRecord);
  const groupId = str(request.groupId) ?? responseRules.map((rule) => str(rule?.groupId)).find(Boolean);
  const groupName = str(request.groupName);
  const permissions = items(asRecord(request.ipPermissions)?.items).map((item) => permissionFromItem(asRecord(item) ?? {}));
  const legacyCidr = str(request.cidrIp);
  if (legacyCidr) {
    permissions.push({ protocol: normaliseProtocol(request.ipProtocol), fromPort: num(request.fromPort), toPort: num(request.toPort), cidrs: [legacyCidr] });
  }
  const ruleIds = responseRules.filter((rule) => rule?.isEgress !== true).map((rule) => str(rule?.securityGroupRuleId)).filter(isString);
  if (!groupId && !groupName) return { targets: [], ignore: 'the event names no security group' };
  for (const extra of responseRules.map((rule) => responsePermission(rule ?? {}, groupId))) {
    if (extra && !permissions.some((p) => samePermission(p, extra) && p.cidrs.includes(extra.cidrs[0] ?? ''))) permissions.push(extra);
  }
  return { targets: [{ groupId, groupName: groupId ? undefined : groupName, scope: { kind: 'rules', ruleIds, permissions } }] };
}

/**
 * A response rule (`securityGroupRuleSet`: ingress, of the event's group) as a permission in scope: its content only.
 * Its ID is not kept for the revoke: nothing in the event proves that the ID names that content.
 */
function responsePermission(rule: Record<string, unknown>, groupId: string | undefined): PermissionSpec | undefined {
  const source = str(rule.cidrIpv4) ?? str(rule.cidrIpv6) ?? str(rule.prefixListId);
  if (rule.isEgress !== false || !source || str(rule.groupId) !== groupId) return undefined;
  return { protocol: normaliseProtocol(rule.ipProtocol), fromPort: num(rule.fromPort), toPort: num(rule.toPort), cidrs: [source] };
}

function samePermission(a: PermissionSpec, b: PermissionSpec): boolean {
  return a.protocol === b.protocol && (a.protocol === '-1' || (a.fromPort === b.fromPort && (a.toPort ?? a.fromPort) === (b.toPort ?? b.fromPort)));
}

function fromModify(trigger: CloudTrailTrigger): IngressTargets {
  const request = asRecord(trigger.request.ModifySecurityGroupRulesRequest) ?? {};
  const groupId = str(request.GroupId);
  if (!groupId) return { targets: [], ignore: 'the event names no security group' };
  const entries = listOf(request.SecurityGroupRule).map((entry) => asRecord(entry) ?? {});
  const ruleIds = entries.map((entry) => str(entry.SecurityGroupRuleId)).filter(isString);
  const permissions = entries.map((entry) => {
    const rule = asRecord(entry.SecurityGroupRule) ?? {};
    const cidrs = [str(rule.CidrIpv4), str(rule.CidrIpv6), str(rule.PrefixListId)].filter(isString);
    return { protocol: normaliseProtocol(rule.IpProtocol), fromPort: num(rule.FromPort), toPort: num(rule.ToPort), cidrs };
  });
  return { targets: [{ groupId, scope: { kind: 'rules', ruleIds, permissions } }] };
}

function fromGuardDuty(trigger: GuardDutyTrigger): IngressTargets {
  const type = trigger.detail.type;
  if (!(type in EXPOSED_INSTANCE_FINDINGS)) return { targets: [], ignore: `finding type ${type} is not about an exposed instance` };
  const resource = asRecord(trigger.detail.resource) ?? {};
  const instance = asRecord(resource.instanceDetails) ?? {};
  const instanceId = str(instance.instanceId);
  const groupIds = new Set<string>();
  for (const eni of items(instance.networkInterfaces)) {
    for (const group of items(asRecord(eni)?.securityGroups)) {
      const id = str(asRecord(group)?.groupId);
      if (id) groupIds.add(id);
    }
  }
  const action = asRecord(trigger.detail.service.action) ?? {};
  const ports: { port: number; protocols: string[] }[] = [];
  const connection = asRecord(action.networkConnectionAction);
  if (connection) {
    if (str(connection.connectionDirection) === 'OUTBOUND') {
      return { targets: [], instanceId, ignore: 'the instance is the source of the traffic (OUTBOUND), not its target: ingress is not the problem' };
    }
    const port = num(asRecord(connection.localPortDetails)?.port) ?? EXPOSED_INSTANCE_FINDINGS[type];
    const protocol = normaliseProtocol(connection.protocol ?? 'tcp');
    if (port !== undefined) ports.push({ port, protocols: [protocol] });
  }
  for (const probe of items(asRecord(action.portProbeAction)?.portProbeDetails)) {
    const port = num(asRecord(asRecord(probe)?.localPortDetails)?.port);
    if (port !== undefined && !ports.some((p) => p.port === port)) ports.push({ port, protocols: ['tcp', 'udp'] });
  }
  const fallback = EXPOSED_INSTANCE_FINDINGS[type];
  if (ports.length === 0 && fallback !== undefined) ports.push({ port: fallback, protocols: ['tcp'] });
  if (groupIds.size === 0) return { targets: [], instanceId, ignore: 'the finding lists no security group for the instance' };
  if (ports.length === 0) return { targets: [], instanceId, ignore: 'the finding names no attacked port' };
  return { instanceId, targets: [...groupIds].map((groupId) => ({ groupId, scope: { kind: 'ports', ports } })) };
}

function fromConfig(trigger: ConfigTrigger): IngressTargets {
  if (trigger.resourceType !== 'AWS::EC2::SecurityGroup') return { targets: [], ignore: `Config resource type ${trigger.resourceType} is not a security group` };
  return { targets: [{ groupId: trigger.resourceId, scope: { kind: 'group' } }] };
}

function permissionFromItem(item: Record<string, unknown>): PermissionSpec {
  const v4 = items(asRecord(item.ipRanges)?.items).map((r) => str(asRecord(r)?.cidrIp));
  const v6 = items(asRecord(item.ipv6Ranges)?.items).map((r) => str(asRecord(r)?.cidrIpv6));
  const lists = items(asRecord(item.prefixListIds)?.items).map((r) => str(asRecord(r)?.prefixListId));
  return { protocol: normaliseProtocol(item.ipProtocol), fromPort: num(item.fromPort), toPort: num(item.toPort), cidrs: [...v4, ...v6, ...lists].filter(isString) };
}

/** EC2 query-XML lists arrive as `{items: [...]}`, and empty ones as `{}`. */
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** ModifySecurityGroupRules carries one rule as an object and several as a list. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
