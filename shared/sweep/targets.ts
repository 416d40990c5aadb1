/**
 * Which account x region pairs one sweep run covers. Single-account mode: the stack's account, in the stack's region
 * (or SWEEP_REGIONS). Organization mode: the stack's own account and every account of the ORG_ACCOUNTS allow-list,
 * less ORG_EXCLUDED_ACCOUNTS, in each region of SWEEP_REGIONS (targetsOf, pure). With ORG_OUS or ORG_EXCLUDED_OUS
 * set, resolveTargets asks Organizations (central credentials): ORG_ACCOUNTS=all and ORG_OUS sweeps the active
 * accounts under those OUs at any depth; an allow-list of accounts keeps those whose OU the policy allows.
 */
import type { OrgUnits } from '../aws/org-units';
import { OrgLookupError } from '../aws/org-units';
import type { Config } from '../config';
import { accountRefusal, hasOuPolicy, ouRefusal } from '../config-org';
import type { SweepTarget } from './security-groups';

/** The targets, and what people should know about the ones left out. */
export interface SweepTargets {
  targets: SweepTarget[];
  notes: string[];
  /** What could not be resolved (Organizations refused or failed): not swept, and ACTION NEEDED in the summary. */
  unresolved?: string[];
}

const ALL_ACCOUNTS_NOTE = 'ORG_ACCOUNTS is "all": the sweep cannot tell which accounts have the member role, so it sweeps only the stack\'s account. List the member accounts in ORG_ACCOUNTS to sweep them, or set ORG_OUS (the sweep then lists the accounts of those OUs).';

/** The account x region pairs of one run, the stack's own account first. Without OU policy only (see resolveTargets). Pure. */
export function targetsOf(config: Config): SweepTargets {
  const { org, stack } = config;
  const notes: string[] = [];
  const accounts = [stack.account];
  if (org.enabled && org.allowedAccounts === 'all') {
    // The sweep acts only where it is told to: it does not list the organization's accounts (organizations:ListAccounts).
    notes.push(ALL_ACCOUNTS_NOTE);
  } else if (org.enabled && org.allowedAccounts !== 'all') {
    for (const account of org.allowedAccounts) {
      if (accounts.includes(account)) continue;
      if (accountRefusal(org, account)) notes.push(`account ${account} is in ORG_EXCLUDED_ACCOUNTS: not swept`);
      else accounts.push(account);
    }
  }
  return { targets: pairs(config, accounts), notes };
}

/**
 * The targets of one run, with the OU policy applied when ORG_OUS or ORG_EXCLUDED_OUS is set (else exactly targetsOf,
 * and no Organizations call). An OU or account Organizations cannot place is left out and listed in `unresolved`.
 */
export async function resolveTargets(config: Config, deps: { orgUnits?: OrgUnits }): Promise<SweepTargets> {
  const { org, stack } = config;
  if (!hasOuPolicy(org)) return targetsOf(config);
  const tree = deps.orgUnits;
  if (!tree) throw new Error('ORG_OUS / ORG_EXCLUDED_OUS are set but no Organizations lookup was given (Deps.orgUnits)');
  const accounts = [stack.account];
  const notes: string[] = [];
  const unresolved: string[] = [];
  const add = (account: string): void => {
    const refusal = accountRefusal(org, account);
    if (refusal) notes.push(`${refusal}: not swept`);
    else if (!accounts.includes(account)) accounts.push(account);
  };
  const lookup = async (what: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof OrgLookupError)) throw error;
      unresolved.push(`${what}: ${error.message}. Not swept: the central account must be the management account or a delegated administrator for AWS Organizations (README "Organization", step 4).`);
    }
  };
  if (org.allowedAccounts === 'all' && org.allowedOus.length > 0) {
    for (const ou of org.allowedOus) {
      await lookup(`the accounts of ${ou} (ORG_OUS) could not be listed`, async () => {
        const above = ou.startsWith('r-') ? [] : await tree.ancestors(ou);
        const denied = above.find((id) => org.deniedOus.includes(id));
        if (denied) return void notes.push(`${ou} is under ${denied}, which is in ORG_EXCLUDED_OUS: its accounts are not swept`);
        const under = await tree.accountsUnder(ou, org.deniedOus);
        under.active.forEach(add);
        for (const a of under.inactive) notes.push(`account ${a.id} (under ${ou}) is ${a.status}: not swept`);
      });
    }
  } else if (org.allowedAccounts === 'all') {
    notes.push(ALL_ACCOUNTS_NOTE);
  } else {
    for (const account of org.allowedAccounts.filter((a) => a !== stack.account)) {
      if (accountRefusal(org, account)) {
        add(account);
        continue;
      }
      await lookup(`account ${account} (ORG_ACCOUNTS): its OU could not be looked up`, async () => {
        const refusal = ouRefusal(org, account, await tree.ancestors(account));
        if (refusal) notes.push(`${refusal}: not swept`);
        else add(account);
      });
    }
  }
  return { targets: pairs(config, accounts), notes, unresolved };
}

function pairs(config: Config, accounts: readonly string[]): SweepTarget[] {
  const regions = config.sweep.regions.length > 0 ? config.sweep.regions : [config.stack.region];
  return accounts.flatMap((account) => regions.map((region) => ({ account, region })));
}
