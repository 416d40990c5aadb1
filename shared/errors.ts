/** Typed errors. Each keeps its `cause` and names the resource it concerns, so logs and notifications can say what failed where. */

/** Where an error happened: the AWS resource and the account/region it lives in. */
export interface ErrorContext {
  resource?: string;
  account?: string;
  region?: string;
}

/** Base class for every error this backend raises on purpose. */
export class ChainGuardError extends Error {
  public readonly context: ErrorContext;

  public constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ChainGuardError';
    this.context = options.context ?? {};
  }
}

/** A configuration variable is missing or invalid. */
export class ConfigError extends ChainGuardError {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The input is not an event this backend understands. Nothing was changed. */
export class InvalidEventError extends ChainGuardError {
  public constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/** An AWS API call failed in a way that retries inside the SDK could not fix. */
export class AwsCallError extends ChainGuardError {
  public readonly api: string;
  public readonly code: string;

  public constructor(api: string, cause: unknown, context: ErrorContext = {}) {
    const code = errorCode(cause);
    super(`${api} failed: ${code}: ${errorMessage(cause)}`, { cause, context });
    this.name = 'AwsCallError';
    this.api = api;
    this.code = code;
  }
}

/** A remediation ended as `failed`; carries the result so callers (CLI, tests) can still read it. */
export class RemediationFailedError extends ChainGuardError {
  public readonly result: unknown;

  public constructor(message: string, result: unknown, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options);
    this.name = 'RemediationFailedError';
    this.result = result;
  }
}

/** The AWS error code of an SDK v3 error (`name`), or `Error` when there is none. */
export function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { Code?: unknown; code?: unknown }).Code ?? (error as { code?: unknown }).code;
    if (typeof code === 'string' && error.name === 'Error') return code;
    return error.name;
  }
  return 'UnknownError';
}

/** A one-line message for any thrown value. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

/** True when the SDK error carries one of the given AWS error codes. */
export function hasErrorCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes(errorCode(error));
}
