/**
 * Where accounts are in the organization, asked of AWS Organizations with the central account's credentials (the
 * stack's account must be the management account or a delegated administrator for Organizations): an account's
 * ancestry (organizations:ListParents, repeatedly up to the root), cached per account or OU for ANCESTRY_TTL_MS within
 * a warm container; and the active accounts under an OU, at any depth (ListOrganizationalUnitsForParent and
 * ListAccountsForParent, paged), for the sweep. Used only when ORG_OUS or ORG_EXCLUDED_OUS is set.
 */
import { ListParentsCommand, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { ChainGuardError, errorCode, errorMessage } from '../errors';

/** The IAM actions of the OU policy: where an account is (every function acting in member accounts)... */
export const OU_LOOKUP_PERMISSIONS = ['organizations:ListParents'] as const;
/** ...and which accounts an OU holds (the functions with a per-target sweep over the configured accounts). */
export const OU_LISTING_PERMISSIONS = ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'] as const;

/**
 * The Organizations actions a function's role needs (its OrgUnits statement, granted with ORG_OUS or ORG_EXCLUDED_OUS
 * only), in the central account only: the member template never holds them.
 */
export function ouPolicyPermissions(remediation: { memberAccounts?: false; sweeper?: unknown }): readonly string[] {
  if (remediation.memberAccounts === false) return [];
  return remediation.sweeper ? [...OU_LOOKUP_PERMISSIONS, ...OU_LISTING_PERMISSIONS] : OU_LOOKUP_PERMISSIONS;
}

/** How long a looked-up ancestry is trusted: a move into an excluded OU takes effect within this time. */
export const ANCESTRY_TTL_MS = 10 * 60_000;

/** Organizations allows five levels of OUs under the root: a longer path is a broken answer, not a deeper tree. */
const MAX_DEPTH = 6;

/**
 * Errors that no retry mends: we are not allowed to ask, or the organization has no such account or OU (AWS answers
 * ChildNotFoundException; the emulator AccountNotFoundException).
 */
const DENIED = /AccessDenied|AWSOrganizationsNotInUse|ChildNotFound|ParentNotFound|AccountNotFound|OrganizationalUnitNotFound/;

/** Organizations could not say where an account or OU is. `denied`: AWS refused, or knows no such child (not retried). */
export class OrgLookupError extends ChainGuardError {
  public readonly denied: boolean;
  public readonly code: string;

  public constructor(
    public readonly api: string,
    public readonly id: string,
    cause: unknown,
  ) {
    super(`organizations:${api} ${id} failed: ${errorCode(cause)}: ${errorMessage(cause)}`, { cause, context: { resource: id } });
    this.name = 'OrgLookupError';
    this.code = errorCode(cause);
    this.denied = DENIED.test(this.code);
  }
}

/** The accounts under an OU: the active ones, and the others (SUSPENDED, PENDING_CLOSURE, CLOSED...) with their state. */
export interface AccountsUnder {
  active: string[];
  inactive: { id: string; status: string }[];
}

export interface OrgUnits {
  /** The ids above `child` (an account or OU): its OUs, nearest first, then the root's. Throws OrgLookupError. */
  ancestors(child: string): Promise<string[]>;
  /** The accounts under `parent` (an OU or the root) at any depth, except under the OUs of `skip`. Throws OrgLookupError. */
  accountsUnder(parent: string, skip: readonly string[]): Promise<AccountsUnder>;
}

export interface OrgUnitsOptions {
  /**
   * The central account's Organizations client (shared/aws/clients.ts), asked for on the first lookup only: a function
   * that never looks up (protect-notifications, which bundles no Organizations client) builds its deps all the same.
   */
  organizations: () => OrganizationsClient;
  ttlMs?: number;
  now?: () => number;
}

/** An OrgUnits caching each ancestry (successes only: a failure is asked again next time). */
export function createOrgUnits(options: OrgUnitsOptions): OrgUnits {
  let client: OrganizationsClient | undefined;
  const organizations = (): OrganizationsClient => (client ??= options.organizations());
  const ttl = options.ttlMs ?? ANCESTRY_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { path: Promise<string[]>; at: number }>();

  const parentOf = async (child: string): Promise<{ id: string; root: boolean }> => {
    let parents;
    try {
      parents = (await organizations().send(new ListParentsCommand({ ChildId: child }))).Parents ?? [];
    } catch (error) {
      throw new OrgLookupError('ListParents', child, error);
    }
    const parent = parents[0];
    if (!parent?.Id) throw new OrgLookupError('ListParents', child, new Error(`no parent returned for ${child}`));
    return { id: parent.Id, root: parent.Type === 'ROOT' };
  };

  // `below`: the children already on this walk (a child met twice, or too deep a path, is a broken answer, not waited on).
  const ancestors = (child: string, below: readonly string[] = []): Promise<string[]> => {
    if (below.includes(child) || below.length > MAX_DEPTH) return Promise.reject(new OrgLookupError('ListParents', below[0] ?? child, new Error(`no root within ${MAX_DEPTH} levels above it`)));
    const held = cache.get(child);
    if (held && now() - held.at < ttl) return held.path;
    const path = parentOf(child).then(async (parent) => (parent.root ? [parent.id] : [parent.id, ...(await ancestors(parent.id, [...below, child]))]));
    cache.set(child, { path, at: now() });
    path.catch(() => cache.delete(child));
    return path;
  };

  const accountsUnder = async (parent: string, skip: readonly string[]): Promise<AccountsUnder> => {
    const found: AccountsUnder = { active: [], inactive: [] };
    const pending = [parent];
    for (let depth = 0; pending.length > 0 && depth <= MAX_DEPTH; depth += 1) {
      const level = pending.splice(0);
      for (const ou of level) {
        await collect('ListAccountsForParent', ou, async () => {
          for await (const page of paginateListAccountsForParent({ client: organizations() }, { ParentId: ou })) {
            for (const a of page.Accounts ?? []) {
              if (!a.Id) continue;
              // State replaces Status (retired by AWS on 2026-09-09); either, as an older endpoint or the emulator sends.
              const state = a.State ?? a.Status ?? 'unknown';
              if (state === 'ACTIVE') found.active.push(a.Id);
              else found.inactive.push({ id: a.Id, status: state });
            }
          }
        });
        await collect('ListOrganizationalUnitsForParent', ou, async () => {
          for await (const page of paginateListOrganizationalUnitsForParent({ client: organizations() }, { ParentId: ou })) {
            pending.push(...(page.OrganizationalUnits ?? []).flatMap((c) => (c.Id && !skip.includes(c.Id) ? [c.Id] : [])));
          }
        });
      }
    }
    return found;
  };

  return { ancestors: (child) => ancestors(child), accountsUnder };
}

async function collect(api: string, parent: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw new OrgLookupError(api, parent, error);
  }
}
