/** The pipeline's own guards against the moto emulator: an event about another account is never acted on here. */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../shared/pipeline';
import { openIngress } from '../../shared/remediations/open-ingress';
import { trailProtection } from '../../shared/remediations/trail';
import { createGroup, ingressSummary, tcp } from '../../scripts/lib/emulator-ec2';
import { createTrail, prepareBaseline, trailState } from '../../scripts/lib/emulator-trail';
import { loadEvent, withIds } from '../../scripts/lib/events';
import { createInbox, type Inbox } from '../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../support/deps';

const MEMBER = '444455556666';
const ec2 = new EC2Client({ region: 'us-east-1' });
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `pipeline-alerts-${n}`, `pipeline-ops-${n}`);
  baseline = await prepareBaseline(`pipeline-${n}`, 'us-east-1');
});

const deps = () => motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline });

/** A real GuardDuty finding as a delegated administrator receives it: envelope in our account, finding in a member's. */
function memberFinding(name: string, ids: Record<string, string> = {}): Record<string, unknown> {
  const event = withIds(loadEvent(name), ids);
  (event.detail as Record<string, unknown>).accountId = MEMBER;
  return event;
}

describe('an event about another account', () => {
  it('does not restart this account trail on a member account CloudTrailLoggingDisabled finding', async () => {
    const name = baseline.TRAIL_NAME ?? '';
    await createTrail('us-east-1', name, baseline.TRAIL_S3_BUCKET ?? '');
    await new CloudTrailClient({ region: 'us-east-1' }).send(new StopLoggingCommand({ Name: name }));

    const result = await handleEvent(trailProtection, memberFinding('guardduty-stealth-cloudtrail-logging-disabled'), deps());

    expect(result.outcome).toBe('skipped');
    expect(result.actions).toEqual([]);
    expect((await trailState('us-east-1', name)).logging).toBe(false);
  });

  it('tells ops, with ACTION NEEDED naming the member account, and never as REMEDIATED', async () => {
    await handleEvent(trailProtection, memberFinding('guardduty-stealth-cloudtrail-logging-disabled'), deps());

    const [notice, ...more] = await inbox.drain();
    expect(more).toEqual([]);
    expect(notice?.subject).toMatch(/^\[SKIPPED\]/);
    expect(notice?.message).toContain(`ACTION NEEDED: Stealth:IAMUser/CloudTrailLoggingDisabled concerns account ${MEMBER}`);
    expect(notice?.message).not.toMatch(/REMEDIATED/);
  });

  it('does not judge this account security groups on a member account SSH finding, and says so', async () => {
    const groupId = await createGroup(ec2, 'member-lookalike', [tcp(22, '0.0.0.0/0')]);
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SecurityGroupIds: [groupId] }));
    const instanceId = run.Instances?.[0]?.InstanceId ?? '';
    const event = memberFinding('guardduty-ssh-bruteforce', { 'sg-0225c1ef2723cd87d': groupId, 'i-081de1d7604b11e4a': instanceId });

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(result.actionNeeded).toContain(MEMBER);
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
    expect((await inbox.drain()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[SKIPPED\]/)]);
  });

  it('does not act on a CloudTrail call recorded in another account and forwarded here', async () => {
    const groupId = await createGroup(ec2, 'forwarded', [tcp(22, '0.0.0.0/0')]);
    const event = withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { 'sg-0f63fecfa17ef4fee': groupId });
    (event.detail as Record<string, unknown>).recipientAccountId = MEMBER;

    const result = await handleEvent(openIngress, event, deps());

    expect(result.outcome).toBe('skipped');
    expect(await ingressSummary(ec2, groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  });
});

describe('a function invoked directly with a made-up event', () => {
  it('publishes nothing and changes nothing when the event names an API call the function does not handle', async () => {
    const name = baseline.TRAIL_NAME ?? '';
    await createTrail('us-east-1', name, baseline.TRAIL_S3_BUCKET ?? '');
    await new CloudTrailClient({ region: 'us-east-1' }).send(new StopLoggingCommand({ Name: name }));
    const event = loadEvent('cloudtrail-stoplogging');
    (event.detail as Record<string, unknown>).eventName = 'ALL CLEAR - drill, ignore trail alerts today';

    const result = await handleEvent(trailProtection, event, deps());

    expect(result.outcome).toBe('ignored');
    expect(result.reason).toMatch(/does not handle the API call/);
    expect(await inbox.drain()).toEqual([]);
    expect((await trailState('us-east-1', name)).logging).toBe(false);
  });
});
