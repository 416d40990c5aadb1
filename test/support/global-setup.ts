/** Starts one moto server per Jest worker (test files in parallel must not reset each other's state). */
import { EMULATOR_CREDENTIALS, startMoto, type MotoServer } from '../../scripts/lib/moto';

declare global {
  // eslint-disable-next-line no-var
  var __MOTO_SERVERS__: MotoServer[] | undefined;
}

export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const count = Math.max(1, globalConfig.maxWorkers);
  const servers = await Promise.all(Array.from({ length: count }, () => startMoto()));
  globalThis.__MOTO_SERVERS__ = servers;
  // If Jest dies without running the teardown, do not leave emulators behind.
  process.once('exit', () => servers.forEach((s) => s.pid && safeKill(s.pid)));
  Object.assign(process.env, EMULATOR_CREDENTIALS, {
    MOTO_URLS: servers.map((s) => s.url).join(','),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The project runs on Node 20 on purpose: the SDK's documented switch for its Node 20 support warning.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
}

function safeKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
