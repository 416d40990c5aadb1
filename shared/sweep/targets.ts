/**
 * Which account x region pairs one sweep run covers. Single-account mode: the stack's account, in the stack's region
 * (or SWEEP_REGIONS). Organization mode: the stack's own account and every account of the ORG_ACCOUNTS allow-list,
 * less ORG_EXCLUDED_ACCOUNTS, in each region of SWEEP_REGIONS. Pure.
 */
import type { Config } from '../config';
import { accountRefusal } from '../config-org';
import type { SweepTarget } from './security-groups';

/** The targets, and what people should know about the ones left out. */
export interface SweepTargets {
  targets: SweepTarget[];
  notes: string[];
}

/** The account x region pairs of one run, the stack's own account first. */
export function targetsOf(config: Config): SweepTargets {
  const { org, stack } = config;
  const regions = config.sweep.regions.length > 0 ? config.sweep.regions : [stack.region];
  const notes: string[] = [];
  const accounts = [stack.account];
  if (org.enabled && org.allowedAccounts === 'all') {
    // The sweep acts only where it is told to: it does not list the organization's accounts (organizations:ListAccounts).
    notes.push('ORG_ACCOUNTS is "all": the sweep cannot tell which accounts have the member role, so it sweeps only the stack\'s account. List the member accounts in ORG_ACCOUNTS to sweep them.');
  } else if (org.enabled && org.allowedAccounts !== 'all') {
    for (const account of org.allowedAccounts) {
      if (accounts.includes(account)) continue;
      if (accountRefusal(org, account)) notes.push(`account ${account} is in ORG_EXCLUDED_ACCOUNTS: not swept`);
      else accounts.push(account);
    }
  }
  return { targets: accounts.flatMap((account) => regions.map((region) => ({ account, region }))), notes };
}
