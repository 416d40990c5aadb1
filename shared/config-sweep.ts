/** The sweep's settings (SWEEP_*), read from the environment; validated with the rest by shared/config.ts. */
import { z } from 'zod';

/** How far one sweep run may go, and whether an all-clear run sends a notice. */
export interface SweepSettings {
  /**
   * SWEEP_WRITE_CAP: rules revoked per run at most (the blast radius). One target needing more writes nothing and
   * reports; over many targets (shared/sweep/fan-out.ts) each target reserves all its writes from the run's cap before
   * writing, first come first served, and one that cannot writes nothing and reports.
   */
  writeCap: number;
  /** SWEEP_CONCURRENCY: groups fixed at a time (EC2 throttles mutating calls per account and region). */
  concurrency: number;
  /** SWEEP_NOTIFY_COMPLIANT=true: a sweep that finds nothing to do still sends its summary notice. */
  notifyCompliant: boolean;
  /** SWEEP_REGIONS: the regions swept in every account swept (comma list); empty: the stack's region only. */
  regions: readonly string[];
  /**
   * SWEEP_QUEUE_URL: the function's own sweep queue (serverless.yml). Set: a scheduled sweep over more than one
   * account x region sends one message per target there and each target is swept in its own invocation
   * (shared/sweep/dispatch.ts). Unset (scripts, local runs): the targets are swept in-process, a few at a time.
   */
  queueUrl?: string;
}

/**
 * The defaults. 4 groups at a time: EC2 meters mutating calls (RevokeSecurityGroupIngress) per account and region in a
 * token bucket of 200 refilled at 5 a second; a run of at most 50 revokes stays well inside it even at full speed and
 * leaves the rest to people and other tools. Non-mutating reads (Describe*) have their own bucket (100, 20 a second).
 */
export const SWEEP_DEFAULTS = { writeCap: 50, concurrency: 4 } as const;

const count = (min: number, max: number, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((text) => /^\d{1,6}$/.test(text) && Number(text) >= min && Number(text) <= max, `must be a whole number from ${min} to ${max}`)
    .transform(Number);

const SweepSchema = z.object({
  SWEEP_WRITE_CAP: count(0, 100_000, SWEEP_DEFAULTS.writeCap),
  SWEEP_CONCURRENCY: count(1, 20, SWEEP_DEFAULTS.concurrency),
  SWEEP_REGIONS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((r) => r.trim()).filter((r) => r !== ''))
    .refine((list) => list.every((r) => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(r)), 'must list region names, e.g. "us-east-1,eu-west-1"')
    .transform((list) => [...new Set(list)]),
  SWEEP_QUEUE_URL: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.:-]+\/\d{12}\/[A-Za-z0-9_-]{1,80}$/, 'must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)')
    .optional(),
  SWEEP_NOTIFY_COMPLIANT: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false').transform((v) => v === 'true'),
});

/** The sweep settings; pushes each bad variable onto `problems` (shared/config.ts throws one ConfigError for all). */
export function sweepSettings(env: Record<string, string | undefined>, problems: string[]): SweepSettings {
  const clean = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('SWEEP_') && value !== ''));
  const parsed = SweepSchema.safeParse(clean);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
    return { ...SWEEP_DEFAULTS, notifyCompliant: false, regions: [] };
  }
  const d = parsed.data;
  return { writeCap: d.SWEEP_WRITE_CAP, concurrency: d.SWEEP_CONCURRENCY, notifyCompliant: d.SWEEP_NOTIFY_COMPLIANT, regions: d.SWEEP_REGIONS, ...(d.SWEEP_QUEUE_URL ? { queueUrl: d.SWEEP_QUEUE_URL } : {}) };
}

/** The ARN of the queue at `url` (its account and name are the URL's last two parts). */
export function queueArnOf(url: string, partition: string, region: string): string {
  const [account = '', name = ''] = new URL(url).pathname.split('/').filter((p) => p !== '');
  const host = /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(url).hostname)?.[1];
  return `arn:${partition}:sqs:${host ?? region}:${account}:${name}`;
}
