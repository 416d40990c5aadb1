/**
 * One body per SNS protocol: the Chatbot custom notification for https (checked against the documented schema,
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html), and the whole message within 256 KB.
 */
import { z } from 'zod';
import { parseEvent } from '../../../../shared/events/trigger';
import { CHATBOT_LIMITS } from '../../../../shared/notify/chatbot';
import { buildNotification } from '../../../../shared/notify/message';
import { SNS_MAX_BYTES, messageBytes } from '../../../../shared/notify/protocols';
import type { Action, RemediationResult } from '../../../../shared/remediations/result';
import { summarise } from '../../../../shared/remediations/summary';
import { loadEvent } from '../../../../scripts/lib/events';

/** The documented event format: version 1.0, source custom, content and metadata. */
const ChatbotSchema = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().optional(),
  content: z.strictObject({
    textType: z.literal('client-markdown').optional(),
    title: z.string().max(CHATBOT_LIMITS.title).optional(),
    description: z.string().min(1).max(CHATBOT_LIMITS.description),
    nextSteps: z.array(z.string().max(CHATBOT_LIMITS.nextStep)).max(CHATBOT_LIMITS.nextSteps).optional(),
    keywords: z.array(z.string().max(CHATBOT_LIMITS.keyword)).max(CHATBOT_LIMITS.keywords).optional(),
  }),
  metadata: z
    .strictObject({
      threadId: z.string().optional(),
      summary: z.string().optional(),
      eventType: z.string().optional(),
      relatedResources: z.array(z.string()).optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

const GROUP = 'sg-0f63fecfa17ef4fee';
const action = (i: number, status: Action['status'] = 'done'): Action => ({
  api: 'RevokeSecurityGroupIngress',
  target: `${GROUP} sgr-${i}`,
  status,
  params: { GroupId: GROUP, SecurityGroupRuleId: `sgr-${i}` },
  before: { summary: `tcp ${i} from 0.0.0.0/0`, description: 'x'.repeat(200) },
  after: 'revoked',
  undo: `aws ec2 authorize-security-group-ingress --region us-east-1 --group-id ${GROUP} --ip-permissions '[{"IpProtocol":"tcp","FromPort":${i},"ToPort":${i}}]'`,
});
const result = (actions: Action[], outcome: 'remediated' | 'reported' = 'remediated'): RemediationResult =>
  ({
    remediation: 'revoke-open-ingress',
    headline: `Public ingress revoked on ${GROUP}`,
    outcome,
    verified: outcome === 'remediated',
    resource: { type: 'AWS::EC2::SecurityGroup', id: GROUP, account: '111122223333', region: 'us-east-1' },
    actions,
    kept: [],
    reason: `Revoked ${actions.length} world-open ingress rule(s)`,
    trigger: summarise(parseEvent(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'))),
  }) as RemediationResult;
const chatbotOf = (r: RemediationResult): unknown => JSON.parse(buildNotification(r).bodies?.https ?? '{}');

it('gives https subscribers a Chatbot custom notification of the documented format', () => {
  expect(ChatbotSchema.safeParse(chatbotOf(result([action(22)]))).error).toBeUndefined();
});

it('keeps a Chatbot notification of 2,000 changes within the field limits', () => {
  expect(ChatbotSchema.safeParse(chatbotOf(result(Array.from({ length: 2000 }, (_, i) => action(i))))).error).toBeUndefined();
});

it('offers the apply commands as next steps in report mode', () => {
  const chatbot = ChatbotSchema.parse(chatbotOf(result([action(22, 'planned')], 'reported')));

  expect(chatbot.content.nextSteps).toContain(`Apply: \`aws ec2 revoke-security-group-ingress --region us-east-1 --group-id ${GROUP} --security-group-rule-ids sgr-22\``);
});

it('keeps the whole structured message within SNS 256 KB for 5,000 changes', () => {
  const { bodies } = buildNotification(result(Array.from({ length: 5000 }, (_, i) => action(i))));

  expect(messageBytes(bodies ?? { default: '', email: '', https: '', sqs: '', lambda: '' })).toBeLessThanOrEqual(SNS_MAX_BYTES);
});

it('marks a cut JSON notice with how many entries it holds of how many', () => {
  const { bodies } = buildNotification(result(Array.from({ length: 5000 }, (_, i) => action(i))));
  const notice = JSON.parse(bodies?.sqs ?? '{}') as { truncated?: { actions: { total: number; included: number } }; result: { actions: unknown[] } };

  expect([notice.truncated?.actions.total, notice.truncated?.actions.included === notice.result.actions.length]).toEqual([5000, true]);
});

it('does not cut a JSON notice that fits', () => {
  const notice = JSON.parse(buildNotification(result([action(22)])).bodies?.sqs ?? '{}') as Record<string, unknown>;

  expect(notice).not.toHaveProperty('truncated');
});
