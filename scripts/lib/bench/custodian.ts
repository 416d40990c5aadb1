/**
 * Cloud Custodian in pull mode against the same moto: `custodian run` with bench/custodian-policy.yml, from
 * .venv-bench (scripts/setup-bench.sh), through bench/custodian-run.py, which counts its botocore calls and times the
 * policy run. Whole-process time is measured here, from spawn to exit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_CREDENTIALS, type MotoServer } from '../moto';
import { PROJECT_ROOT } from '../serverless-config';
import type { CallCounts } from './calls';
import { REGION } from './setting';
import { msSince } from './stats';

export const CUSTODIAN_PYTHON = join(PROJECT_ROOT, '.venv-bench', 'bin', 'python');

export interface ProcessRun {
  wallMs: number;
  inProcessMs: number;
  calls: CallCounts;
}

/** The installed c7n version (from .venv-bench). */
export async function custodianVersion(): Promise<string> {
  return (await exec(CUSTODIAN_PYTHON, ['-c', "import importlib.metadata as m; print(m.version('c7n'))"], process.env)).trim();
}

/** One `custodian run` of the policy against moto; the caller has seeded it. */
export async function runCustodian(moto: MotoServer): Promise<ProcessRun> {
  const work = mkdtempSync(join(tmpdir(), 'chain-guard-custodian-'));
  const stats = join(work, 'stats.json');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work, ...EMULATOR_CREDENTIALS, AWS_ENDPOINT_URL: moto.url, AWS_DEFAULT_REGION: REGION };
  const args = [join(PROJECT_ROOT, 'bench', 'custodian-run.py'), stats, 'run', '-s', join(work, 'out'), '--region', REGION, '--cache-period', '0', join(PROJECT_ROOT, 'bench', 'custodian-policy.yml')];
  const start = process.hrtime.bigint();
  await exec(CUSTODIAN_PYTHON, args, env);
  const wallMs = msSince(start);
  const { calls, policyMs } = JSON.parse(readFileSync(stats, 'utf8')) as { calls: CallCounts; policyMs: number };
  return { wallMs, inProcessMs: policyMs, calls };
}

const INIT_PROBE = [
  'import time',
  't = time.perf_counter()',
  'import c7n.handler',
  'from c7n.resources import load_resources',
  "load_resources(['aws.security-group'])",
  'print((time.perf_counter() - t) * 1000)',
].join('\n');

/** Custodian's module init in its Lambda mode: import c7n.handler and the security-group resource, per fresh process. */
export async function custodianInitTimes(samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) times.push(Number((await exec(CUSTODIAN_PYTHON, ['-c', INIT_PROBE], { PATH: process.env.PATH, HOME: tmpdir() })).trim()));
  return times;
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}
