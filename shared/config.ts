/**
 * Configuration, read and validated once. Nothing else in the project reads `process.env`
 * (the AWS SDK and Powertools read their own variables, such as AWS_ENDPOINT_URL and POWERTOOLS_*).
 */
import { z } from 'zod';
import { ConfigError } from './errors';
import { parsePortList, type PortRange } from './baseline/ports';

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
  /** A security group carrying this tag (any value but `false`) is never changed, only reported. */
  exemptTagKey: string;
  /** Name prefix of the backend's own IAM roles: events caused by them are ignored (loop guard). */
  selfRolePrefix: string;
}

const ARN_SNS = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

const EnvSchema = z.object({
  REMEDIATION_MODE: z.enum(MODES, { error: 'must be "enforce" or "report"' }).default('enforce'),
  AWS_REGION: z.string().min(1, 'must name a region').default('us-east-1'),
  ALERT_TOPIC_ARN: z.string({ error: 'is required (the SNS topic ops subscribe to)' }).regex(ARN_SNS, 'must be an SNS topic ARN'),
  AUTHORIZED_TCP_PORTS: z.string().default('80,443'),
  AUTHORIZED_UDP_PORTS: z.string().default(''),
  EXEMPT_TAG_KEY: z.string().min(1).max(128).default('chain-guard:exempt'),
  SELF_ROLE_PREFIX: z.string().min(1).default('chain-guard-'),
});

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Env): Config {
  const parsed = EnvSchema.safeParse(withoutEmpty(env, ['REMEDIATION_MODE', 'AWS_REGION', 'EXEMPT_TAG_KEY', 'SELF_ROLE_PREFIX']));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    mode: e.REMEDIATION_MODE,
    region: e.AWS_REGION,
    alertTopicArn: e.ALERT_TOPIC_ARN,
    authorizedPorts: {
      tcp: portsOrThrow('AUTHORIZED_TCP_PORTS', e.AUTHORIZED_TCP_PORTS),
      udp: portsOrThrow('AUTHORIZED_UDP_PORTS', e.AUTHORIZED_UDP_PORTS),
    },
    exemptTagKey: e.EXEMPT_TAG_KEY,
    selfRolePrefix: e.SELF_ROLE_PREFIX,
  };
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

function portsOrThrow(name: string, value: string): PortRange[] {
  try {
    return parsePortList(value);
  } catch (cause) {
    throw new ConfigError(`Invalid configuration: ${name} ${(cause as Error).message}`, { cause });
  }
}

/** Empty strings mean "use the default" for optional text settings (serverless params often render as ""). */
function withoutEmpty(env: Env, keys: string[]): Env {
  const copy: Env = { ...env };
  for (const key of keys) if (copy[key] === '') delete copy[key];
  return copy;
}
