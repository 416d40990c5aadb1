/**
 * Organization mode, read from the environment: off unless ORG_MODE=on. When on, an event about a member account is
 * acted on in that account through the member role (shared/aws/member-clients.ts), subject to the per-account policy.
 */
import { z } from 'zod';
import { ConfigError } from './errors';
import { commaList, errorText } from './config-parse';
import type { Mode } from './config';

/** The per-account policy and the member role. `enabled: false` is single-account mode, exactly as before. */
export interface OrgConfig {
  enabled: boolean;
  /** Name of the role the member StackSet creates in every member account (`arn:<partition>:iam::<account>:role/<name>`). */
  memberRoleName: string;
  /** The external id the member role's trust policy asks for. */
  externalId: string;
  /** Accounts acted in: `all` (every account that has the role), or an allow-list. */
  allowedAccounts: 'all' | readonly string[];
  /** Accounts never acted in, even when allowed (a deny-list wins). */
  deniedAccounts: readonly string[];
  /**
   * OUs (or the root) whose accounts are acted in, at any depth: empty for no OU filter. Both allow-lists apply: an
   * account must pass ORG_ACCOUNTS and, when set, be under one of these (organizations:ListParents, shared/aws/org-units.ts).
   */
  allowedOus: readonly string[];
  /** OUs whose accounts (at any depth) are never acted in, even when allowed (a deny-list wins). */
  deniedOus: readonly string[];
  /** Accounts in `report` mode (only told what would be done) and in `enforce` mode, whatever REMEDIATION_MODE says (the stack's own account included). */
  reportAccounts: readonly string[];
  enforceAccounts: readonly string[];
}

/** What this module reads (every other setting is read by shared/config.ts). */
export interface OrgEnv {
  ORG_MODE?: string | undefined;
  ORG_EVENT_BUS?: string | undefined;
  ORG_MEMBER_ROLE_NAME?: string | undefined;
  ORG_EXTERNAL_ID?: string | undefined;
  ORG_ACCOUNTS?: string | undefined;
  ORG_EXCLUDED_ACCOUNTS?: string | undefined;
  ORG_OUS?: string | undefined;
  ORG_EXCLUDED_OUS?: string | undefined;
  ORG_REPORT_ACCOUNTS?: string | undefined;
  ORG_ENFORCE_ACCOUNTS?: string | undefined;
}

const OrgSchema = z.object({
  ORG_MODE: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional(),
  ORG_EVENT_BUS: z.string().regex(/^[A-Za-z0-9._-]{1,256}$/, 'must be an EventBridge bus name').optional(),
  ORG_MEMBER_ROLE_NAME: z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, 'must be an IAM role name (no path)').optional(),
  // STS: 2-1224 characters of [\w+=,.@:/-]. A short id is guessable: at least 16 characters.
  ORG_EXTERNAL_ID: z.string().regex(/^[\w+=,.@:/-]{16,1224}$/, 'must be 16 to 1224 characters of letters, digits and +=,.@:/-_').optional(),
});

const ACCOUNT = /^\d{12}$/;
/** An OU id (`ou-` root part `-` suffix) or a root id (`r-`), as the Organizations API reference gives their patterns. */
const OU_OR_ROOT = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

function accounts(name: string, value: string | undefined): string[] {
  const list = commaList(name, value ?? '');
  const bad = list.find((a) => !ACCOUNT.test(a));
  if (bad !== undefined) throw new ConfigError(`Invalid configuration: ${name} must list 12-digit account ids: got "${bad}"`);
  return list;
}

function ous(name: string, value: string | undefined): string[] {
  const list = commaList(name, value ?? '');
  const bad = list.find((id) => !OU_OR_ROOT.test(id));
  if (bad !== undefined) throw new ConfigError(`Invalid configuration: ${name} must list OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx): got "${bad}"`);
  return list;
}

/**
 * The organization settings, or a ConfigError naming the bad one. `defaultRoleName` is `<SELF_ROLE_PREFIX>member`;
 * `ownAccount` is the stack's account, which ORG_EXCLUDED_ACCOUNTS may not name (it would be silently acted in).
 */
export function orgConfig(env: OrgEnv, defaultRoleName: string, ownAccount?: string): OrgConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '' && v !== undefined));
  const parsed = OrgSchema.safeParse(clean);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${errorText(parsed.error)}`);
  const e = parsed.data;
  // The deployed stack sets ORG_EVENT_BUS (param orgEventBus): a bus other than `default` is organization mode.
  const enabled = e.ORG_MODE ? e.ORG_MODE === 'on' : e.ORG_EVENT_BUS !== undefined && e.ORG_EVENT_BUS !== 'default';
  if (enabled && !e.ORG_EXTERNAL_ID) throw new ConfigError('Invalid configuration: ORG_EXTERNAL_ID is required in organization mode (ORG_MODE=on, or ORG_EVENT_BUS set; param orgExternalId): the member role trusts the central roles only with it');
  const allowed = env.ORG_ACCOUNTS === undefined || env.ORG_ACCOUNTS === '' || env.ORG_ACCOUNTS === 'all' ? 'all' : accounts('ORG_ACCOUNTS', env.ORG_ACCOUNTS);
  const report = accounts('ORG_REPORT_ACCOUNTS', env.ORG_REPORT_ACCOUNTS);
  const enforce = accounts('ORG_ENFORCE_ACCOUNTS', env.ORG_ENFORCE_ACCOUNTS);
  const both = report.find((a) => enforce.includes(a));
  if (both) throw new ConfigError(`Invalid configuration: account ${both} is in both ORG_REPORT_ACCOUNTS and ORG_ENFORCE_ACCOUNTS`);
  const denied = accounts('ORG_EXCLUDED_ACCOUNTS', env.ORG_EXCLUDED_ACCOUNTS);
  if (ownAccount !== undefined && denied.includes(ownAccount)) {
    throw new ConfigError(`Invalid configuration: ORG_EXCLUDED_ACCOUNTS names the stack's own account ${ownAccount}: the deny-list is for member accounts (the stack always protects its own account and alerts topic). Switch functions off with REMEDIATION_SWITCHES (param switches) instead`);
  }
  const allowedOus = ous('ORG_OUS', env.ORG_OUS);
  const deniedOus = ous('ORG_EXCLUDED_OUS', env.ORG_EXCLUDED_OUS);
  if (!enabled && allowedOus.length + deniedOus.length > 0) throw new ConfigError('Invalid configuration: ORG_OUS and ORG_EXCLUDED_OUS filter member accounts, in organization mode only (ORG_MODE=on, or ORG_EVENT_BUS set; param orgEventBus): unset them, or turn organization mode on');
  const twice = allowedOus.find((id) => deniedOus.includes(id));
  if (twice) throw new ConfigError(`Invalid configuration: ${twice} is in both ORG_OUS and ORG_EXCLUDED_OUS`);
  return {
    enabled,
    memberRoleName: e.ORG_MEMBER_ROLE_NAME ?? defaultRoleName,
    externalId: e.ORG_EXTERNAL_ID ?? '',
    allowedAccounts: allowed,
    deniedAccounts: denied,
    allowedOus,
    deniedOus,
    reportAccounts: report,
    enforceAccounts: enforce,
  };
}

/** Why the policy refuses to act in `account`, or undefined when it may. */
export function accountRefusal(org: OrgConfig, account: string): string | undefined {
  if (org.deniedAccounts.includes(account)) return `account ${account} is in ORG_EXCLUDED_ACCOUNTS`;
  if (org.allowedAccounts !== 'all' && !org.allowedAccounts.includes(account)) return `account ${account} is not in ORG_ACCOUNTS`;
  return undefined;
}

/** Whether ORG_OUS or ORG_EXCLUDED_OUS is set: only then is Organizations asked where an account is. */
export function hasOuPolicy(org: OrgConfig): boolean {
  return org.enabled && org.allowedOus.length + org.deniedOus.length > 0;
}

/**
 * Why the OU policy refuses `account`, whose ancestry is `ancestry` (its OUs, nearest first, then the root's id), or
 * undefined when it may be acted in. An OU of ORG_EXCLUDED_OUS anywhere above it wins over ORG_OUS. Pure.
 */
export function ouRefusal(org: OrgConfig, account: string, ancestry: readonly string[]): string | undefined {
  const denied = ancestry.find((id) => org.deniedOus.includes(id));
  if (denied) return `account ${account} is under ${denied}, which is in ORG_EXCLUDED_OUS`;
  if (org.allowedOus.length > 0 && !ancestry.some((id) => org.allowedOus.includes(id))) return `account ${account} is under none of the OUs of ORG_OUS (its path: ${ancestry.join(' < ')})`;
  return undefined;
}

/** The mode to use in `account`: its own when listed, else the stack's. */
export function accountMode(org: OrgConfig, account: string, stackMode: Mode): Mode {
  if (org.reportAccounts.includes(account)) return 'report';
  if (org.enforceAccounts.includes(account)) return 'enforce';
  return stackMode;
}
