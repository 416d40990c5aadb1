/**
 * npm run sweep -- [--emulator [--seed <filler groups>] [--members <id,id>]] [--enforce] [--region <region>]
 *                  [--account <id>] [--all-targets [--regions <r,r>]] [--write-cap <n>] [--concurrency <n>] [--json]
 * Runs the security-group sweep (shared/sweep/security-groups.ts) once, in-process, against the emulator (--emulator
 * starts moto; --seed adds the drift shapes of the tests) or the AWS account your credentials reach, and prints the
 * summary (--json: the whole report). Report mode unless --enforce: nothing is revoked by default.
 * --all-targets: every configured account x region (ORG_ACCOUNTS / SWEEP_REGIONS, or --members / --regions), a few
 * at a time, within one write cap for the run, printed as the run's one summary (scripts/lib/sweep-all.ts).
 * Exit 0 done; 1 a group could not be fixed, or --enforce hit the write cap; 2 bad usage or configuration.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClients } from '../shared/aws/clients';
import { loadConfig, type Config } from '../shared/config';
import { sweepSecurityGroups } from '../shared/sweep/security-groups';
import { heldBackOf } from '../shared/history/gate';
import { openIngress } from '../shared/remediations/open-ingress';
import { runCli, startCli } from './lib/cli';
import { requireCredentials } from './lib/credentials';
import { seedDrift } from './lib/emulator-drift';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';
import { EMULATOR_ACCOUNT, EMULATOR_CREDENTIALS, startMoto, type MotoServer } from './lib/moto';
import { EMULATOR_EXTERNAL_ID, emulatorMembers, seedTargets, summaryText, sweepAllTargets } from './lib/sweep-all';
import { sweepText } from './lib/sweep-text';

const out = startCli({ logLevel: 'WARN' });
const USAGE = 'usage: npm run sweep -- [--emulator [--seed <n>] [--members <id,id>]] [--enforce] [--region <r>] [--account <id>] [--all-targets [--regions <r,r>]] [--write-cap <n>] [--concurrency <n>] [--json]';

interface Options {
  emulator: boolean;
  seed?: number;
  enforce: boolean;
  json: boolean;
  region?: string;
  account?: string;
  writeCap?: string;
  concurrency?: string;
  allTargets: boolean;
  regions?: string;
  members?: string[];
}

async function main(argv: string[]): Promise<ExitCode> {
  const options = parseArgs(argv);
  let moto: MotoServer | undefined;
  try {
    if (options.emulator) {
      moto = await startMoto();
      Object.assign(process.env, { AWS_ENDPOINT_URL: moto.url, ...EMULATOR_CREDENTIALS });
    }
    const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
    const account = options.account ?? (options.emulator ? EMULATOR_ACCOUNT : await callerAccount(region));
    // The sweep publishes nothing here: a topic ARN is only needed to validate the rest of the configuration.
    const config = loadConfig({
      ...process.env,
      AWS_REGION: region,
      ALERT_TOPIC_ARN: process.env.ALERT_TOPIC_ARN ?? `arn:aws:sns:${region}:${account}:unused`,
      REMEDIATION_MODE: options.enforce ? 'enforce' : 'report',
      ...(options.writeCap !== undefined ? { SWEEP_WRITE_CAP: options.writeCap } : {}),
      ...(options.concurrency !== undefined ? { SWEEP_CONCURRENCY: options.concurrency } : {}),
      ...(options.regions !== undefined ? { SWEEP_REGIONS: options.regions } : {}),
      ...(options.members ? { ORG_MODE: 'on', ORG_ACCOUNTS: options.members.join(','), ORG_EXTERNAL_ID: EMULATOR_EXTERNAL_ID, ACCOUNT_ID: account } : {}),
    });
    if (options.allTargets) return await allTargets(config, options);
    if (options.emulator && options.seed !== undefined) await seedDrift(new EC2Client({ region }), { filler: options.seed, exemptTagKey: config.exemptTagKey });
    // Grace periods and exemptions (HISTORY_TABLE_NAME) hold back their groups here too, as in the deployed sweep.
    const deps = { config, clients: createClients() };
    const heldBack = await heldBackOf(openIngress, deps);
    const report = await sweepSecurityGroups({ account, region }, { ...deps, ...(heldBack ? { heldBack } : {}) }, { ...config.sweep });
    out(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${sweepText(report).join('\n')}\n`);
    if (report.counts.failed > 0 || (options.enforce && report.capped)) return EXIT.failed;
    return EXIT.done;
  } finally {
    await moto?.stop();
  }
}

async function allTargets(config: Config, options: Options): Promise<ExitCode> {
  if (options.members) await emulatorMembers(config.stack.account, options.members, config.org.memberRoleName);
  const seeded = options.seed !== undefined ? await seedTargets(config, options.seed) : 0;
  const { sweeps, summary, ms } = await sweepAllTargets(config);
  if (options.json) out(`${JSON.stringify({ summary, sweeps, ms }, null, 2)}\n`);
  else out(`${[...summaryText(summary, sweeps), '', `${seeded > 0 ? `${seeded} group(s) seeded; ` : ''}run took ${ms} ms`].join('\n')}\n`);
  return summary.outcome === 'failed' || (options.enforce && sweeps.some((s) => 'report' in s && s.report.capped)) ? EXIT.failed : EXIT.done;
}

async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  await requireCredentials(sts);
  return (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
}

function parseArgs(argv: string[]): Options {
  const options: Options = { emulator: false, enforce: false, json: false, allTargets: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value. ${USAGE}`);
      i += 1;
      return next;
    };
    if (arg === '--emulator') options.emulator = true;
    else if (arg === '--enforce') options.enforce = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--seed') options.seed = count(arg, value());
    else if (arg === '--region') options.region = value();
    else if (arg === '--account') options.account = value();
    else if (arg === '--write-cap') options.writeCap = value();
    else if (arg === '--concurrency') options.concurrency = value();
    else if (arg === '--all-targets') options.allTargets = true;
    else if (arg === '--regions') options.regions = value();
    else if (arg === '--members') options.members = value().split(',').map((a) => a.trim()).filter((a) => a !== '');
    else throw new UsageError(`unknown option ${arg}. ${USAGE}`);
  }
  if ((options.regions !== undefined || options.members) && !options.allTargets) throw new UsageError(`--regions and --members go with --all-targets. ${USAGE}`);
  if (options.members && !options.emulator) throw new UsageError(`--members makes member accounts in the emulator: add --emulator (with real credentials, set ORG_* in the environment). ${USAGE}`);
  if (options.seed !== undefined && !options.emulator) throw new UsageError(`--seed only seeds the emulator: add --emulator. ${USAGE}`);
  return options;
}

function count(name: string, text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new UsageError(`${name} must be a whole number, got "${text}". ${USAGE}`);
  return Number(text);
}

runCli('sweep', () => main(process.argv.slice(2)));
