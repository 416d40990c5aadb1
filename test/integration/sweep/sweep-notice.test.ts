/** The scheduled event of revoke-open-ingress runs the sweep and sends ONE summary notice per run (moto + SNS -> SQS inbox). */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { createGroup, tcp } from '../../../scripts/lib/emulator-ec2';
import { seedDrift, type SeededGroup } from '../../../scripts/lib/emulator-drift';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const account = '111122223333';
const ec2 = new EC2Client({ region });
let inbox: Inbox;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region }), new SQSClient({ region }), `alerts-s${n}`, `ops-s${n}`);
});

const deps = (env: Record<string, string> = {}) => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, EXEMPT_TAG_KEY: 'chain-guard:exempt', ...env });
const sweepEvent = () => scheduledEvent(account, region, { id: `sweep-${n}`, rule: 'chain-guard-test-revoke-open-ingress-sweep' });
const seed = (): Promise<SeededGroup[]> => seedDrift(ec2, { filler: 5 });

describe('the scheduled sweep of revoke-open-ingress', () => {
  it('sends one summary notice for a run that fixed many groups', async () => {
    // Prepare
    await seed();

    // Act
    await handleEvent(openIngress, sweepEvent(), deps());

    // Assess
    const messages = await inbox.drain();
    expect(messages.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[REMEDIATED\] Sweep: world-open ingress revoked in 8 group\(s\)/)]);
  });

  it('starts the summary with the counts by outcome, then lists each revoked rule with why and undo', async () => {
    // Prepare
    const groups = await seed();
    const ssh = groups.find((g) => g.name === 'ssh-ipv4');

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), deps());

    // Assess
    const [message] = await inbox.drain();
    expect(result.reason).toMatch(/^\d+ group\(s\) checked: 8 fixed, 0 failed, 0 reported, 1 exempt, \d+ compliant\./);
    expect(message?.message).toContain(`aws ec2 authorize-security-group-ingress --region ${region} --group-id ${ssh?.groupId}`);
    expect(message?.message).toContain('world-open: 0.0.0.0/0 is all of IPv4 on 22/tcp');
  });

  it('sends nothing when every group is compliant', async () => {
    // Prepare
    await createGroup(ec2, 'web', [tcp(443, '0.0.0.0/0')]);

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), deps());

    // Assess
    expect(result.outcome).toBe('already-compliant');
    expect(await inbox.drain()).toEqual([]);
  });

  it('sends the all-clear when SWEEP_NOTIFY_COMPLIANT is true', async () => {
    // Prepare
    await createGroup(ec2, 'web', [tcp(443, '0.0.0.0/0')]);

    // Act
    await handleEvent(openIngress, sweepEvent(), deps({ SWEEP_NOTIFY_COMPLIANT: 'true' }));

    // Assess
    const messages = await inbox.drain();
    expect(messages.map((m) => m.attributes.outcome)).toEqual(['already-compliant']);
  });

  it('says loudly in the one notice that the write cap stopped every write', async () => {
    // Prepare
    await seed();

    // Act
    const result = await handleEvent(openIngress, sweepEvent(), deps({ SWEEP_WRITE_CAP: '3' }));

    // Assess
    const [message, ...others] = await inbox.drain();
    expect([result.outcome, others.length]).toEqual(['reported', 0]);
    expect(message?.message).toContain('ACTION NEEDED: WRITE CAP REACHED: the sweep found 9 world-open rule(s) to revoke, more than SWEEP_WRITE_CAP=3, so it revoked none.');
    expect(message?.attributes.severity).toBe('HIGH');
  });
});
