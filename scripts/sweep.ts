/**
 * npm run sweep -- [--emulator [--seed <filler groups>]] [--enforce] [--region <region>] [--account <id>]
 *                  [--write-cap <n>] [--concurrency <n>] [--json]
 * Runs the security-group sweep (shared/sweep/security-groups.ts) once, in-process, against the emulator (--emulator
 * starts moto; --seed adds the drift shapes of the tests) or the AWS account your credentials reach, and prints the
 * summary (--json: the whole report). Report mode unless --enforce: nothing is revoked by default.
 * Exit 0 done; 1 a group could not be fixed, or --enforce hit the write cap; 2 bad usage or configuration.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClients } from '../shared/aws/clients';
import { loadConfig } from '../shared/config';
import { sweepSecurityGroups } from '../shared/sweep/security-groups';
import { runCli, startCli } from './lib/cli';
import { requireCredentials } from './lib/credentials';
import { seedDrift } from './lib/emulator-drift';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';
import { EMULATOR_ACCOUNT, EMULATOR_CREDENTIALS, startMoto, type MotoServer } from './lib/moto';
import { sweepText } from './lib/sweep-text';

const out = startCli({ logLevel: 'WARN' });
const USAGE = 'usage: npm run sweep -- [--emulator [--seed <n>]] [--enforce] [--region <r>] [--account <id>] [--write-cap <n>] [--concurrency <n>] [--json]';

interface Options {
  emulator: boolean;
  seed?: number;
  enforce: boolean;
  json: boolean;
  region?: string;
  account?: string;
  writeCap?: string;
  concurrency?: string;
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
    });
    if (options.emulator && options.seed !== undefined) await seedDrift(new EC2Client({ region }), { filler: options.seed, exemptTagKey: config.exemptTagKey });
    const report = await sweepSecurityGroups({ account, region }, { config, clients: createClients() }, { ...config.sweep });
    out(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${sweepText(report).join('\n')}\n`);
    if (report.counts.failed > 0 || (options.enforce && report.capped)) return EXIT.failed;
    return EXIT.done;
  } finally {
    await moto?.stop();
  }
}

async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  await requireCredentials(sts);
  return (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
}

function parseArgs(argv: string[]): Options {
  const options: Options = { emulator: false, enforce: false, json: false };
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
    else throw new UsageError(`unknown option ${arg}. ${USAGE}`);
  }
  if (options.seed !== undefined && !options.emulator) throw new UsageError(`--seed only seeds the emulator: add --emulator. ${USAGE}`);
  return options;
}

function count(name: string, text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new UsageError(`${name} must be a whole number, got "${text}". ${USAGE}`);
  return Number(text);
}

runCli('sweep', () => main(process.argv.slice(2)));
