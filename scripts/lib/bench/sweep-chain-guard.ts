/** chain-guard's side of figure 4: the sweep bundled like a function and run as its own Node process. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { EMULATOR_ACCOUNT, EMULATOR_CREDENTIALS, type MotoServer } from '../moto';
import { PROJECT_ROOT } from '../serverless-config';
import type { CallCounts } from './calls';
import type { ProcessRun } from './custodian';
import { REGION, freshSetting } from './setting';
import { msSince } from './stats';
import type { SweepTool } from './sweep';
import { EXEMPT_TAG } from './sweep-seed';

/** Bundles scripts/lib/bench/sweep-entry.ts with serverless.yml's esbuild settings; returns the file. */
async function bundleSweep(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'chain-guard-sweep-')), 'sweep.js');
  await build({ entryPoints: [join(__dirname, 'sweep-entry.ts')], outfile, bundle: true, minify: true, target: 'node22', platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });
  return outfile;
}

/**
 * Enforce, like Custodian's run; and a write cap above the 110 revokes the seed needs (the default cap, 50, is a
 * safety: above it a run writes nothing and reports).
 */
// Custodian's policy honours the exemption tag, so chain-guard is configured to honour it too (EXEMPT_TAG_KEY is opt-in:
// README, threat model). Write cap above the seed's open rules: both tools must fix everything.
const SWEEP_ENV = { REMEDIATION_MODE: 'enforce', SWEEP_WRITE_CAP: '1000', EXEMPT_TAG_KEY: EXEMPT_TAG };

/** The sweep tool: each prepare resets moto and sets the alerts topic up; each run is a fresh process. */
export async function chainGuardSweep(): Promise<SweepTool> {
  const bundle = await bundleSweep();
  let env: Record<string, string> = {};
  return {
    name: 'chain-guard',
    prepare: async (moto: MotoServer) => {
      env = (await freshSetting(moto)).env;
    },
    run: async (moto: MotoServer): Promise<ProcessRun> => {
      const processEnv = { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...EMULATOR_CREDENTIALS, AWS_ENDPOINT_URL: moto.url, AWS_REGION: REGION, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', BENCH_SWEEP_ENV: JSON.stringify({ ...env, ...SWEEP_ENV }), BENCH_SWEEP_TARGET: `${EMULATOR_ACCOUNT}:${REGION}` };
      const start = process.hrtime.bigint();
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [bundle], { env: processEnv, cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (error, out, err) => (error ? reject(new Error(`chain-guard sweep failed: ${error.message}\n${err}`)) : resolve(out))),
      );
      const wallMs = msSince(start);
      const { inProcessMs, calls } = JSON.parse(stdout) as { inProcessMs: number; calls: CallCounts };
      return { wallMs, inProcessMs, calls };
    },
  };
}
