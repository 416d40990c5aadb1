/**
 * chain-guard's sweep as one process, for figure 4: bundled by esbuild (as a function is) and run with node, it sweeps
 * the account's security groups once and prints its API calls and in-process time as JSON. Settings come in
 * BENCH_SWEEP_ENV (the function's environment, JSON), the target in BENCH_SWEEP_TARGET (`account:region`).
 */
import { createClients } from '../../../shared/aws/clients';
import { loadConfig } from '../../../shared/config';
import { sweepSecurityGroups } from '../../../shared/sweep/security-groups';
import { createCallCounter } from './calls';

async function main(): Promise<void> {
  const counter = createCallCounter();
  const env = JSON.parse(process.env.BENCH_SWEEP_ENV ?? '{}') as Record<string, string>;
  const [account = '', region = ''] = (process.env.BENCH_SWEEP_TARGET ?? '').split(':');
  const deps = { config: loadConfig(env), clients: createClients({ onCall: counter.onCall }) };
  const start = process.hrtime.bigint();
  const report = await sweepSecurityGroups({ account, region }, deps, env.SWEEP_WRITE_CAP ? { writeCap: Number(env.SWEEP_WRITE_CAP) } : {});
  const inProcessMs = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ inProcessMs, calls: counter.take(), report: { counts: report.counts, capped: report.capped, writesNeeded: report.writesNeeded } }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
