/**
 * Where an event is acted on: in the stack's own account with its own clients, in a member account through the member
 * role (organization mode), or nowhere (skipped, with ACTION NEEDED saying why). Never a member's resource with the
 * central account's credentials: the same name or id there is another thing.
 */
import type { Config } from './config';
import type { Gate } from './config-switches';
import type { FunctionName } from './baseline/roles';
import { accountMode, accountRefusal, hasOuPolicy, ouRefusal } from './config-org';
import { MemberRoleError } from './aws/member-clients';
import { OrgLookupError } from './aws/org-units';
import { memberRoleArn } from './baseline/roles';
import { baselineFor } from './baseline/per-account';
import { foreignAccount, type Trigger } from './events/trigger';
import { errorMessage } from './errors';
import { logger } from './logger';
import { unrun } from './remediations/summary';
import type { RemediationResult } from './remediations/result';
import type { Deps, Remediation } from './remediations/types';

/** The deps to run the remediation with, or the result that says why it does not run. */
export type Placement = { deps: Deps } | { refused: RemediationResult };

/** Where the stack's own functions' sessions are named from: `<service>-<stage>-<function>` (64 characters at most). */
export function sessionName(deps: Deps, remediation: Pick<Remediation, 'id'>): string {
  return `${deps.config.stack.rolePrefix}${remediation.id}`.slice(0, 64);
}

/**
 * The deps that act in `account` (and `region`): the stack's own, or (organization mode) the member role's clients; the
 * account's mode, and the baselines resolved for that account and region (`${AccountId}`, `${Region}`). Throws
 * MemberRoleError when the role cannot be assumed. A sweep over accounts x regions takes its deps here, after
 * `accountRefusal` (shared/config-org.ts) for the policy.
 */
export async function accountDeps(account: string, remediation: Pick<Remediation, 'id'>, deps: Deps, region = deps.config.region): Promise<Deps> {
  const { config } = deps;
  // ORG_REPORT_ACCOUNTS / ORG_ENFORCE_ACCOUNTS may name the stack's own account too: its mode, like any account's.
  const mode = config.org.enabled ? accountMode(config.org, account, config.mode) : config.mode;
  const placed = baselineFor(mode === config.mode ? config : { ...config, mode }, account, region);
  if (account === config.stack.account) return placed === config ? deps : { ...deps, config: placed };
  if (!config.org.enabled || !deps.members) throw new Error(`account ${account} is not this stack's (${config.stack.account}) and organization mode is off`);
  const clients = await deps.members.clients(account, sessionName(deps, remediation));
  return { ...deps, config: placed, clients };
}

/** Decides where `trigger` is acted on; assumes the member role when it is a member's event. */
export async function place(remediation: Remediation, trigger: Trigger, deps: Deps): Promise<Placement> {
  const { config } = deps;
  const own = config.stack.account;
  const foreign = foreignAccount(trigger, own);
  if (!foreign) return { deps: baselinePlaced(deps, own, trigger.region) };
  const target = trigger.account;
  // The envelope's account vouches for the event: a member's own event, or a finding of a member received here as
  // GuardDuty's delegated administrator. Any other mix of accounts is not acted on.
  const mixed = target === own || trigger.accounts.some((a) => a !== target && a !== own);
  if (!config.org.enabled || !deps.members || mixed) return { refused: notHere(remediation, trigger, foreign, own, config.org.enabled && mixed) };
  const policy = accountRefusal(config.org, target);
  if (policy) return { refused: skipped(remediation, trigger, target, `${trigger.eventName} in account ${target}: not acted on (policy)`, `Organization policy: ${policy}. Nothing was checked or changed there.`, `${trigger.eventName} concerns account ${target} (${trigger.region}), which the organization policy excludes (${policy}). Check it there yourself, or change ORG_ACCOUNTS / ORG_EXCLUDED_ACCOUNTS.`) };
  if (remediation.memberAccounts === false) {
    return { refused: skipped(remediation, trigger, target, `${trigger.eventName} in account ${target}: not acted on`, `${remediation.id} acts only in the stack's account ${own}.`, `${trigger.eventName} concerns account ${target} (${trigger.region}); ${remediation.id} protects the stack's own resources in account ${own} only. Check it in account ${target} yourself.`) };
  }
  // ORG_OUS / ORG_EXCLUDED_OUS: where the account is, asked of Organizations before any AssumeRole (fail closed).
  const ous = hasOuPolicy(config.org) ? await ouGate(remediation, trigger, target, deps) : undefined;
  if (ous) return { refused: ous };
  try {
    return { deps: await accountDeps(target, remediation, deps, trigger.region) };
  } catch (error) {
    if (!(error instanceof MemberRoleError) || !error.denied) throw error;
    logger.warn('Member role not assumable', { account: target, role: error.roleArn, code: error.code });
    return {
      refused: skipped(
        remediation,
        trigger,
        target,
        `${trigger.eventName} in account ${target}: no access`,
        `The member role ${error.roleArn} could not be assumed (${error.code}): nothing was checked or changed in account ${target}, and nothing in account ${own}.`,
        `${trigger.eventName} concerns account ${target} (${trigger.region}), but chain-guard cannot assume ${error.roleArn} (${error.code}). Deploy the member StackSet (scripts/org/member-template.json, README "Organization", step 3) to the OU of account ${target}, or check that role's trust policy and external id; then check ${trigger.eventName} there.`,
      ),
    };
  }
}

/** `deps` with the baselines of `account` in `region` (the same deps when no setting carries a token). */
function baselinePlaced(deps: Deps, account: string, region: string): Deps {
  const config = baselineFor(deps.config, account, region);
  return config === deps.config ? deps : { ...deps, config };
}

/**
 * The member role's exact ARN in the event's account (organization mode): its sessions there are the backend's own.
 * Only the central functions' roles may assume it (its trust policy, with the external id), so any session of it is
 * ours; the session name (`<service>-<stage>-<function>`) tells people in CloudTrail which function acted.
 */
export function memberRoleArns(trigger: Trigger, config: Config): string[] {
  const account = trigger.account;
  return config.org.enabled && account !== config.stack.account ? [memberRoleArn(config.stack.partition, account, config.org.memberRoleName)] : [];
}

/**
 * The result that stops an event about `account` under the OU policy, or undefined when it may go on. An ancestry
 * Organizations refuses to tell (AccessDenied, not in the organization) is a skip with ACTION NEEDED; any other failure
 * (throttling, after the SDK's retries) a failure, so that the event is retried. Nothing is acted on in either case.
 */
async function ouGate(remediation: Remediation, trigger: Trigger, account: string, deps: Deps): Promise<RemediationResult | undefined> {
  if (!deps.orgUnits) throw new Error('ORG_OUS / ORG_EXCLUDED_OUS are set but no Organizations lookup was given (Deps.orgUnits)');
  let ancestry: string[];
  try {
    ancestry = await deps.orgUnits.ancestors(account);
  } catch (error) {
    if (!(error instanceof OrgLookupError)) throw error;
    logger.warn('Account ancestry not known', { account, api: error.api, code: error.code });
    const why = `chain-guard could not tell which OU account ${account} is in: organizations:${error.api} ${error.id} failed (${error.code}: ${errorMessage(error.cause)})`;
    if (!error.denied) {
      const unrunResult = unrun(remediation, trigger, `${trigger.eventName} in account ${account}: OU not known, not acted on`, `${why}. With ORG_OUS / ORG_EXCLUDED_OUS set, an account whose OU is unknown is not acted on; the event is retried.`);
      return { ...unrunResult, resource: { type: 'AWS::Account', id: account, account, region: trigger.region }, outcome: 'failed', verified: false, error: error.message };
    }
    return skipped(remediation, trigger, account, `${trigger.eventName} in account ${account}: OU not known, not acted on`, `${why}. With ORG_OUS / ORG_EXCLUDED_OUS set, an account whose OU is unknown is not acted on: nothing was checked or changed there.`, `${trigger.eventName} concerns account ${account} (${trigger.region}), but ${why}. Run the central stack in the management account or in a delegated administrator account for AWS Organizations (README "Organization", step 4), and check that the account is in the organization; then check ${trigger.eventName} there.`);
  }
  const policy = ouRefusal(deps.config.org, account, ancestry);
  if (!policy) return undefined;
  return skipped(remediation, trigger, account, `${trigger.eventName} in account ${account}: not acted on (policy)`, `Organization policy: ${policy}. Nothing was checked or changed there.`, `${trigger.eventName} concerns account ${account} (${trigger.region}), which the organization policy excludes (${policy}). Check it there yourself, or change ORG_OUS / ORG_EXCLUDED_OUS.`);
}

function notHere(remediation: Remediation, trigger: Trigger, foreign: string, own: string, mixed: boolean): RemediationResult {
  if (mixed) {
    const names = trigger.accounts.join(', ');
    return skipped(remediation, trigger, foreign, `${trigger.eventName} in account ${foreign}: not acted on`, `The event names accounts ${names}: only a member's own event, or a finding received here as delegated administrator, is acted on.`, `${trigger.eventName} names accounts ${names} (${trigger.region}). Nothing was checked or changed. Check it in account ${trigger.account} yourself.`);
  }
  const why = `The event concerns account ${foreign}, not this stack's account ${own}: nothing was changed.`;
  const action = `${trigger.eventName} concerns account ${foreign} (${trigger.region}), where chain-guard holds no role. Nothing was checked or changed there. Check and repair it in account ${foreign} yourself, or deploy chain-guard in that account.`;
  return skipped(remediation, trigger, foreign, `${trigger.eventName} in account ${foreign}: not acted on`, why, action);
}

function skipped(remediation: Remediation, trigger: Trigger, account: string, headline: string, reason: string, actionNeeded: string): RemediationResult {
  logger.warn('Event about another account: not acted on', { account, reason });
  return {
    ...unrun(remediation, trigger, headline, reason),
    resource: { type: 'AWS::Account', id: account, account, region: trigger.region },
    outcome: 'skipped',
    verified: false,
    actionNeeded,
  };
}

/**
 * The gate of an event in organization mode, in a member account or the stack's own: an account in
 * ORG_REPORT_ACCOUNTS only reports, whatever else says; a function's own switch (REMEDIATION_SWITCHES) comes next;
 * then ORG_ENFORCE_ACCOUNTS; then REMEDIATION_MODE.
 */
export function withAccountMode(gate: Gate, config: Config, fn: string, account: string): Gate {
  const { org } = config;
  if (gate.state === 'disabled' || !org.enabled) return gate;
  if (org.reportAccounts.includes(account)) return { state: 'report', source: `ORG_REPORT_ACCOUNTS (${account})` };
  if (config.switches.functions[fn as FunctionName] !== undefined) return gate;
  if (org.enforceAccounts.includes(account)) return { state: 'enforce', source: `ORG_ENFORCE_ACCOUNTS (${account})` };
  return gate;
}
