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

function accounts(name: string, value: string | undefined): string[] {
  const list = commaList(name, value ?? '');
  const bad = list.find((a) => !ACCOUNT.test(a));
  if (bad !== undefined) throw new ConfigError(`Invalid configuration: ${name} must list 12-digit account ids: got "${bad}"`);
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
  return {
    enabled,
    memberRoleName: e.ORG_MEMBER_ROLE_NAME ?? defaultRoleName,
    externalId: e.ORG_EXTERNAL_ID ?? '',
    allowedAccounts: allowed,
    deniedAccounts: denied,
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

/** The mode to use in `account`: its own when listed, else the stack's. */
export function accountMode(org: OrgConfig, account: string, stackMode: Mode): Mode {
  if (org.reportAccounts.includes(account)) return 'report';
  if (org.enforceAccounts.includes(account)) return 'enforce';
  return stackMode;
}
