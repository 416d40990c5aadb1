/** Helpers for fault-injection tests with aws-sdk-client-mock. */
import type { RemediationFailedError } from '../../shared/errors';
import type { RemediationResult } from '../../shared/remediations/result';

/** An error shaped like an AWS SDK v3 service error (`name` is the AWS error code). */
export const awsError = (name: string, message: string): Error => Object.assign(new Error(message), { name, $metadata: {} });

/** Runs handleEvent and returns what it rejected with (or fails the test if it resolved). */
export async function rejectionOf(promise: Promise<RemediationResult>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('handleEvent resolved, but it was expected to reject');
}

/** The result a RemediationFailedError carries. */
export const failedResult = (error: unknown): RemediationResult => (error as RemediationFailedError).result as RemediationResult;
