/** Dependencies for tests: moto-backed clients (AWS_ENDPOINT_URL set per worker) and a validated config. */
import { resetMoto } from '../../scripts/lib/moto';
import { createClients, type Clients } from '../../shared/aws/clients';
import { loadConfig, type Config } from '../../shared/config';
import type { Deps } from '../../shared/remediations/types';

/** A config for tests; `env` overrides the defaults. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ AWS_REGION: 'us-east-1', ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:security-alerts', SELF_ROLE_PREFIX: 'chain-guard-test-', ...env });
}

/** Deps whose clients talk to this worker's moto server (one attempt less than default, to keep fault tests short). */
export function motoDeps(env: Record<string, string> = {}, clients: Clients = createClients()): Deps {
  return { config: testConfig(env), clients };
}

/** Empties this worker's emulator: each integration test starts from a blank account. */
export async function resetEmulator(): Promise<void> {
  const url = process.env.AWS_ENDPOINT_URL;
  if (!url) throw new Error('AWS_ENDPOINT_URL is not set: the Jest global setup starts moto');
  await resetMoto(url);
}
