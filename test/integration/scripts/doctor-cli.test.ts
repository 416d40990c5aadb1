/**
 * `npm run doctor` as people and cron jobs use it: a report on stdout, exit 0 whole / 1 broken / 2 bad usage, configuration
 * or no credentials. It only reports by default; --enforce repairs.
 */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { trailState } from '../../../scripts/lib/emulator-trail';
import { messages, runScript } from '../../support/cli';
import { buildWholeChain, type Chain } from '../../support/chain';
import { resetEmulator } from '../../support/deps';

const region = 'us-east-1';
let chain: Chain;

const doctor = (args: string[], env: Record<string, string | undefined> = {}) => runScript('doctor', args, { env: { ...chain.env, ...env } });

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

it('reports without repairing by default, even with REMEDIATION_MODE=enforce', async () => {
  await new CloudTrailClient({ region }).send(new StopLoggingCommand({ Name: 'cli-doctor-trail' }));

  const { code, stdout } = doctor([], { REMEDIATION_MODE: 'enforce' });

  expect(code).toBe(1);
  expect(stdout).toContain('(report only: changes nothing)');
  expect((await trailState(region, 'cli-doctor-trail')).logging).toBe(false);
});

it('exits 0 after repairing a stopped trail with --enforce', async () => {
  await new CloudTrailClient({ region }).send(new StopLoggingCommand({ Name: 'cli-doctor-trail' }));

  const { code, stdout } = doctor(['--enforce']);

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

it('says once that no AWS credentials were found, and exits 2', () => {
  const { code, stdout, stderr } = doctor([], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' });

  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(messages(stderr, 'doctor')).toEqual([expect.stringMatching(/^doctor: no AWS credentials found: /)]);
  expect(stderr).not.toContain('give the doctor read access');
});

it('exits 2 and names the variable when the configuration is invalid', () => {
  const { code, stderr } = doctor([], { ALERT_TOPIC_ARN: 'not-an-arn' });

  expect(code).toBe(2);
  expect(stderr).toContain('ALERT_TOPIC_ARN');
});
