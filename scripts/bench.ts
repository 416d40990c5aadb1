/**
 * npm run bench: issue 14's figures, written to bench/results.json and bench/results.md.
 *   1. per remediation type: API calls by operation, event -> verified fix p50/p95 (--runs, default 200)
 *   2. cold start: zip per function (serverless package), module init in fresh processes (--samples, default 20)
 *   3. event storm: 1,000 AuthorizeSecurityGroupIngress events through the routing path, and whether the answer is right
 *   4. sweep of 1,000 groups side by side with Cloud Custodian (--repeats, default 3)
 *   5. the same sweep over 3 accounts x 2 regions (organization mode, in-process; --repeats)
 * `--only remediations,cold-start,storm,sweep,org-sweep` runs some, and keeps the other figures of the last bench/results.json.
 * Timings include moto on loopback: compare within one run.
 * `npm run bench` first installs moto (.venv) and Cloud Custodian (.venv-bench), pinned.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '../shared/logger';
import { benchColdStart } from './lib/bench/cold-start';
import { benchOrgSweep } from './lib/bench/org-sweep';
import { custodianInitTimes, custodianVersion, runCustodian } from './lib/bench/custodian';
import { currentLoad, describeMachine } from './lib/bench/machine';
import { benchRemediations } from './lib/bench/remediations';
import { renderResults, type BenchResults } from './lib/bench/report';
import { benchStorm } from './lib/bench/storm';
import { benchSweep, type SweepTool } from './lib/bench/sweep';
import { chainGuardSweep } from './lib/bench/sweep-chain-guard';
import { quietNodeVersionWarning } from './lib/cli';
import { EMULATOR_CREDENTIALS, startMoto } from './lib/moto';
import { PROJECT_ROOT } from './lib/serverless-config';
import { r1, spread } from './lib/bench/stats';

const FIGURES = ['remediations', 'cold-start', 'storm', 'sweep', 'org-sweep'] as const;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

function only(): Set<string> {
  const at = process.argv.indexOf('--only');
  const names = at >= 0 ? (process.argv[at + 1] ?? '').split(',') : [...FIGURES];
  for (const name of names) if (!(FIGURES as readonly string[]).includes(name)) throw new Error(`--only takes ${FIGURES.join(',')}; got ${name}`);
  return new Set(names);
}

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function main(): Promise<void> {
  const positional = process.argv[2] && /^\d+$/.test(process.argv[2]) ? Number(process.argv[2]) : undefined;
  const settings = { runs: positional ?? option('runs', 200), samples: option('samples', 20), repeats: option('repeats', 3) };
  const figures = only();
  logger.setLogLevel('SILENT');
  quietNodeVersionWarning();
  const moto = await startMoto();
  const dir = join(PROJECT_ROOT, 'bench');
  const previous = figures.size < FIGURES.length && existsSync(join(dir, 'results.json')) ? (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Partial<BenchResults>) : {};
  const kept = { remediations: previous.remediations, coldStart: previous.coldStart, custodianInitMs: previous.custodianInitMs, storm: previous.storm, sweep: previous.sweep, orgSweep: previous.orgSweep };
  const results: BenchResults = { ...kept, machine: describeMachine(), versions: { moto: '5.2.5', c7n: await custodianVersion() }, settings, notMeasured: [] };
  try {
    Object.assign(process.env, EMULATOR_CREDENTIALS, { AWS_ENDPOINT_URL: moto.url, AWS_REGION: 'us-east-1', POWERTOOLS_METRICS_DISABLED: 'true' });
    if (figures.has('remediations')) {
      log(`1. remediations, ${settings.runs} runs each`);
      results.remediations = await benchRemediations(moto, settings.runs);
    }
    if (figures.has('cold-start')) {
      log(`2. cold start: serverless package, then ${settings.samples} fresh processes per function and build`);
      results.coldStart = await benchColdStart(settings.samples);
      const custodian = spread(await custodianInitTimes(settings.samples));
      results.custodianInitMs = { min: r1(custodian.min), median: r1(custodian.median), max: r1(custodian.max) };
    }
    if (figures.has('storm')) {
      log('3. event storm, 1,000 events');
      results.storm = await benchStorm(moto);
    }
    if (figures.has('sweep')) {
      log(`4. sweep of 1,000 groups, ${settings.repeats} repeats`);
      const tools: SweepTool[] = [await chainGuardSweep(), { name: `custodian ${results.versions.c7n}`, prepare: (m) => m.reset(), run: runCustodian }];
      results.sweep = await benchSweep(moto, tools, settings.repeats);
    }
    if (figures.has('org-sweep')) {
      log(`5. sweep of 1,000 groups over 3 accounts x 2 regions, ${settings.repeats} repeats`);
      results.orgSweep = await benchOrgSweep(moto, settings.repeats);
    }
  } finally {
    await moto.stop();
  }
  results.machine.loadAtEnd = currentLoad();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderResults(results);
  writeFileSync(join(dir, 'results.md'), markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
