/** Tells, before any check runs, whether the SDK finds credentials at all, so a missing login is reported once. */

/** No credentials provider of the SDK's default chain gave credentials. Nothing was read or changed. */
export class NoCredentialsError extends Error {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'NoCredentialsError';
  }
}

/** Any SDK v3 client: its resolved config holds the credentials provider of the default chain. */
interface WithCredentials {
  config: { credentials: () => Promise<unknown> };
}

/** Resolves the client's credentials; throws NoCredentialsError ("no AWS credentials found: ...") when there are none. */
export async function requireCredentials(client: WithCredentials): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, ' ').trim();
    throw new NoCredentialsError(
      `no AWS credentials found: ${reason}. Log in (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or point at the emulator (npm run emulator prints what to export)`,
      { cause: error },
    );
  }
}
