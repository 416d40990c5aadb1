/**
 * Figure 2: cold start. The zip of each function as `serverless package` builds it (serverless.yml's esbuild
 * settings), and the module init of each handler in a fresh Node process (median of N), for four builds:
 * - SDK bundled (minified, ES module builds so unused commands are dropped) or external (loaded from node_modules,
 *   as the nodejs22.x runtime loads its own copy);
 * - clients: the function's own (its handler passes only the client classes its paths use, as shipped) or all nine
 *   (as when shared/aws/clients.ts's createClients was in every bundle: nine since the Security Hub follow-up).
 * Shipped today: bundled + own. Before issue 14: external + all.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTION_NAMES } from '../../../shared/baseline/roles';
import { PROJECT_ROOT } from '../serverless-config';
import { quantile, r1, spread, type Spread } from './stats';

export type Build = 'bundled, own clients' | 'bundled, all clients' | 'external, own clients' | 'external, all clients';
export const BUILDS: readonly Build[] = ['bundled, own clients', 'bundled, all clients', 'external, own clients', 'external, all clients'];

/** One function's figures. */
export interface ColdStartFigure {
  function: string;
  /** The zip `serverless package` wrote, with serverless.yml's settings. */
  packagedZipKiB: number;
  /** Per build: handler.js deflated (level 9, what a zip holds) and module init ms over N fresh processes. */
  builds: Record<Build, { deflatedKiB: number; initMs: Spread }>;
}

const ALL_CLIENTS = ['ec2:EC2Client', 'sns:SNSClient', 'cloudtrail:CloudTrailClient', 'cloudwatch:CloudWatchClient', 'cloudwatch-logs:CloudWatchLogsClient', 'dynamodb:DynamoDBClient', 'config-service:ConfigServiceClient', 'guardduty:GuardDutyClient', 'securityhub:SecurityHubClient'].map((pair) => pair.split(':') as [string, string]);

const SERVERLESS = join(PROJECT_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const PARAMS = ['topicAdminArns=arn:aws:iam::111122223333:role/deployer', 'allowPartialBaseline=true'];

function run(file: string, args: string[], env: NodeJS.ProcessEnv, cwd = PROJECT_ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout)));
  });
}

/** `serverless package` without AWS credentials (packaging needs none); returns the folder with the zips. */
async function packageZips(work: string): Promise<string> {
  const out = join(work, 'package');
  const env = { HOME: work, PATH: process.env.PATH, SLS_TELEMETRY_DISABLED: '1', CI: 'true' };
  await run(process.execPath, [SERVERLESS, 'package', '--stage', 'bench', '--region', 'us-east-1', '--package', out, ...PARAMS.map((p) => `--param=${p}`)], env);
  return out;
}

/** Builds one handler with serverless.yml's esbuild settings, in one of the four builds. */
async function buildHandler(fn: string, variant: Build, work: string): Promise<string> {
  const outfile = join(work, variant.replace(/\W+/g, '-'), fn, 'handler.js');
  const all = variant.endsWith('all clients');
  const imports = all ? ALL_CLIENTS.map(([pkg, cls]) => `import { ${cls} } from '@aws-sdk/client-${pkg}';`).join('\n') : '';
  const keep = all ? `export const allClients = [${ALL_CLIENTS.map(([, cls]) => cls).join(', ')}];` : '';
  await build({
    stdin: { contents: `${imports}\n${keep}\nexport * from './functions/${fn}/handler';\n`, resolveDir: PROJECT_ROOT, sourcefile: `${fn}-entry.ts`, loader: 'ts' },
    outfile,
    bundle: true,
    minify: true,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    ...(variant.startsWith('external') ? { external: ['@aws-sdk/*'] } : { mainFields: ['module', 'main'] }),
  });
  return outfile;
}

const INIT_PROBE = "const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";

/** Module init of `file` in `samples` fresh Node processes; the external build finds the SDK in node_modules. */
async function initTimes(file: string, samples: number, sdkFrom?: string): Promise<number[]> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...(sdkFrom ? { NODE_PATH: sdkFrom } : {}) };
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) times.push(Number(await run(process.execPath, ['-e', INIT_PROBE, file], env, tmpdir())));
  return times;
}

const kib = (bytes: number): number => r1(bytes / 1024);
const deflated = (file: string): number => kib(deflateRawSync(readFileSync(file), { level: 9 }).length);

/** Packages, builds the four variants and times their init, function by function. */
export async function benchColdStart(samples: number): Promise<ColdStartFigure[]> {
  const work = mkdtempSync(join(tmpdir(), 'chain-guard-bench-'));
  const zips = await packageZips(work);
  const sizes = new Map(readdirSync(zips).filter((f) => f.endsWith('.zip')).map((f) => [f.replace(/\.zip$/, ''), kib(statSync(join(zips, f)).size)]));
  const figures: ColdStartFigure[] = [];
  for (const fn of FUNCTION_NAMES) {
    const builds = {} as ColdStartFigure['builds'];
    for (const variant of BUILDS) {
      const file = await buildHandler(fn, variant, work);
      const times = await initTimes(file, samples, variant.startsWith('external') ? join(PROJECT_ROOT, 'node_modules') : undefined);
      builds[variant] = { deflatedKiB: deflated(file), initMs: roundSpread(times) };
    }
    figures.push({ function: fn, packagedZipKiB: sizes.get(fn) ?? 0, builds });
  }
  return figures;
}

function roundSpread(values: number[]): Spread {
  const s = spread(values);
  return { min: r1(s.min), median: r1(quantile(values, 0.5)), max: r1(s.max) };
}
