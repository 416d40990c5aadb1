/** `npm run doctor` as people and cron jobs use it: a report on stdout, exit 0 whole / 1 broken / 2 bad usage. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { PROJECT_ROOT } from '../../../scripts/lib/serverless-config';
import { buildWholeChain, type Chain } from '../../support/chain';
import { resetEmulator } from '../../support/deps';

const region = 'us-east-1';
let chain: Chain;

function doctor(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'scripts', 'doctor.ts'), ...args], { env: { ...process.env, ...chain.env, ...env }, encoding: 'utf8', timeout: 60000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(async () => {
  await resetEmulator();
  chain = await buildWholeChain(region, 'cli-doctor-trail');
});

it('exits 0 and says the chain is whole when every link holds', () => {
  const { code, stdout } = doctor(['--report']);

  expect(code).toBe(0);
  expect(stdout).toContain('Verdict: the chain is WHOLE');
});

it('exits 1 and names the broken link in report mode', async () => {
  await new CloudTrailClient({ region }).send(new StopLoggingCommand({ Name: 'cli-doctor-trail' }));

  const { code, stdout } = doctor(['--report']);

  expect(code).toBe(1);
  expect(stdout).toMatch(/BROKEN +Trail is logging +no trail logging: event-driven remediation is blind/);
});

it('exits 0 after repairing a stopped trail in enforce mode', async () => {
  await new CloudTrailClient({ region }).send(new StopLoggingCommand({ Name: 'cli-doctor-trail' }));

  const { code, stdout } = doctor([]);

  expect(code).toBe(0);
  expect(stdout).toMatch(/REPAIRED +Trail is logging/);
});

it('prints the report as JSON with --json', () => {
  const { stdout } = doctor(['--report', '--json']);

  expect(JSON.parse(stdout)).toMatchObject({ whole: true, mode: 'report' });
});

it('exits 2 on an unknown option, changing nothing', () => {
  expect(doctor(['--fix-everything']).code).toBe(2);
});

it('exits 2 and names the variable when the configuration is invalid', () => {
  const { code, stderr } = doctor([], { ALERT_TOPIC_ARN: 'not-an-arn' });

  expect(code).toBe(2);
  expect(stderr).toContain('ALERT_TOPIC_ARN');
});
