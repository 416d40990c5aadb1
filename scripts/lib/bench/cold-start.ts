/**
 * Figure 2: cold start. The zip of each function as `serverless package` builds it (serverless.yml's esbuild
 * settings), and the module init of each bundled handler in a fresh Node process (median of N), for two builds:
 * the AWS SDK bundled and minified into the zip (ES module builds, so unused commands are dropped) against the SDK
 * left external, loaded from node_modules as the nodejs22.x runtime loads its own copy.
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

/** One function's figures. */
export interface ColdStartFigure {
  function: string;
  /** The zip `serverless package` wrote, with serverless.yml's settings. */
  packagedZipKiB: number;
  /** handler.js deflated (level 9, what a zip holds) per build. */
  bundledKiB: number;
  externalKiB: number;
  /** Module init (require of the handler) in ms, over N fresh processes, per build. */
  bundledInitMs: Spread;
  externalInitMs: Spread;
}

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

/** Builds one handler with serverless.yml's esbuild settings, the SDK bundled or left external. */
async function buildHandler(fn: string, variant: 'bundled' | 'external', work: string): Promise<string> {
  const outfile = join(work, variant, fn, 'handler.js');
  await build({
    entryPoints: [join(PROJECT_ROOT, 'functions', fn, 'handler.ts')],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    ...(variant === 'bundled' ? { mainFields: ['module', 'main'] } : { external: ['@aws-sdk/*'] }),
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

/** Packages, builds both variants and times their init, function by function. */
export async function benchColdStart(samples: number): Promise<ColdStartFigure[]> {
  const work = mkdtempSync(join(tmpdir(), 'chain-guard-bench-'));
  const zips = await packageZips(work);
  const sizes = new Map(readdirSync(zips).filter((f) => f.endsWith('.zip')).map((f) => [f.replace(/\.zip$/, ''), kib(statSync(join(zips, f)).size)]));
  const figures: ColdStartFigure[] = [];
  for (const fn of FUNCTION_NAMES) {
    const bundled = await buildHandler(fn, 'bundled', work);
    const external = await buildHandler(fn, 'external', work);
    const bundledTimes = await initTimes(bundled, samples);
    const externalTimes = await initTimes(external, samples, join(PROJECT_ROOT, 'node_modules'));
    figures.push({
      function: fn,
      packagedZipKiB: sizes.get(fn) ?? 0,
      bundledKiB: deflated(bundled),
      externalKiB: deflated(external),
      bundledInitMs: roundSpread(bundledTimes),
      externalInitMs: roundSpread(externalTimes),
    });
  }
  return figures;
}

function roundSpread(values: number[]): Spread {
  const s = spread(values);
  return { min: r1(s.min), median: r1(quantile(values, 0.5)), max: r1(s.max) };
}
