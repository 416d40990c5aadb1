/** Per-function switches (REMEDIATION_SWITCHES) against the moto emulator: off, report, enforce; never silent. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../shared/events/trigger';
import { handleEvent } from '../../shared/pipeline';
import { alarmChain } from '../../shared/remediations/alarms';
import { openIngress } from '../../shared/remediations/open-ingress';
import { createGroup, ingressSummary, tcp } from '../../scripts/lib/emulator-ec2';
import { prepareBaseline } from '../../scripts/lib/emulator-trail';
import { loadEvent, withIds } from '../../scripts/lib/events';
import { createInbox, type Inbox } from '../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../support/deps';

const ec2 = new EC2Client({ region: 'us-east-1' });
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `switch-alerts-${n}`, `switch-ops-${n}`);
  baseline = await prepareBaseline(`switch-${n}`, 'us-east-1');
});

const deps = (env: Record<string, string>) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline, ...env });

/** A real AuthorizeSecurityGroupIngress event for a world-open SSH rule on a fresh group of the emulator. */
async function openSsh(name: string): Promise<{ groupId: string; event: Record<string, unknown> }> {
  const groupId = await createGroup(ec2, name, [tcp(22, '0.0.0.0/0')]);
  return { groupId, event: withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId }) };
}

it('leaves a world-open rule in place when revoke-open-ingress is switched off, and says the switch', async () => {
  const { groupId, event } = await openSsh('switch-off');

  const result = await handleEvent(openIngress, event, deps({ REMEDIATION_SWITCHES: '{"revoke-open-ingress": "disabled"}' }));

  expect(result).toMatchObject({ outcome: 'skipped', actions: [], reason: 'Switched off by REMEDIATION_SWITCHES revoke-open-ingress=disabled: nothing was read or changed.' });
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
});

it('tells ops that the switched-off function did not act on the event', async () => {
  const { event } = await openSsh('switch-off-notice');

  await handleEvent(openIngress, event, deps({ REMEDIATION_SWITCHES: '{"revoke-open-ingress": "disabled"}' }));

  const [notice, ...more] = await inbox.drain();
  expect(more).toEqual([]);
  expect(notice?.subject).toMatch(/^\[SKIPPED\] revoke-open-ingress is/);
  expect(notice?.message).toContain('ACTION NEEDED');
  expect(notice?.message).toContain('REMEDIATION_SWITCHES revoke-open-ingress=disabled');
});

it('only reports when the function is switched to report while the stack enforces', async () => {
  const { groupId, event } = await openSsh('switch-report');

  const result = await handleEvent(openIngress, event, deps({ REMEDIATION_MODE: 'enforce', REMEDIATION_SWITCHES: '{"revoke-open-ingress": "report"}' }));

  expect(result.outcome).toBe('reported');
  expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
});

it('repairs when the function is switched to enforce while the stack only reports', async () => {
  const { groupId, event } = await openSsh('switch-enforce');

  const result = await handleEvent(openIngress, event, deps({ REMEDIATION_MODE: 'report', REMEDIATION_SWITCHES: '{"revoke-open-ingress": "enforce"}' }));

  expect(result.outcome).toBe('remediated');
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
});

it('leaves the other functions to REMEDIATION_MODE', async () => {
  const { groupId, event } = await openSsh('switch-other');

  const result = await handleEvent(openIngress, event, deps({ REMEDIATION_SWITCHES: '{"restore-alarms": "disabled"}' }));

  expect(result.outcome).toBe('remediated');
  expect(await ingressSummary(ec2, groupId)).toEqual([]);
});

describe('the daily sweep', () => {
  const sweep = () => scheduledEvent('111122223333', 'us-east-1', { id: `sweep-${n}`, rule: 'chain-guard-test-restore-alarms-sweep' });

  it('names a switched-off function without a sweep of its own in the daily warning', async () => {
    const env = { ALARM_LOG_GROUP_NAME: `/switch/${n}`, REMEDIATION_SWITCHES: '{"revoke-open-ingress": "disabled"}' };

    await handleEvent(alarmChain, sweep(), deps(env));

    const warnings = (await inbox.drain()).filter((m) => m.subject.includes('WARNING'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.subject).toMatch(/WARNING: protection switched off: revoke-open-ingress/);
    expect(warnings[0]?.message).toContain('Switched off by REMEDIATION_SWITCHES (param switches), nothing read or repaired: revoke-open-ingress.');
  });

  it('names a function switched to report while the stack enforces in the daily warning', async () => {
    const env = { ALARM_LOG_GROUP_NAME: `/switch/${n}`, REMEDIATION_MODE: 'enforce', REMEDIATION_SWITCHES: '{"revoke-open-ingress": "report"}' };

    await handleEvent(alarmChain, sweep(), deps(env));

    const warnings = (await inbox.drain()).filter((m) => m.subject.includes('WARNING'));
    expect(warnings.map((m) => m.subject)).toEqual([expect.stringMatching(/WARNING: protection switched to report only: revoke-open-ingress/)]);
    expect(warnings[0]?.message).toContain('Switched to report by REMEDIATION_SWITCHES while the stack enforces, nothing repaired: revoke-open-ingress.');
  });

  it('does not run a switched-off function, sending its daily warning instead of a notice per sweep', async () => {
    const env = { ALARM_LOG_GROUP_NAME: `/switch/${n}`, REMEDIATION_SWITCHES: '{"restore-alarms": "disabled"}' };

    const result = await handleEvent(alarmChain, sweep(), deps(env));

    expect(result).toMatchObject({ outcome: 'skipped', actions: [] });
    const notices = await inbox.drain();
    expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/WARNING: protection switched off: restore-alarms/)]);
  });
});
