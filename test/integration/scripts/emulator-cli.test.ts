/** `npm run emulator`: prints what to export, serves remediate and doctor with it, and stops on Ctrl-C. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/lib/serverless-config';
import { runScript } from '../../support/cli';

let emulator: ChildProcess;
let printed = '';
let exports: Record<string, string> = {};

/** Reads the emulator's stdout until it prints `marker`. */
function waitFor(marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      printed += chunk.toString();
      if (printed.includes(marker)) resolve();
    };
    emulator.stdout?.on('data', onData);
    emulator.once('exit', (code) => reject(new Error(`emulator exited (${code}) before printing "${marker}": ${printed}`)));
  });
}

/** `export NAME=value` lines, unquoted as a shell would. */
function parseExports(text: string): Record<string, string> {
  const lines = text.split('\n').filter((line) => line.startsWith('export '));
  return Object.fromEntries(lines.map((line) => /^export ([A-Z_]+)=(.*)$/.exec(line)?.slice(1) ?? []).map(([name = '', value = '']) => [name, value.replace(/^'(.*)'$/, '$1')]));
}

beforeAll(async () => {
  emulator = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'scripts', 'emulator.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitFor('Stop with Ctrl-C');
  exports = parseExports(printed);
});

afterAll(() => {
  if (emulator.exitCode === null) emulator.kill('SIGKILL');
});

it('prints the endpoint, fake credentials, region, alerts topic and history table to export', () => {
  expect(Object.keys(exports)).toEqual(['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'STAGE', 'SELF_ROLE_PREFIX', 'ALERT_TOPIC_ARN', 'ALERT_SUBSCRIBERS', 'HISTORY_TABLE_NAME']);
  expect(exports.ALERT_TOPIC_ARN).toBe('arn:aws:sns:us-east-1:111122223333:chain-guard-dev-alerts');
});

it('serves the doctor with exactly what it printed', () => {
  const { code, stdout } = runScript('doctor', [], { env: exports });

  expect(code).toBe(1); // an empty account: no trail yet
  expect(stdout).toMatch(/OK +Alerts topic and its policy +chain-guard-dev-alerts with the baseline policy/);
  expect(stdout).toMatch(/OK +Confirmed subscriptions/);
});

it('stops moto and exits 0 on Ctrl-C', async () => {
  const exited = new Promise<number | null>((resolve) => emulator.once('exit', (code) => resolve(code)));

  emulator.kill('SIGINT');

  expect(await exited).toBe(0);
  await expect(fetch(`${exports.AWS_ENDPOINT_URL}/moto-api/`)).rejects.toThrow();
});
