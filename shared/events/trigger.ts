/** Normalises the three event families into one `Trigger`, and decides which triggers must be ignored. */
import type { z } from 'zod';
import { InvalidEventError } from '../errors';
import type { Actor } from '../remediations/result';
import {
  CloudTrailDetailSchema,
  ConfigComplianceDetailSchema,
  EnvelopeSchema,
  GuardDutyDetailSchema,
  type CloudTrailDetail,
  type ConfigComplianceDetail,
  type GuardDutyDetail,
  type UserIdentity,
} from './schemas';

/** Detail types this backend reacts to. */
export const DETAIL_TYPES = {
  cloudtrail: 'AWS API Call via CloudTrail',
  guardduty: 'GuardDuty Finding',
  config: 'Config Rules Compliance Change',
  schedule: 'Scheduled Event',
} as const;

interface TriggerBase {
  eventId: string;
  /** Account and region to act in (for GuardDuty and Config: the finding's, not the envelope's). */
  account: string;
  region: string;
  time: string;
  /** API name, GuardDuty finding type, or Config rule name. */
  eventName: string;
  actor?: Actor;
  /** Every account the event says it is about (envelope `account`, `recipientAccountId`, the finding's `accountId`...). */
  accounts: string[];
}

/** A CloudTrail API call. */
export interface CloudTrailTrigger extends TriggerBase {
  kind: 'cloudtrail';
  eventSource: string;
  errorCode?: string;
  request: Record<string, unknown>;
  response: Record<string, unknown> | null;
  detail: CloudTrailDetail;
}

/** A GuardDuty finding. */
export interface GuardDutyTrigger extends TriggerBase {
  kind: 'guardduty';
  findingId: string;
  severity: number;
  sample: boolean;
  detail: GuardDutyDetail;
}

/** An AWS Config compliance change. */
export interface ConfigTrigger extends TriggerBase {
  kind: 'config';
  ruleName: string;
  resourceType: string;
  resourceId: string;
  compliance: string;
  detail: ConfigComplianceDetail;
}

/** A scheduled sweep (EventBridge schedule rule), also used to bootstrap a fresh account. */
export interface ScheduleTrigger extends TriggerBase {
  kind: 'schedule';
  /** ARN of the schedule rule that fired. */
  rule?: string;
}

/** Any normalised event. */
export type Trigger = CloudTrailTrigger | GuardDutyTrigger | ConfigTrigger | ScheduleTrigger;

/** A `Scheduled Event` as an EventBridge schedule rule delivers it (`rule`: the rule's name, if any). */
export function scheduledEvent(account: string, region: string, options: { id: string; rule?: string; time?: Date }): Record<string, unknown> {
  return {
    version: '0',
    id: options.id,
    'detail-type': DETAIL_TYPES.schedule,
    source: 'aws.events',
    account,
    time: (options.time ?? new Date()).toISOString(),
    region,
    resources: options.rule ? [`arn:aws:events:${region}:${account}:rule/${options.rule}`] : [],
    detail: {},
  };
}

/** Parses a raw EventBridge event into a Trigger; throws InvalidEventError naming what is wrong. */
export function parseEvent(raw: unknown): Trigger {
  const envelope = parseOrThrow(EnvelopeSchema, raw, 'EventBridge envelope');
  // Only AWS can put an `aws.*` source on a bus; any other source is someone's PutEvents, however it is shaped.
  if (!envelope.source.startsWith('aws.')) throw new InvalidEventError(`Event source "${envelope.source}" is not an AWS service: only events from AWS (source aws.*) are acted on`);
  const type = envelope['detail-type'];
  const time = envelope.time ?? new Date().toISOString();
  if (type === DETAIL_TYPES.cloudtrail) {
    const detail = parseOrThrow(CloudTrailDetailSchema, envelope.detail, 'CloudTrail detail');
    return {
      kind: 'cloudtrail',
      eventId: detail.eventID ?? envelope.id,
      account: detail.recipientAccountId ?? envelope.account,
      accounts: distinct(envelope.account, detail.recipientAccountId),
      region: detail.awsRegion,
      time: detail.eventTime ?? time,
      eventName: detail.eventName,
      eventSource: detail.eventSource,
      actor: cloudTrailActor(detail),
      errorCode: detail.errorCode,
      request: detail.requestParameters ?? {},
      response: detail.responseElements ?? null,
      detail,
    };
  }
  if (type === DETAIL_TYPES.guardduty) {
    const detail = parseOrThrow(GuardDutyDetailSchema, envelope.detail, 'GuardDuty finding');
    return {
      kind: 'guardduty',
      eventId: envelope.id,
      account: detail.accountId,
      accounts: distinct(envelope.account, detail.accountId),
      region: detail.region,
      time: detail.updatedAt ?? time,
      eventName: detail.type,
      findingId: detail.id,
      severity: detail.severity ?? 0,
      sample: isSampleFinding(detail),
      actor: guardDutyActor(detail),
      detail,
    };
  }
  if (type === DETAIL_TYPES.config) {
    const detail = parseOrThrow(ConfigComplianceDetailSchema, envelope.detail, 'Config compliance change');
    return {
      kind: 'config',
      eventId: envelope.id,
      account: detail.awsAccountId,
      accounts: distinct(envelope.account, detail.awsAccountId),
      region: detail.awsRegion,
      time,
      eventName: detail.configRuleName,
      ruleName: detail.configRuleName,
      resourceType: detail.resourceType,
      resourceId: detail.resourceId,
      compliance: detail.newEvaluationResult.complianceType,
      detail,
    };
  }
  if (type === DETAIL_TYPES.schedule && envelope.source === 'aws.events') {
    const rule = envelope.resources?.find((r): r is string => typeof r === 'string');
    return { kind: 'schedule', eventId: envelope.id, account: envelope.account, accounts: [envelope.account], region: envelope.region, time, eventName: 'Scheduled Event', rule, actor: { type: 'Schedule', name: rule } };
  }
  throw new InvalidEventError(`Unsupported detail-type "${type}" (expected one of: ${Object.values(DETAIL_TYPES).join(', ')})`);
}

/** Why a trigger must change nothing (failed call, sample finding, the backend's own call...), or undefined to act. */
export function ignoreReason(trigger: Trigger, selfRoleArns: readonly string[]): string | undefined {
  if (trigger.kind === 'cloudtrail' && trigger.errorCode) {
    return `the ${trigger.eventName} call failed (${trigger.errorCode}), so it changed nothing`;
  }
  if (trigger.kind === 'guardduty' && trigger.sample) return 'GuardDuty sample finding (CreateSampleFindings): not a real threat';
  if (trigger.kind === 'config' && trigger.compliance !== 'NON_COMPLIANT') {
    return `Config reports ${trigger.compliance}, not NON_COMPLIANT`;
  }
  const own = trigger.kind === 'cloudtrail' ? ownRoleArn(trigger.detail.userIdentity, selfRoleArns) : undefined;
  if (own) return `caused by the backend's own role ${own} (loop guard)`;
  return undefined;
}

/**
 * The loop guard: the exact ARN of the stack role behind this identity, or undefined. Only a session of an assumed
 * role whose issuer ARN is exactly one of the stack's roles counts: never a name or a prefix, which anyone allowed to
 * create a role or a user (GetFederationToken) can choose; and a same-named role in another account has another ARN.
 */
export function ownRoleArn(identity: UserIdentity | undefined, selfRoleArns: readonly string[]): string | undefined {
  const issuer = identity?.sessionContext?.sessionIssuer;
  if (identity?.type !== 'AssumedRole' || issuer?.type !== 'Role' || !issuer.arn) return undefined;
  return selfRoleArns.includes(issuer.arn) ? issuer.arn : undefined;
}

/** The first account the event is about that is not `own`: such an event is never acted on with our credentials. */
export function foreignAccount(trigger: Trigger, own: string): string | undefined {
  return trigger.accounts.find((account) => account !== own);
}

function distinct(...accounts: (string | undefined)[]): string[] {
  return [...new Set(accounts.filter((a): a is string => Boolean(a)))];
}

/** The IAM role name behind an AssumedRole identity, if any. */
export function roleName(identity: UserIdentity | undefined): string | undefined {
  if (!identity) return undefined;
  const issuer = identity.sessionContext?.sessionIssuer?.userName;
  if (issuer) return issuer;
  const match = /:assumed-role\/([^/]+)\//.exec(identity.arn ?? '');
  return match?.[1];
}

function cloudTrailActor(detail: CloudTrailDetail): Actor {
  const identity = detail.userIdentity;
  const role = roleName(identity);
  const session = identity?.arn?.split('/').slice(2).join('/');
  const name = identity?.userName ?? (role ? `${role}${session ? ` (session ${session})` : ''}` : identity?.type === 'Root' ? 'root' : undefined);
  return {
    type: identity?.type ?? 'Unknown',
    name,
    arn: identity?.arn,
    sourceIp: detail.sourceIPAddress,
    userAgent: detail.userAgent,
  };
}

function guardDutyActor(detail: GuardDutyDetail): Actor | undefined {
  const action = detail.service.action ?? {};
  const remote = findRemoteIp(action);
  const key = (detail.resource as { accessKeyDetails?: { userName?: string; userType?: string } }).accessKeyDetails;
  if (key?.userName) return { type: key.userType ?? 'Principal', name: key.userName, sourceIp: remote };
  return remote ? { type: 'RemoteHost', sourceIp: remote } : undefined;
}

function findRemoteIp(action: Record<string, unknown>): string | undefined {
  const text = JSON.stringify(action);
  return /"ipAddressV4":"([^"]+)"/.exec(text)?.[1] ?? /"ipAddressV6":"([^"]+)"/.exec(text)?.[1];
}

/** Sample findings carry `additionalInfo.sample: true` (older form) or inside the JSON string `additionalInfo.value`. */
function isSampleFinding(detail: GuardDutyDetail): boolean {
  const info = detail.service.additionalInfo ?? {};
  if (info.sample === true || info.sample === 'true') return true;
  if (typeof info.value === 'string') {
    try {
      const value = JSON.parse(info.value) as { sample?: unknown };
      if (value.sample === true || value.sample === 'true') return true;
    } catch {
      // A value that is not JSON is simply not a sample marker.
    }
  }
  return JSON.stringify(detail.resource).includes('GeneratedFinding');
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? first.path.join('.') : '(root)';
  throw new InvalidEventError(`Not a valid ${what}: ${where}: ${first?.message ?? 'invalid'}`, { cause: parsed.error });
}
