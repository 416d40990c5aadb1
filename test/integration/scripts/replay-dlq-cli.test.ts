/**
 * `npm run replay-dlq` against the moto emulator's SQS: the three shapes a dead letter can have (a function's own DLQ,
 * an EventBridge rule's DLQ, the older on-failure destination record), dry run first, then for real.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { createGroup, ingressSummary, tcp } from '../../../scripts/lib/emulator-ec2';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { jsonLines, messages, runScript } from '../../support/cli';
import { ORG_ENV } from '../../support/org';

const ec2 = new EC2Client({ region: 'us-east-1' });
const sqs = new SQSClient({ region: 'us-east-1' });
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:chain-guard-dev-revoke-open-ingress';
let topicArn = '';
let queueUrl = '';
let n = 0;

beforeAll(async () => {
  topicArn = (await new SNSClient({ region: 'us-east-1' }).send(new CreateTopicCommand({ Name: 'replay-alerts' }))).TopicArn ?? '';
});

beforeEach(async () => {
  n += 1;
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `replay-dead-letters-${n}` }))).QueueUrl ?? '';
});

function replay(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = runScript('replay-dlq', ['--queue-url', queueUrl, ...args], { env: { ALERT_TOPIC_ARN: topicArn, STAGE: 'dev', ...env } });
  return { code, lines: jsonLines(stdout), notes: messages(stderr, 'replay-dlq') };
}

const str = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** A world-open SSH rule on a fresh group, and the real CloudTrail event that opened it. */
async function openSsh(name: string): Promise<{ groupId: string; event: Record<string, unknown> }> {
  const groupId = await createGroup(ec2, name, [tcp(22, '0.0.0.0/0')]);
  const event = withIds(loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world'), { 'sg-0db7d4784c4db8612': groupId });
  return { groupId, event: { ...event, id: `replay-${name}` } };
}

/** As a function's own dead-letter queue writes it: the raw event, the error in attributes. */
async function sendLambdaDlq(event: unknown): Promise<void> {
  const attributes = { RequestID: str('8c1f6a0e-req'), ErrorCode: { DataType: 'Number', StringValue: '200' }, ErrorMessage: str('RemediationFailedError: revoke-open-ingress failed on sg-1: Throttling') };
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event), MessageAttributes: attributes }));
}

/** As the on-failure destination wrote it before: the event wrapped in requestPayload. */
async function sendDestinationRecord(event: unknown): Promise<void> {
  const record = {
    version: '1.0',
    timestamp: '2026-12-01T10:00:00.000Z',
    requestContext: { requestId: '5e2a-req', functionArn: `${FUNCTION_ARN}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'RemediationFailedError', errorMessage: 'revoke-open-ingress failed on sg-2: AccessDenied' },
  };
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
}

/** As an EventBridge rule's dead-letter queue writes it. */
async function sendRuleDlq(event: unknown): Promise<void> {
  const attributes = { RULE_ARN: str('arn:aws:events:us-east-1:111122223333:rule/chain-guard-dev-ingress'), TARGET_ARN: str(FUNCTION_ARN), ERROR_CODE: str('THROTTLING'), ERROR_MESSAGE: str('Rate exceeded') };
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event), MessageAttributes: attributes }));
}

async function depth(): Promise<number> {
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

it('lists each dead letter, in each format, with the function it would go to and why it failed, changing nothing', async () => {
  const a = await openSsh('dry-a');
  const b = await openSsh('dry-b');
  const c = await openSsh('dry-c');
  await sendLambdaDlq(a.event);
  await sendDestinationRecord(b.event);
  await sendRuleDlq(c.event);

  const { code, lines, notes } = replay([]);

  expect(code).toBe(0);
  expect(lines.sort((x, y) => String(x.eventId).localeCompare(String(y.eventId)))).toEqual([
    expect.objectContaining({ eventId: 'replay-dry-a', format: 'raw', functions: ['revoke-open-ingress'], action: 'would replay', failedBecause: 'Lambda failed (ErrorCode 200, request 8c1f6a0e-req): RemediationFailedError: revoke-open-ingress failed on sg-1: Throttling' }),
    expect.objectContaining({ eventId: 'replay-dry-b', format: 'lambda-destination', functions: ['revoke-open-ingress'], action: 'would replay', failedBecause: 'Lambda RetriesExhausted after 3 attempt(s): RemediationFailedError: revoke-open-ingress failed on sg-2: AccessDenied' }),
    expect.objectContaining({ eventId: 'replay-dry-c', format: 'raw', functions: ['revoke-open-ingress'], action: 'would replay', failedBecause: expect.stringMatching(/^EventBridge could not deliver it to .*revoke-open-ingress \(rule .*\): THROTTLING: Rate exceeded$/) }),
  ]);
  expect(notes).toEqual([expect.stringMatching(/3 message\(s\) .*dry run/)]);
  expect(await ingressSummary(ec2, a.groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(await depth()).toBe(3);
});

it('says in the dry run how each function would run, from the mode and switches of the environment it runs in', async () => {
  await sendLambdaDlq((await openSsh('runs-as')).event);

  const { lines } = replay([], { REMEDIATION_MODE: 'enforce', REMEDIATION_SWITCHES: '{"revoke-open-ingress":"report"}' });

  expect(lines).toEqual([expect.objectContaining({ action: 'would replay', runsAs: { 'revoke-open-ingress': 'report (REMEDIATION_SWITCHES revoke-open-ingress=report)' } })]);
});

it('says a member account listed in ORG_REPORT_ACCOUNTS would only be reported on, as the pipeline gates it', async () => {
  const { event } = await openSsh('runs-as-member');
  await sendLambdaDlq(JSON.parse(JSON.stringify(event).replaceAll(String(event.account), '444455556666')));

  const { lines } = replay([], { ...ORG_ENV, ORG_REPORT_ACCOUNTS: '444455556666' });

  expect(lines).toEqual([expect.objectContaining({ action: 'would replay', runsAs: { 'revoke-open-ingress': 'report (ORG_REPORT_ACCOUNTS (444455556666))' } })]);
});

it('replays both formats with --apply, repairs, and deletes what succeeded', async () => {
  const a = await openSsh('apply-a');
  const b = await openSsh('apply-b');
  await sendLambdaDlq(a.event);
  await sendDestinationRecord(b.event);

  const { code, lines } = replay(['--apply']);

  expect(code).toBe(0);
  expect(lines.map((l) => [l.action, l.results])).toEqual([
    ['replayed, deleted', [{ function: 'revoke-open-ingress', outcome: 'remediated' }]],
    ['replayed, deleted', [{ function: 'revoke-open-ingress', outcome: 'remediated' }]],
  ]);
  expect(await ingressSummary(ec2, a.groupId)).toEqual([]);
  expect(await ingressSummary(ec2, b.groupId)).toEqual([]);
  expect(await depth()).toBe(0);
});

it('keeps and reports a dead letter that still fails, and exits 1', async () => {
  const a = await openSsh('still-failing');
  await sendRuleDlq(a.event);
  // The alerts topic does not exist: the repair is done, but its notice cannot be published, so the handler fails.
  const missingTopic = 'arn:aws:sns:us-east-1:111122223333:no-such-topic';

  const { code, lines } = replay(['--apply'], { ALERT_TOPIC_ARN: missingTopic });

  expect(code).toBe(1);
  expect(lines).toEqual([expect.objectContaining({ action: 'kept', why: 'still failing', results: [expect.objectContaining({ function: 'revoke-open-ingress', outcome: 'failed', error: expect.stringMatching(/Publish failed/) })] })]);
  expect(await depth()).toBe(1);
});

it('keeps a dead letter whose replay only skipped it with ACTION NEEDED (function switched off), and exits 1', async () => {
  const a = await openSsh('switched-off');
  await sendLambdaDlq(a.event);

  const { code, lines } = replay(['--apply'], { REMEDIATION_SWITCHES: '{"revoke-open-ingress":"disabled"}' });

  expect(code).toBe(1);
  expect(lines).toEqual([expect.objectContaining({ action: 'kept', why: expect.stringMatching(/^not repaired, needs a person: .*switched off/), results: [{ function: 'revoke-open-ingress', outcome: 'skipped' }] })]);
  expect(await ingressSummary(ec2, a.groupId)).toEqual(['tcp 22-22 0.0.0.0/0']);
  expect(await depth()).toBe(1);
});

it('keeps a message that is not an event, says why, and exits 1', async () => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not json at all' }));

  const { code, lines } = replay(['--apply']);

  expect(code).toBe(1);
  expect(lines).toEqual([expect.objectContaining({ action: 'kept', functions: [], why: expect.stringMatching(/^cannot be replayed: body is not JSON/) })]);
  expect(await depth()).toBe(1);
});

it('keeps an event no declared rule matches', async () => {
  await sendLambdaDlq(loadEvent('guardduty-iam-toripcaller-sample-finding'));

  const { code, lines } = replay(['--apply']);

  expect(code).toBe(1);
  expect(lines).toEqual([expect.objectContaining({ action: 'kept', functions: [], why: 'cannot be replayed: no EventBridge rule declared in serverless.yml matches this event' })]);
  expect(await depth()).toBe(1);
});

it('ends with the count of each outcome and what to do about the messages it kept', async () => {
  await sendLambdaDlq((await openSsh('tally')).event);
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not json at all' }));

  const { notes } = replay(['--apply']);

  expect(notes).toEqual([
    expect.stringMatching(/^replay-dlq: 2 message\(s\) in \S+: (1 replayed, deleted, 1 cannot be replayed|1 cannot be replayed, 1 replayed, deleted)$/),
    expect.stringMatching(/^replay-dlq: 1 message\(s\) kept in the queue \(the dead-letter alarm stays on\): read each line's "why", fix the cause and run again/),
  ]);
});

it('says when each message reached the queue, which deletes it 14 days later', async () => {
  const before = Date.now() - 1000;
  await sendLambdaDlq((await openSsh('sent-at')).event);

  const { lines } = replay([]);

  expect(Date.parse(String(lines[0]?.sentAt))).toBeGreaterThanOrEqual(before);
  expect(Date.parse(String(lines[0]?.sentAt))).toBeLessThanOrEqual(Date.now());
});

it('exits 2 on an unknown option, receiving nothing', async () => {
  await sendLambdaDlq((await openSsh('usage')).event);

  const { code, notes } = replay(['--force']);

  expect(code).toBe(2);
  expect(notes).toEqual([expect.stringMatching(/^replay-dlq: usage: npm run replay-dlq -- \[--apply\]/)]);
  expect(await depth()).toBe(1);
});
