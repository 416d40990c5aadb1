/** The sweep's settings (SWEEP_*), read from the environment; validated with the rest by shared/config.ts. */
import { z } from 'zod';

/** How far one sweep run may go, and whether an all-clear run sends a notice. */
export interface SweepSettings {
  /** SWEEP_WRITE_CAP: rules revoked per run at most; above it the run writes nothing and reports (the blast radius). */
  writeCap: number;
  /** SWEEP_CONCURRENCY: groups fixed at a time (EC2 throttles mutating calls per account and region). */
  concurrency: number;
  /** SWEEP_NOTIFY_COMPLIANT=true: a sweep that finds nothing to do still sends its summary notice. */
  notifyCompliant: boolean;
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
  SWEEP_NOTIFY_COMPLIANT: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false').transform((v) => v === 'true'),
});

/** The sweep settings; pushes each bad variable onto `problems` (shared/config.ts throws one ConfigError for all). */
export function sweepSettings(env: Record<string, string | undefined>, problems: string[]): SweepSettings {
  const clean = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('SWEEP_') && value !== ''));
  const parsed = SweepSchema.safeParse(clean);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
    return { ...SWEEP_DEFAULTS, notifyCompliant: false };
  }
  return { writeCap: parsed.data.SWEEP_WRITE_CAP, concurrency: parsed.data.SWEEP_CONCURRENCY, notifyCompliant: parsed.data.SWEEP_NOTIFY_COMPLIANT };
}
