/** One AWS call, with its failure wrapped in an AwsCallError naming the API and the resource. */
import { AwsCallError, type ErrorContext } from '../errors';

/** Runs `send`; a rejection becomes an AwsCallError (the SDK has already retried throttling with standard retries). */
export async function awsCall<T>(api: string, context: ErrorContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new AwsCallError(api, error, context);
  }
}
