/**
 * `npm run sweep -- --all-targets`: the sweep over every configured account x region (shared/sweep/targets.ts),
 * in-process, a few targets at a time, within one run-wide write cap, printed as the one summary the deployed run sends.
 * On the emulator, `--members` makes member accounts (moto's account switch) with the member role, trusted by the
 * central account with an external id, and turns organization mode on for them.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { createMemberAccess } from '../../shared/aws/member-clients';
import type { Config } from '../../shared/config';
import { createClients, type Clients } from '../../shared/aws/clients';
import { fanOutSummary } from '../../shared/remediations/open-ingress-sweep-all';
import type { RemediationResult } from '../../shared/remediations/result';
import { sweepAll, type TargetSweep } from '../../shared/sweep/fan-out';
import { createOrgUnits, type OrgUnits } from '../../shared/aws/org-units';
import { hasOuPolicy } from '../../shared/config-org';
import { resolveTargets } from '../../shared/sweep/targets';
import { seedDrift } from './emulator-drift';
import { createTrustedRole, inAccount } from './emulator-org';
import { sweepText } from './sweep-text';

/** The external id of the emulator's member roles (`--emulator --members`); never a real account's. */
export const EMULATOR_EXTERNAL_ID = 'chain-guard-emulator-sweep-0001';

/** Creates the member role in each emulator member account, trusted by the central account with the external id. */
export async function emulatorMembers(central: string, members: readonly string[], roleName: string): Promise<void> {
  for (const account of members) await createTrustedRole(account, roleName, `arn:aws:iam::${central}:root`, EMULATOR_EXTERNAL_ID);
}

/** The Organizations lookup of the OU policy (ORG_OUS / ORG_EXCLUDED_OUS), with the caller's credentials; none without it. */
function orgUnitsOf(config: Config, clients: Clients): { orgUnits?: OrgUnits } {
  return hasOuPolicy(config.org) ? { orgUnits: createOrgUnits({ organizations: () => clients.organizations(config.stack.region) }) } : {};
}

/** Seeds the drift shapes (and `filler` compliant groups) in every target of `config` on the emulator. */
export async function seedTargets(config: Config, filler: number): Promise<number> {
  let groups = 0;
  for (const t of (await resolveTargets(config, orgUnitsOf(config, createClients()))).targets) {
    const ec2 = new EC2Client({ region: t.region });
    groups += (await seedDrift(t.account === config.stack.account ? ec2 : inAccount(ec2, t.account), { filler, exemptTagKey: config.exemptTagKey })).length;
  }
  return groups;
}

/** Sweeps every target; returns each target's sweep and the run's one summary. */
export async function sweepAllTargets(config: Config): Promise<{ sweeps: TargetSweep[]; summary: RemediationResult; ms: number }> {
  const { org, stack } = config;
  const members = org.enabled ? createMemberAccess({ partition: stack.partition, region: stack.region, roleName: org.memberRoleName, externalId: org.externalId, buildClients: createClients }) : undefined;
  const clients = createClients();
  const orgUnits = orgUnitsOf(config, clients);
  const { targets, notes, unresolved } = await resolveTargets(config, orgUnits);
  const started = Date.now();
  const sweeps = await sweepAll(targets, { config, clients, ...(members ? { members } : {}), ...orgUnits });
  const ms = Date.now() - started;
  const trigger = { kind: 'schedule', eventId: 'local-sweep', eventName: 'Scheduled Event', time: new Date(started).toISOString(), detail: 'npm run sweep -- --all-targets' } as const;
  const base = { remediation: 'revoke-open-ingress', resource: { type: 'AWS::EC2::SecurityGroup', id: `all security groups in ${targets.length} account/region(s)`, account: stack.account, region: stack.region }, trigger };
  return { sweeps, summary: fanOutSummary(base, sweeps, notes, unresolved), ms };
}

/** The lines printed: headline, the counts per target, what needs people, then each target's findings. Pure. */
export function summaryText(summary: RemediationResult, sweeps: readonly TargetSweep[]): string[] {
  const lines = [`${summary.headline} [${summary.outcome}]`, ...summary.reason.split('\n')];
  if (summary.actionNeeded) lines.push('', 'ACTION NEEDED:', ...summary.actionNeeded.split('\n'));
  if (summary.outcome === 'failed') lines.push('', `FAILED: ${summary.error}`);
  for (const sweep of sweeps) if ('report' in sweep && sweep.report.groups.length > 0) lines.push('', ...sweepText(sweep.report));
  lines.push('', 'Time per target (this process):', ...sweeps.map((s) => `  ${s.target.account} ${s.target.region}: ${'ms' in s && s.ms !== undefined ? `${s.ms} ms` : 'not swept'}`));
  return lines;
}
