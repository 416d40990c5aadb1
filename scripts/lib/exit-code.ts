/**
 * The exit codes of every command-line script, and the one rule that maps an error to one:
 * 0 done, 1 a remediation (or a link of the chain) failed, 2 bad usage, bad input or bad configuration (nothing changed).
 */

/** Exit codes, as documented in the README ("Local entry points"). */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Errors that mean "the command was asked wrongly": the caller must fix the command, its input or its environment, and
 * retrying as is changes nothing. Matched by name, so an error recorded as text (`ConfigError: ...`) classifies the same.
 */
const USAGE_ERRORS: ReadonlySet<string> = new Set(['UsageError', 'InputError', 'ConfigError', 'InvalidEventError', 'NoCredentialsError']);

/** The command line itself is wrong (unknown option, missing argument). */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code for a thrown value, or for an error name (`"ConfigError"`) or recorded text (`"ConfigError: ..."`). */
export function exitCodeOf(error: unknown): ExitCode {
  return USAGE_ERRORS.has(errorName(error)) ? EXIT.usage : EXIT.failed;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  if (typeof error === 'string') return error.split(':')[0]?.trim() ?? '';
  return '';
}
