/** The alerts topic's baseline, read from the environment: subscribers, admins, key, and who may publish. */
import { z } from 'zod';
import { ConfigError } from './errors';
import { commaList, errorText } from './config-parse';
import { functionRoleArn, stackRoleArns, type StackPlace } from './baseline/roles';
import { RAW_DELIVERY_PROTOCOLS } from './baseline/subscription';
import { parseTopicArn, sameSubscriber, type Subscriber, type TopicBaseline } from './baseline/topic';

/** The settings the topic baseline is built from (validated by shared/config.ts first). */
export interface TopicEnv {
  ALERT_TOPIC_ARN: string;
  ALERT_SUBSCRIBERS: string;
  ALERT_EMAIL?: string | undefined;
  TOPIC_ADMIN_ARNS: string;
  ALERT_TOPIC_DISPLAY_NAME: string;
  ALERT_TOPIC_KMS_KEY_ID?: string | undefined;
  ALARM_NAME_PREFIX: string;
}

const SubscribersSchema = z.array(
  z.strictObject({
    protocol: z.enum(['email', 'email-json', 'http', 'https', 'sqs', 'lambda', 'sms', 'firehose', 'application'], { error: 'protocol must be an SNS protocol (email, https, sqs, lambda, ...)' }),
    endpoint: z.string().min(1, 'endpoint must not be empty'),
    rawMessageDelivery: z.boolean({ error: 'rawMessageDelivery must be true or false' }).optional(),
  }).refine((s) => s.rawMessageDelivery === undefined || RAW_DELIVERY_PROTOCOLS.has(s.protocol), { error: 'rawMessageDelivery applies to sqs, http, https and firehose subscribers only' }),
);

/**
 * A topic admin is exempt from every Deny on the alerts topic, so it is named exactly: the account root, a role or a
 * user of one account. A name or prefix anyone may create (`role/Admin*`, any account `*`, a federated user any IAM
 * user can claim with GetFederationToken) is refused. The one wildcard accepted is an IAM Identity Center role's
 * (`role/aws-reserved/sso.amazonaws.com/[region/]AWSReservedSSO_<permission set>_*`): those roles are made and
 * renamed by Identity Center only, with a random suffix.
 */
const ADMIN_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[A-Za-z0-9+=,.@_/-]+|user\/[A-Za-z0-9+=,.@_/-]+)$/;
const SSO_ADMIN_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/(?:[a-z0-9-]+\/|\*\/)?AWSReservedSSO_[A-Za-z0-9+=,.@_-]+_(?:[0-9a-f]+|\*)$/;

/** The topic baseline, or a ConfigError naming the bad setting. */
export function topicBaseline(e: TopicEnv, stack: StackPlace): TopicBaseline {
  const arn = parseTopicArn(e.ALERT_TOPIC_ARN);
  if (!arn) throw new ConfigError('Invalid configuration: ALERT_TOPIC_ARN must be an SNS topic ARN');
  let listed: Subscriber[];
  try {
    listed = SubscribersSchema.parse(JSON.parse(e.ALERT_SUBSCRIBERS));
  } catch (cause) {
    throw new ConfigError(`Invalid configuration: ALERT_SUBSCRIBERS must be a JSON list of {"protocol", "endpoint"} (${errorText(cause)})`, { cause });
  }
  const email = e.ALERT_EMAIL ? { protocol: 'email', endpoint: e.ALERT_EMAIL } : undefined;
  const subscribers = email && !listed.some((s) => sameSubscriber(s, email)) ? [email, ...listed] : listed;
  const adminArns = commaList('TOPIC_ADMIN_ARNS', e.TOPIC_ADMIN_ARNS);
  const badAdmin = adminArns.find((a) => !ADMIN_ARN.test(a) && !SSO_ADMIN_ARN.test(a));
  if (badAdmin) {
    throw new ConfigError(
      `Invalid configuration: TOPIC_ADMIN_ARNS entry "${badAdmin}" is not the exact ARN of a role, a user or the root of one account (a wildcard is accepted only in an IAM Identity Center role: arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_<permission set>_*)`,
    );
  }
  return {
    topicArn: e.ALERT_TOPIC_ARN,
    ...arn,
    displayName: e.ALERT_TOPIC_DISPLAY_NAME,
    ...(e.ALERT_TOPIC_KMS_KEY_ID ? { kmsKeyId: e.ALERT_TOPIC_KMS_KEY_ID } : {}),
    subscribers,
    adminArns,
    repairRoleArn: functionRoleArn(stack, 'protect-notifications'),
    stackRoleArns: stackRoleArns(stack),
    // Baseline alarms are named ALARM_NAME_PREFIX...; the dead-letter alarms `<service>-<stage>-dead-letters` (depth),
    // `-dead-letters-expiring` (age) and `-dead-letters-lost` (Lambda could not write one), and `-sweep-dead-letters`
    // (a target of a fanned-out sweep failed 3 times).
    alarmArns: [`arn:${stack.partition}:cloudwatch:*:${stack.account}:alarm:${e.ALARM_NAME_PREFIX}*`, ...['dead-letters', 'dead-letters-expiring', 'dead-letters-lost', 'sweep-dead-letters'].map((name) => `arn:${stack.partition}:cloudwatch:*:${stack.account}:alarm:${stack.rolePrefix}${name}`)],
  };
}
