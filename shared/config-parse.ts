/** Small readers shared by the configuration modules: comma lists (as CloudFormation splits them) and error text. */
import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * A comma-separated list, read exactly as CloudFormation's Fn::Split reads it in serverless.yml (TOPIC_ADMIN_ARNS feeds
 * the topic policy there): split on ",", nothing trimmed. So a space or an empty entry is an error, not a silent
 * difference between what is deployed and what the code restores.
 */
export function commaList(name: string, value: string): string[] {
  if (value === '') return [];
  const entries = value.split(',');
  const bad = entries.find((entry) => entry === '' || entry.trim() !== entry);
  if (bad !== undefined) throw new ConfigError(`Invalid configuration: ${name} must be a comma-separated list without spaces or empty entries ("a,b", not "a, b"): got "${value}"`);
  return entries;
}

/** A readable reason from a zod error (or any error). */
export function errorText(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((i) => `${i.path.join('.')} ${i.message}`.trim()).join('; ');
  return error instanceof Error ? error.message : String(error);
}
