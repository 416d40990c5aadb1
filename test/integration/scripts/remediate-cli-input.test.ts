/** `npm run remediate` on input that is odd or misdirected: each refusal or "ignored" says why, on stderr. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { freePort } from '../../../scripts/lib/moto';
import { PROJECT_ROOT } from '../../../scripts/lib/serverless-config';
import { jsonLines, messages, runScript } from '../../support/cli';

const ec2 = new EC2Client({ region: 'us-east-1' });
let topicArn = '';

beforeAll(async () => {
  topicArn = (await new SNSClient({ region: 'us-east-1' }).send(new CreateTopicCommand({ Name: 'cli-input-alerts' }))).TopicArn ?? '';
});

const remediate = (event: unknown, env: Record<string, string | undefined> = {}, raw?: string) => {
  const run = runScript('remediate', ['-'], { input: raw ?? JSON.stringify(event), env: { ALERT_TOPIC_ARN: topicArn, ...env } });
  return { ...run, lines: jsonLines(run.stdout), notes: messages(run.stderr, 'remediate') };
};

/** One of the sample events of events/ (one per EventBridge rule). */
const sample = (name: string): unknown => JSON.parse(readFileSync(join(PROJECT_ROOT, 'events', `${name}.json`), 'utf8'));

/** An AuthorizeSecurityGroupIngress call on `groupId`, made by a session of the role `roleName`. */
function callByRole(groupId: string, roleName: string): Record<string, unknown> {
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId });
  (event.detail as Record<string, unknown>).userIdentity = {
    type: 'AssumedRole',
    arn: `arn:aws:sts::111122223333:assumed-role/${roleName}/session`,
    accountId: '111122223333',
    sessionContext: { sessionIssuer: { type: 'Role', userName: roleName, arn: `arn:aws:iam::111122223333:role/${roleName}`, accountId: '111122223333' } },
  };
  return event;
}

it('refuses an event over 256 KB, the most EventBridge accepts, with exit 2', () => {
  const event = { ...loadEvent('config-compliance-change-sg-restricted-ssh'), padding: 'x'.repeat(256 * 1024) };

  const { code, lines, notes } = remediate(event);

  expect(code).toBe(2);
  expect(lines).toEqual([]);
  expect(notes).toEqual([expect.stringMatching(/^remediate: input is \d+ bytes: EventBridge accepts events up to 262144 bytes \(256 KB\)/)]);
});

it('accepts an event that starts with a UTF-8 byte order mark', async () => {
  const groupId = await createGroup(ec2, 'cli-bom', [tcp(22, '0.0.0.0/0')]);
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });

  const { code, lines } = remediate(undefined, {}, `\uFEFF${JSON.stringify(event)}`);

  expect(code).toBe(0);
  expect(lines.map((l) => l.outcome)).toEqual(['remediated']);
});

it('says which event it was and which patterns came closest when no rule matches', () => {
  const { code, notes } = remediate(loadEvent('guardduty-iam-instance-credential-exfiltration'));

  expect(code).toBe(0);
  expect(notes[0]).toMatch(/no function's EventBridge pattern in serverless.yml \(resolved for stage "dev"\) matches this event: source aws.guardduty, detail-type "GuardDuty Finding", finding type UnauthorizedAccess:IAMUser\/InstanceCredentialExfiltration/);
  expect(notes).toContainEqual(expect.stringMatching(/closest: reenable-trail, which differs on detail.type \(pattern \["Stealth:IAMUser\/CloudTrailLoggingDisabled"\]/));
});

it('explains a sweep event that names the rule of another stage than STAGE', () => {
  const { lines, notes } = remediate(sample('restore-alarms.bootstrap'), { STAGE: 'prod' });

  expect(lines).toEqual([expect.objectContaining({ function: null, outcome: 'ignored' })]);
  expect(notes).toContainEqual(expect.stringMatching(/STAGE mismatch: the event names the sweep rule chain-guard-dev-restore-alarms-sweep of stage "dev", but the patterns were resolved for stage "prod" \(STAGE\): run with STAGE=dev/));
});

it('explains that a call made by another stage\'s role is handled as anyone\'s', async () => {
  const groupId = await createGroup(ec2, 'cli-other-stage', [tcp(22, '0.0.0.0/0')]);

  const { lines, notes } = remediate(callByRole(groupId, 'chain-guard-prod-us-east-1-revoke-open-ingress'), { STAGE: 'dev' });

  expect(lines.map((l) => l.outcome)).toEqual(['remediated']);
  expect(notes).toContainEqual(expect.stringMatching(/STAGE mismatch: the call was made by arn:aws:iam::111122223333:role\/chain-guard-prod-us-east-1-revoke-open-ingress, the revoke-open-ingress role of stage "prod".*run with STAGE=prod/));
});

it('says the loop guard left out a call made by this stage\'s own role', async () => {
  const groupId = await createGroup(ec2, 'cli-own-role', [tcp(22, '0.0.0.0/0')]);

  const { lines, notes } = remediate(callByRole(groupId, 'chain-guard-dev-us-east-1-revoke-open-ingress'), { STAGE: 'dev' });

  expect(lines).toEqual([expect.objectContaining({ function: null, outcome: 'ignored' })]);
  expect(notes).toContainEqual(expect.stringMatching(/this stage's own revoke-open-ingress role: the loop guard never acts on the backend's own calls/));
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
});

it('warns when SELF_ROLE_PREFIX belongs to another stage than the one STAGE resolves the patterns for', () => {
  const { notes } = remediate(loadEvent('guardduty-iam-toripcaller-sample-finding'), { STAGE: 'dev', SELF_ROLE_PREFIX: 'chain-guard-prod-' });

  expect(notes).toContainEqual(expect.stringMatching(/STAGE mismatch: SELF_ROLE_PREFIX is "chain-guard-prod-" but STAGE=dev resolves serverless.yml's patterns for the roles "chain-guard-dev-<region>-<function>"/));
});

it('names the remediation\'s own failed call, not the later Publish, when the endpoint answers nothing', async () => {
  const nowhere = `http://127.0.0.1:${await freePort()}`;

  const { code, lines } = remediate(sample('reenable-trail.sweep'), { AWS_ENDPOINT_URL: nowhere });

  expect(code).toBe(1);
  expect(lines).toEqual([expect.objectContaining({ function: 'reenable-trail', outcome: 'failed', reason: expect.stringMatching(/DescribeTrails failed/) })]);
  expect(String(lines[0]?.reason)).not.toMatch(/Publish failed/);
});
