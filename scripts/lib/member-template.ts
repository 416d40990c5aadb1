/**
 * The member template (organization mode), generated from serverless.yml so it never drifts from the central stack:
 * - one forwarding rule per central EventBridge rule of the functions that act in member accounts, with the same
 *   pattern, the loop guard naming the member role instead of the central roles, sending to the central bus;
 * - the member role, created once per account (in the central stack's region; IAM is global), trusted only by the
 *   central functions' roles with the external id, holding exactly their `Remediate*` and `FollowUp*` statements
 *   (resources scoped to the member account by `${AWS::AccountId}`, as in the central roles).
 * Deploy it as a service-managed StackSet to the organization's OUs, in every enabled region (README "Organization").
 */
import { isDeepStrictEqual } from 'node:util';
import { FUNCTION_NAMES, functionRoleName, type FunctionName } from '../../shared/baseline/roles';
import { REMEDIATIONS } from '../../shared/remediations/registry';
import { loadServerless } from './serverless-config';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolveStaticConditions, simplifySubs } = require('../serverless/static-conditions.js') as { resolveStaticConditions: (t: Record<string, unknown>) => Record<string, unknown>; simplifySubs: (node: unknown) => unknown };

type Doc = Record<string, unknown>;
type Pattern = Record<string, unknown>;

export interface MemberTemplateOptions {
  stage?: string;
  /** The central stack's region: the member role is created there, and the trust names the central roles of it. */
  region?: string;
  /** The same `--param`s as the central stack (e.g. alarmNamePrefix, trailLogGroupArn): the patterns use them. */
  params?: Record<string, string>;
}

/** The functions whose events are forwarded: those that act in member accounts (protect-notifications does not). */
export const MEMBER_FUNCTIONS: FunctionName[] = FUNCTION_NAMES.filter((fn) => REMEDIATIONS.find((r) => r.id === fn)?.memberAccounts !== false);

/** The member role's name for a stage: `<service>-<stage>-member` (= ORG_MEMBER_ROLE_NAME's default). */
export function memberRoleName(doc: Doc): string {
  return `${(doc.custom as { selfRolePrefix: string }).selfRolePrefix}member`;
}

/** The loop guard of a member account's rules: calls by the member role itself are not forwarded. */
export function memberLoopGuard(roleName: string): unknown[] {
  return [
    { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ exists: false }] } } } },
    { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': [{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}` }] }] } } } },
  ];
}

/** `pattern` with every occurrence of `from` (deep-equal) replaced by `to`. */
export function replaceDeep(node: unknown, from: unknown, to: unknown): unknown {
  if (isDeepStrictEqual(node, from)) return to;
  if (Array.isArray(node)) return node.map((item) => replaceDeep(item, from, to));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replaceDeep(v, from, to)]));
  return node;
}

/** The central stack's event patterns (not the schedules) of one function, as serverless.yml declares them. */
export function centralPatterns(doc: Doc, fn: FunctionName): Pattern[] {
  const functions = doc.functions as Record<string, { events?: { eventBridge?: { pattern?: Pattern; schedule?: string } }[] }>;
  return (functions[fn]?.events ?? []).map((e) => e.eventBridge?.pattern).filter((p): p is Pattern => p !== undefined);
}

const pascal = (fn: string): string => fn.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * A log group given as a full ARN (param trailLogGroupArn) names the central account's group; in a member account the
 * remediation acts on the member's group of the same name (shared/config.ts keeps the name only), in any region.
 */
export function memberLogGroup(resource: unknown): unknown {
  const match = typeof resource === 'string' ? /^arn:[^:]+:logs:[^:]*:\d{12}:log-group:(.+)$/.exec(resource) : null;
  return match ? { 'Fn::Sub': `arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:${match[1] ?? ''}` } : resource;
}

/**
 * The `Remediate*` and `FollowUp*` (Config re-evaluation, Security Hub finding) statements of each member function's central role, static conditions resolved, Sids made unique.
 * The role is global but created in one region's stack: a resource scoped to `${AWS::Region}` is widened to every
 * region (`*`), still in the member account only; so is a log group given by its central ARN (memberLogGroup). A
 * per-account setting (`${AccountId}`, `${Region}`, through Fn::Sub) names the member's own role or log group there.
 */
function remediateStatements(doc: Doc): unknown[] {
  const resources = (doc.resources as { Resources: Record<string, unknown>; Conditions: Record<string, unknown> });
  const roles = Object.fromEntries(MEMBER_FUNCTIONS.map((fn) => [fn, resources.Resources[(doc.functions as Record<string, { role: string }>)[fn]?.role ?? '']]));
  const resolved = resolveStaticConditions(JSON.parse(JSON.stringify({ Conditions: resources.Conditions, Resources: roles }))) as { Resources: Record<string, { Properties: { Policies: { PolicyDocument: { Statement: { Sid?: string; Resource?: unknown }[] } }[] } }> };
  return MEMBER_FUNCTIONS.flatMap((fn) =>
    (resolved.Resources[fn]?.Properties.Policies ?? [])
      .flatMap((p) => p.PolicyDocument.Statement)
      .filter((s) => s.Sid?.startsWith('Remediate') || s.Sid?.startsWith('FollowUp'))
      .map((s) => simplifySubs(JSON.parse(JSON.stringify({ ...s, Sid: `${pascal(fn)}${s.Sid ?? ''}`, ...('Resource' in s ? { Resource: memberLogGroup(s.Resource) } : {}) }).split(':${AWS::Region}:').join(':*:').split(':${Region}:').join(':*:')))),
  );
}

/** The member template, as a CloudFormation JSON document. */
export function memberTemplate(options: MemberTemplateOptions = {}): Doc {
  const stage = options.stage ?? 'dev';
  const region = options.region ?? 'us-east-1';
  const doc = loadServerless({ stage, region, params: options.params ?? {} });
  const roleName = memberRoleName(doc);
  const centralGuard = (doc.custom as { loopGuard: unknown }).loopGuard;
  const forwarderArn = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}-forwarder` };
  const rules: Record<string, unknown> = {};
  for (const fn of MEMBER_FUNCTIONS) {
    centralPatterns(doc, fn).forEach((pattern, i) => {
      rules[`Forward${pascal(fn)}${i + 1}`] = {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: `${roleName}-${fn}-${i + 1}`.slice(0, 64),
          Description: `chain-guard ${stage}: forwards what ${fn} reacts to (serverless.yml) to the central bus`,
          EventPattern: replaceDeep(pattern, centralGuard, memberLoopGuard(roleName)),
          State: 'ENABLED',
          Targets: [{ Id: 'central-bus', Arn: { Ref: 'CentralEventBusArn' }, RoleArn: forwarderArn }],
        },
      };
    });
  }
  const centralRoles = MEMBER_FUNCTIONS.map((fn) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${CentralAccountId}:role/${functionRoleName({ rolePrefix: (doc.custom as { selfRolePrefix: string }).selfRolePrefix, region }, fn)}` }));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `chain-guard member account (stage ${stage}, central region ${region}): forwards the events the central functions react to, and the role they act with. Generated by scripts/org/member-template.ts from serverless.yml; do not edit.`,
    Parameters: {
      CentralAccountId: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: 'The security account where the central stack runs' },
      CentralEventBusArn: { Type: 'String', AllowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._-]+$', Description: 'The central stack output OrgEventBusArn' },
      ExternalId: { Type: 'String', NoEcho: true, MinLength: 16, MaxLength: 1224, AllowedPattern: '^[\\w+=,.@:/-]+$', Description: 'The central stack param orgExternalId' },
    },
    Conditions: { InCentralRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] } },
    Resources: {
      MemberRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'InCentralRegion',
        Properties: {
          RoleName: roleName,
          Description: 'chain-guard: the central functions act in this account with this role (only the actions they declare)',
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: centralRoles }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } } }],
          },
          Policies: [{ PolicyName: 'remediate', PolicyDocument: { Version: '2012-10-17', Statement: remediateStatements(doc) } }],
        },
      },
      ForwarderRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'InCentralRegion',
        Properties: {
          RoleName: `${roleName}-forwarder`,
          Description: 'chain-guard: EventBridge forwards the events to the central bus with this role',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }] },
          Policies: [{ PolicyName: 'forward', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } }] } }],
        },
      },
      ...rules,
    },
  };
}
