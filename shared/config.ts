/**
 * Configuration, read and validated once. Nothing else in the project reads `process.env`
 * (the AWS SDK and Powertools read their own variables, such as AWS_ENDPOINT_URL and POWERTOOLS_*).
 */
import { z } from 'zod';
import { ConfigError } from './errors';
import { commaList, errorText } from './config-parse';
import { topicBaseline } from './config-topic';
import { parseSwitches, type Switches } from './config-switches';
import { orgConfig, type OrgConfig } from './config-org';
import { sweepSettings, type SweepSettings } from './config-sweep';
import { alarmBaseline, backstopsBaseline, trailBaseline } from './config-baselines';
import { tokenProblems, tokenTemplates, withTokensResolved } from './config-tokens';
import { parsePortList, type PortRange } from './baseline/ports';
import type { TrailBaseline } from './baseline/trail';
import type { BackstopsBaseline } from './baseline/backstops';
import type { AlarmBaseline } from './baseline/cis-alarms';
import { stackRoleArns, type StackPlace } from './baseline/roles';
import { isAwsManagedSnsKey, parseTopicArn, type TopicBaseline } from './baseline/topic';

/** What the backend does when it finds drift: `enforce` writes, `report` only says what it would do. */
export const MODES = ['enforce', 'report'] as const;
export type Mode = (typeof MODES)[number];

/** Validated configuration shared by every function. */
export interface Config {
  mode: Mode;
  /** Region the functions run in; the default for events that carry none. */
  region: string;
  /** SNS topic ops subscribe to. */
  alertTopicArn: string;
  /** Public ports that may stay open to the world (Security Hub EC2.18 defaults: tcp 80, 443). */
  authorizedPorts: { tcp: PortRange[]; udp: PortRange[] };
  /**
   * Optional, off when empty: the broadest public prefix length allowed on a sensitive port, per family. A rule whose
   * CIDR (or prefix-list entry) holds public addresses and is broader (a smaller prefix length) counts as world-open.
   */
  broadestPublicPrefix: { IPv4?: number; IPv6?: number };
  /**
   * Off by default: a security group carrying this tag (any value but `false`) is only reported. Anyone allowed
   * ec2:CreateTags could set it; set it only with an SCP that lets admins alone write that tag key (README).
   */
  exemptTagKey?: string;
  /** Where the stack runs (partition, account, region, role name prefix): the only account it acts in. */
  stack: StackPlace;
  /** Exact ARNs of the stack's own roles: only calls made by these are ignored (loop guard). Never a name or prefix. */
  selfRoleArns: string[];
  /** The trail that must always exist, log and be at least this strong; undefined when TRAIL_NAME is not set. */
  trail?: TrailBaseline;
  /** The CIS metric filters and alarms to keep; undefined when no log group is known (ALARM_LOG_GROUP_NAME or the trail's). */
  alarms?: AlarmBaseline;
  /** The alerts topic as it must be: policy, attributes, subscribers. */
  topic: TopicBaseline;
  /** The Config recorder (and its delivery channel) and the GuardDuty detector that must stay on. */
  backstops: BackstopsBaseline;
  /**
   * The trail and backstop baselines as written, `${AccountId}` / `${Region}` unresolved (shared/config-tokens.ts);
   * absent when no setting has a token. `trail` and `backstops` above are them resolved for the stack's own account
   * and region; the pipeline resolves them for the account and region each run acts in (shared/baseline/per-account.ts).
   */
  perAccount?: { trail?: TrailBaseline; backstops: BackstopsBaseline };
  /** DynamoDB table of the stack (HISTORY_TABLE_NAME): each notice is recorded before it is published, keyed by event. */
  historyTableName?: string;
  /** A second topic (another region or account) that also gets notices about damage to the alerts topic itself. */
  fallbackTopicArn?: string;
  /** NOTIFY_NON_BASELINE=true: also page about alarms, filters and log groups outside the baseline (else only logged). */
  notifyNonBaseline: boolean;
  /** REMEDIATION_SWITCHES: per function, disabled, report or enforce (shared/config-switches.ts; gated in the pipeline). */
  switches: Switches;
  /** Organization mode (ORG_*, shared/config-org.ts): off by default, the stack then acts in its own account only. */
  org: OrgConfig;
  /** The scheduled sweep's bounds (SWEEP_WRITE_CAP, SWEEP_CONCURRENCY) and SWEEP_NOTIFY_COMPLIANT. */
  sweep: SweepSettings;
  /** UNDO_GRACE_HOURS (default 24): after `npm run undo`, how long the remediation reports instead of writing there. */
  undoGraceHours: number;
}

/** An optional prefix length 1..max, given as text (`8`); 0 would allow everything: leave the variable unset instead. */
function prefixLength(max: number): z.ZodOptional<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>> {
  const message = `must be a prefix length from 1 to ${max} (e.g. ${max === 32 ? 8 : 32}), or unset for no limit`;
  return z
    .string()
    .refine((text) => /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= max, message)
    .transform(Number)
    .optional();
}

const ARN_SNS = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

const BoolSchema = z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('true').transform((v) => v === 'true');

const OPTIONAL_TEXT = [
  'REMEDIATION_MODE', 'AWS_REGION', 'ACCOUNT_ID', 'EXEMPT_TAG_KEY', 'INGRESS_BROADEST_PUBLIC_PREFIX_V4', 'INGRESS_BROADEST_PUBLIC_PREFIX_V6', 'SELF_ROLE_PREFIX', 'TRAIL_NAME', 'TRAIL_HOME_REGION', 'TRAIL_S3_BUCKET',
  'TRAIL_S3_KEY_PREFIX', 'TRAIL_KMS_KEY_ID', 'TRAIL_CLOUDWATCH_LOG_GROUP_ARN', 'TRAIL_CLOUDWATCH_ROLE_ARN',
  'TRAIL_MULTI_REGION', 'TRAIL_GLOBAL_SERVICE_EVENTS', 'TRAIL_LOG_FILE_VALIDATION',
  'ALARM_LOG_GROUP_NAME', 'ALARM_NAMESPACE', 'ALARM_TOPIC_ARN', 'ALARM_NAME_PREFIX', 'CIS_CONTROLS', 'CUSTOM_ALARMS',
  'ALERT_FALLBACK_TOPIC_ARN', 'NOTIFY_NON_BASELINE', 'ALERT_SUBSCRIBERS', 'ALERT_EMAIL', 'ALERT_TOPIC_DISPLAY_NAME', 'ALERT_TOPIC_KMS_KEY_ID', 'TOPIC_ADMIN_ARNS', 'HISTORY_TABLE_NAME', 'UNDO_GRACE_HOURS',
  'CONFIG_RECORDER_NAME', 'CONFIG_RECORDER_ROLE_ARN', 'CONFIG_DELIVERY_BUCKET', 'CONFIG_DELIVERY_PREFIX', 'CONFIG_RESOURCE_TYPES', 'GUARDDUTY_REQUIRED',
];

const EnvSchema = z.object({
  REMEDIATION_MODE: z.enum(MODES, { error: 'must be "enforce" or "report"' }).default('enforce'),
  AWS_REGION: z.string().min(1, 'must name a region').default('us-east-1'),
  ACCOUNT_ID: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
  ALERT_TOPIC_ARN: z.string({ error: 'is required (the SNS topic ops subscribe to)' }).regex(ARN_SNS, 'must be an SNS topic ARN'),
  AUTHORIZED_TCP_PORTS: z.string().default('80,443'),
  AUTHORIZED_UDP_PORTS: z.string().default(''),
  EXEMPT_TAG_KEY: z.string().min(1).max(128).optional(),
  INGRESS_BROADEST_PUBLIC_PREFIX_V4: prefixLength(32),
  INGRESS_BROADEST_PUBLIC_PREFIX_V6: prefixLength(128),
  SELF_ROLE_PREFIX: z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,40}$/, 'must be an IAM role name prefix').default('chain-guard-'),
  TRAIL_NAME: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, 'must be a CloudTrail trail name').optional(),
  TRAIL_HOME_REGION: z.string().min(1).optional(),
  TRAIL_S3_BUCKET: z.string().min(3).optional(),
  TRAIL_S3_KEY_PREFIX: z.string().optional(),
  TRAIL_KMS_KEY_ID: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): GetTrail reports the key by ARN, an alias or ID cannot be compared with it').optional(),
  TRAIL_CLOUDWATCH_LOG_GROUP_ARN: z.string().regex(/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:.+$/, 'must be a CloudWatch Logs log group ARN').optional(),
  TRAIL_CLOUDWATCH_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN').optional(),
  TRAIL_MULTI_REGION: BoolSchema,
  TRAIL_GLOBAL_SERVICE_EVENTS: BoolSchema,
  TRAIL_LOG_FILE_VALIDATION: BoolSchema,
  ALARM_LOG_GROUP_NAME: z.string().min(1).max(512).optional(),
  ALARM_NAMESPACE: z.string().min(1).max(255).default('CISBenchmark'),
  ALARM_TOPIC_ARN: z.string().regex(ARN_SNS, 'must be an SNS topic ARN').optional(),
  ALARM_NAME_PREFIX: z.string().max(100).default('CIS-'),
  CIS_CONTROLS: z.string().default('all'),
  CUSTOM_ALARMS: z.string().default('[]'),
  ALERT_FALLBACK_TOPIC_ARN: z.string().regex(ARN_SNS, 'must be an SNS topic ARN').optional(),
  ALERT_SUBSCRIBERS: z.string().default('[]'),
  ALERT_EMAIL: z.email('must be an e-mail address').optional(),
  ALERT_TOPIC_DISPLAY_NAME: z.string().max(100).default('chain-guard alerts'),
  ALERT_TOPIC_KMS_KEY_ID: z.string().min(1).refine((key) => !isAwsManagedSnsKey(key), 'must not be the AWS managed key alias/aws/sns: CloudWatch alarms cannot publish to a topic encrypted with it').optional(),
  TOPIC_ADMIN_ARNS: z.string().default(''),
  NOTIFY_NON_BASELINE: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false').transform((v) => v === 'true'),
  HISTORY_TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name').optional(),
  UNDO_GRACE_HOURS: z.string().refine((t) => /^\d{1,4}$/.test(t) && Number(t) >= 1 && Number(t) <= 2160, 'must be a number of hours from 1 to 2160 (90 days)').default('24').transform(Number),
  CONFIG_RECORDER_NAME: z.string().regex(/^(?!AWSConfigurationRecorderFor)[A-Za-z0-9_.-]{1,256}$/, 'must be a configuration recorder name (letters, digits, _ . -; the prefix AWSConfigurationRecorderFor is reserved)').default('default'),
  CONFIG_RECORDER_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN (the role AWS Config records with)').optional(),
  CONFIG_DELIVERY_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  CONFIG_DELIVERY_PREFIX: z.string().max(1024).optional(),
  CONFIG_RESOURCE_TYPES: z.string().default('all'),
  GUARDDUTY_REQUIRED: BoolSchema,
});

type Env = Record<string, string | undefined>;

/** The environment as validated (tokens resolved for the stack's own account and region). */
export type ParsedEnv = z.infer<typeof EnvSchema>;

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Env): Config {
  const clean = withoutEmpty(env, OPTIONAL_TEXT);
  // `${AccountId}` / `${Region}` are checked as the stack's own account and region would fill them in.
  const own = { account: /^\d{12}$/.test(clean.ACCOUNT_ID ?? '') ? (clean.ACCOUNT_ID as string) : (parseTopicArn(clean.ALERT_TOPIC_ARN ?? '')?.account ?? '000000000000'), region: clean.AWS_REGION || 'us-east-1' };
  const parsed = EnvSchema.safeParse(withTokensResolved(clean, own.account, own.region));
  // Collect every problem, so one deploy fixes them all.
  const problems = [...tokenProblems(clean), ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`))];
  const ports = {
    tcp: portsOrProblem('AUTHORIZED_TCP_PORTS', clean.AUTHORIZED_TCP_PORTS ?? '80,443', problems),
    udp: portsOrProblem('AUTHORIZED_UDP_PORTS', clean.AUTHORIZED_UDP_PORTS ?? '', problems),
  };
  const sweep = sweepSettings(clean, problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  const e = parsed.data;
  const stack = stackPlace(e);
  const templates = tokenTemplates(clean);
  const raw = { ...e, ...templates };
  return {
    mode: e.REMEDIATION_MODE,
    region: e.AWS_REGION,
    alertTopicArn: e.ALERT_TOPIC_ARN,
    authorizedPorts: ports,
    broadestPublicPrefix: {
      ...(e.INGRESS_BROADEST_PUBLIC_PREFIX_V4 !== undefined ? { IPv4: e.INGRESS_BROADEST_PUBLIC_PREFIX_V4 } : {}),
      ...(e.INGRESS_BROADEST_PUBLIC_PREFIX_V6 !== undefined ? { IPv6: e.INGRESS_BROADEST_PUBLIC_PREFIX_V6 } : {}),
    },
    ...(e.EXEMPT_TAG_KEY ? { exemptTagKey: e.EXEMPT_TAG_KEY } : {}),
    stack,
    selfRoleArns: stackRoleArns(stack),
    trail: trailBaseline(e),
    alarms: alarmBaseline(e),
    topic: topicBaseline(e, stack),
    backstops: backstopsBaseline(e),
    ...(Object.keys(templates).length > 0 ? { perAccount: { trail: trailBaseline(raw), backstops: backstopsBaseline(raw) } } : {}),
    ...(e.ALERT_FALLBACK_TOPIC_ARN ? { fallbackTopicArn: e.ALERT_FALLBACK_TOPIC_ARN } : {}),
    ...(e.HISTORY_TABLE_NAME ? { historyTableName: e.HISTORY_TABLE_NAME } : {}),
    notifyNonBaseline: e.NOTIFY_NON_BASELINE,
    switches: parseSwitches(clean.REMEDIATION_SWITCHES),
    org: orgConfig(env, `${e.SELF_ROLE_PREFIX}member`, stack.account),
    sweep,
    undoGraceHours: e.UNDO_GRACE_HOURS,
  };
}

/** The stack's own place: the account is ACCOUNT_ID (set by serverless.yml), else the alerts topic's account. */
function stackPlace(e: ParsedEnv): StackPlace {
  const topic = parseTopicArn(e.ALERT_TOPIC_ARN);
  if (!topic) throw new ConfigError('Invalid configuration: ALERT_TOPIC_ARN must be an SNS topic ARN');
  return { partition: topic.partition, account: e.ACCOUNT_ID ?? topic.account, region: e.AWS_REGION, rolePrefix: e.SELF_ROLE_PREFIX };
}

let cached: Config | undefined;

/** The process configuration, read from `process.env` on first use (never at import time). */
export function getConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Forgets the cached configuration (tests and the local CLI change the environment between runs). */
export function resetConfig(): void {
  cached = undefined;
}

function portsOrProblem(name: string, value: string, problems: string[]): PortRange[] {
  try {
    return parsePortList(value);
  } catch (cause) {
    problems.push(`${name} ${(cause as Error).message}`);
    return [];
  }
}

/** Empty strings mean "use the default" for optional text settings (serverless params often render as ""). */
function withoutEmpty(env: Env, keys: string[]): Env {
  const copy: Env = { ...env };
  for (const key of keys) if (copy[key] === '') delete copy[key];
  return copy;
}

export { commaList };
