/** `npm run remediate` as other tools use it: a child process, JSON lines on stdout, exit codes 0 / 1 / 2. */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { jsonLines, runScript } from '../../support/cli';

const ec2 = new EC2Client({ region: 'us-east-1' });
const dir = mkdtempSync(join(tmpdir(), 'remediate-cli-'));
let topicArn = '';

beforeAll(async () => {
  topicArn = (await new SNSClient({ region: 'us-east-1' }).send(new CreateTopicCommand({ Name: 'cli-alerts' }))).TopicArn ?? '';
});

function run(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}) {
  const { code, stdout, stderr } = runScript('remediate', args, { input: options.input, env: { ALERT_TOPIC_ARN: topicArn, ...options.env } });
  return { code, lines: jsonLines(stdout), stderr };
}

function writeEvent(name: string, event: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
}

it('remediates an event from a file and prints one JSON line for the invoked function', async () => {
  const groupId = await createGroup(ec2, 'cli-file', [tcp(22, '0.0.0.0/0')]);
  const file = writeEvent('file', withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId }));

  const { code, lines } = run([file]);

  expect(code).toBe(0);
  expect(lines).toEqual([expect.objectContaining({ function: 'revoke-open-ingress', outcome: 'remediated' })]);
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
});

it('reads the event from stdin with "-"', async () => {
  const groupId = await createGroup(ec2, 'cli-stdin', [tcp(3389, '0.0.0.0/0')]);
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

  const { code, lines } = run(['-'], { input: JSON.stringify(event) });

  expect(code).toBe(0);
  expect(lines.map((l) => [l.function, l.outcome])).toEqual([['revoke-open-ingress', 'remediated']]);
});

it('prints function null and outcome ignored for an event no declared rule matches', () => {
  const { code, lines } = run([writeEvent('unmatched', loadEvent('guardduty-iam-toripcaller-sample-finding'))]);

  expect(code).toBe(0);
  expect(lines).toEqual([expect.objectContaining({ function: null, outcome: 'ignored' })]);
});

it('exits 2 with a one-line reason on stderr for input that is not an event', () => {
  const { code, lines, stderr } = run(['-'], { input: '{"detail": {}}' });

  expect(code).toBe(2);
  expect(lines).toEqual([]);
  expect(stderr.trim().split('\n').filter((l) => l.startsWith('remediate:'))).toEqual([expect.stringMatching(/^remediate: input is not an EventBridge event: id/)]);
});

it('exits 2 for a file that does not exist', () => {
  const { code, stderr } = run([join(dir, 'missing.json')]);

  expect(code).toBe(2);
  expect(stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
});

it('exits 2 and names the variable when ALERT_TOPIC_ARN is missing, invoking nothing', () => {
  const { code, lines, stderr } = run([writeEvent('noconfig', loadEvent('config-compliance-change-sg-restricted-ssh'))], { env: { ALERT_TOPIC_ARN: undefined } });

  expect(code).toBe(2);
  expect(lines).toEqual([]);
  expect(stderr).toMatch(/^remediate: Invalid configuration: ALERT_TOPIC_ARN is required/m);
});

it('exits 2 for an unknown REMEDIATION_MODE, like any bad configuration', () => {
  const { code, stderr } = run([writeEvent('dryrun', loadEvent('config-compliance-change-sg-restricted-ssh'))], { env: { REMEDIATION_MODE: 'dryrun' } });

  expect(code).toBe(2);
  expect(stderr).toMatch(/^remediate: Invalid configuration: REMEDIATION_MODE must be "enforce" or "report"/m);
});

it('exits 2 on bad usage', () => {
  expect(run([]).code).toBe(2);
});

it('exits 1 when ops cannot be notified, after revoking the rule', async () => {
  const groupId = await createGroup(ec2, 'cli-nonotify', [tcp(22, '0.0.0.0/0')]);
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId });

  const { code, lines } = run([writeEvent('nonotify', event)], { env: { ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:no-such-topic' } });

  expect(code).toBe(1);
  expect(lines).toEqual([expect.objectContaining({ outcome: 'failed', error: expect.stringMatching(/Publish failed/) })]);
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
});

it('prints no Node version support warning from the SDK, even when the test environment does not turn it off', async () => {
  const groupId = await createGroup(ec2, 'cli-quiet', [tcp(22, '0.0.0.0/0')]);
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId });

  const { code, stderr } = run([writeEvent('quiet', event)], { env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined } });

  expect(code).toBe(0);
  expect(stderr).not.toContain('NodeVersionSupportWarning');
});
