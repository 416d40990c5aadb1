/**
 * Clients for a member account of the organization: `sts:AssumeRole` into its member role (with the external id), the
 * session named after the function, so CloudTrail in the member account shows who acted and the loop guard knows it.
 * Credentials and clients are cached per account (clients per region inside), within an invocation and across warm
 * ones, until five minutes before the credentials expire.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { memberRoleArn } from '../baseline/roles';
import { ChainGuardError, errorCode, errorMessage } from '../errors';
import type { ClientOptions, Clients, TemporaryCredentials } from './clients';

/** The member role could not be assumed. `denied`: AWS said AccessDenied (no such role, or its trust refuses us). */
export class MemberRoleError extends ChainGuardError {
  public readonly denied: boolean;
  public readonly code: string;

  public constructor(
    public readonly account: string,
    public readonly roleArn: string,
    cause: unknown,
  ) {
    super(`AssumeRole ${roleArn} failed: ${errorCode(cause)}: ${errorMessage(cause)}`, { cause, context: { resource: roleArn, account } });
    this.name = 'MemberRoleError';
    this.code = errorCode(cause);
    this.denied = /AccessDenied/.test(this.code);
  }
}

/** Gives the pipeline clients acting in a member account. */
export interface MemberAccess {
  /** The exact ARN of the member role in `account`. */
  roleArn(account: string): string;
  /** Clients acting in `account` with its member role; throws MemberRoleError when the role cannot be assumed. */
  clients(account: string, sessionName: string): Promise<Clients>;
}

export interface MemberAccessOptions {
  partition: string;
  /** Region of the STS endpoint: the stack's. */
  region: string;
  roleName: string;
  externalId: string;
  /**
   * Builds a member's clients from options carrying its credentials: the function's own client classes (so a
   * function's zip holds only those), or createClients in scripts and tests.
   */
  buildClients: (options: ClientOptions) => Clients;
  /** The central account's STS client (tests pass one on moto). */
  sts?: STSClient;
  clientOptions?: ClientOptions;
  /** Lifetime asked for; AWS's minimum, 900 s, by default: a run lasts seconds. */
  durationSeconds?: number;
  now?: () => number;
}

/** Credentials this close to their expiry are renewed before use. */
const RENEW_BEFORE_MS = 5 * 60_000;

interface Entry {
  clients: Clients;
  credentials?: TemporaryCredentials;
  pending?: Promise<TemporaryCredentials>;
}

/** A MemberAccess caching one set of credentials and clients per account and session name. */
export function createMemberAccess(options: MemberAccessOptions): MemberAccess {
  const sts = options.sts ?? new STSClient({ region: options.region, maxAttempts: 3 });
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const roleArn = (account: string): string => memberRoleArn(options.partition, account, options.roleName);

  const assume = async (account: string, sessionName: string): Promise<TemporaryCredentials> => {
    const arn = roleArn(account);
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: sessionName, ExternalId: options.externalId, DurationSeconds: options.durationSeconds ?? 900 }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (error) {
      throw new MemberRoleError(account, arn, error);
    }
  };

  const credentialsOf = (entry: Entry, account: string, sessionName: string): Promise<TemporaryCredentials> => {
    const held = entry.credentials;
    if (held && (!held.expiration || held.expiration.getTime() - now() > RENEW_BEFORE_MS)) return Promise.resolve(held);
    // One AssumeRole at a time per account, however many clients ask at once.
    entry.pending ??= assume(account, sessionName)
      .then((fresh) => (entry.credentials = fresh))
      .finally(() => (entry.pending = undefined));
    return entry.pending;
  };

  return {
    roleArn,
    async clients(account, sessionName) {
      const key = `${account}/${sessionName}`;
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry = { clients: options.buildClients({ ...options.clientOptions, credentials: () => credentialsOf(created, account, sessionName) }) };
        entries.set(key, (entry = created));
      }
      // Assumed now, before anything is read: a missing role is told as such, not as a failed read later.
      await credentialsOf(entry, account, sessionName);
      return entry.clients;
    },
  };
}
