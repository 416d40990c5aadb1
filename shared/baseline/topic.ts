/**
 * What the alerts topic must look like: its policy (who may publish, and an explicit Deny on tampering),
 * its attributes, and the subscribers that must stay subscribed. Data and pure functions only.
 * serverless.yml declares the same policy for the deployed topic (test/unit/shared/baseline/topic.test.ts checks both agree).
 */

/** A subscriber that must stay subscribed to the alerts topic. */
export interface Subscriber {
  protocol: string;
  endpoint: string;
  /** RawMessageDelivery as subscribed (sqs, http/s, firehose); undefined = off, the SNS default. */
  rawMessageDelivery?: boolean;
}

/** Protocols whose endpoint must confirm a new subscription before it receives anything. */
export const CONFIRMING_PROTOCOLS: ReadonlySet<string> = new Set(['email', 'email-json', 'http', 'https']);

/** The protected topic's baseline. */
export interface TopicBaseline {
  topicArn: string;
  name: string;
  region: string;
  account: string;
  partition: string;
  displayName: string;
  /** KMS key for encryption at rest; undefined = not encrypted. */
  kmsKeyId?: string;
  subscribers: Subscriber[];
  /** Principals exempt from the Deny (besides the repair role and the account root). */
  adminArns: string[];
  /** The backend's own repair role (protect-notifications). */
  repairRoleArn: string;
  /** Every role of the stack: they publish the notices. */
  stackRoleArns: string[];
  /** The alarms that may publish (ARN patterns): the baseline alarms and the stack's dead-letter alarm. */
  alarmArns: string[];
}

/** Topic actions denied to every principal but the admins: they remove or rewrite the channel. */
export const DENIED_TOPIC_ACTIONS = ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:PutDataProtectionPolicy'] as const;

/** Actions granted to the account's own IAM principals (their IAM policies still decide). */
export const ACCOUNT_TOPIC_ACTIONS = ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Subscribe', 'sns:Publish'] as const;

/** The parts of an SNS topic ARN, or undefined when it is not one. */
export function parseTopicArn(arn: string): { partition: string; region: string; account: string; name: string } | undefined {
  const match = /^arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})$/.exec(arn);
  if (!match) return undefined;
  const [, partition = 'aws', region = '', account = '', name = ''] = match;
  return { partition, region, account, name };
}

/** The topic a subscription ARN (`arn:aws:sns:region:account:topic:uuid`) belongs to. */
export function topicOfSubscription(subscriptionArn: string): string | undefined {
  const cut = subscriptionArn.lastIndexOf(':');
  const topic = cut > 0 ? subscriptionArn.slice(0, cut) : '';
  return parseTopicArn(topic) ? topic : undefined;
}

/** Principals the Deny does not apply to: the repair role, the account root (break glass), then the configured admins. */
export function exemptPrincipals(baseline: TopicBaseline): string[] {
  return [baseline.repairRoleArn, `arn:${baseline.partition}:iam::${baseline.account}:root`, ...baseline.adminArns];
}

/** Principals who may publish: the stack's roles (notices), the account root and the admins. CloudWatch alarms publish as a service. */
export function publisherPrincipals(baseline: TopicBaseline): string[] {
  return [...baseline.stackRoleArns, `arn:${baseline.partition}:iam::${baseline.account}:root`, ...baseline.adminArns];
}

/**
 * The baseline topic policy. Inside the account an IAM Allow is enough to publish or subscribe, so the narrowing is
 * done with explicit Denies: a forged notice (Publish) or a reader of every alert (Subscribe) needs an exempt principal.
 * The Denies apply to IAM principals only (aws:PrincipalIsAWSService false): CloudWatch alarms still publish.
 */
export function topicPolicy(baseline: TopicBaseline): PolicyDocument {
  const { topicArn, account, partition } = baseline;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountPrincipals',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: [...ACCOUNT_TOPIC_ACTIONS],
        Resource: topicArn,
      },
      {
        Sid: 'CloudWatchAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': baseline.alarmArns } },
      },
      {
        Sid: 'DenyTamperingExceptAdmins',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: [...DENIED_TOPIC_ACTIONS],
        Resource: topicArn,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': exemptPrincipals(baseline) } },
      },
      {
        Sid: 'DenyPublishExceptChain',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': publisherPrincipals(baseline) }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      },
      {
        Sid: 'DenySubscribeExceptAdmins',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sns:Subscribe',
        Resource: topicArn,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': exemptPrincipals(baseline) }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      },
    ],
  };
}

/** An IAM policy document, as far as this module needs it. */
export interface PolicyDocument {
  Version: string;
  Id?: string;
  Statement: Record<string, unknown>[];
}

/** Topic attributes the baseline sets, by SNS attribute name (the KMS key only when one is configured). */
export function baselineAttributes(baseline: TopicBaseline): Record<string, string> {
  return {
    Policy: JSON.stringify(topicPolicy(baseline)),
    DisplayName: baseline.displayName,
    ...(baseline.kmsKeyId ? { KmsMasterKeyId: baseline.kmsKeyId } : {}),
  };
}

/**
 * The same policy written differently (one-element lists, `SNS:` vs `sns:`, key order, statement order) compares equal;
 * anything else (an added, removed or widened statement) differs. `Id` is ignored.
 */
export function samePolicy(a: string | undefined, b: string | undefined): boolean {
  const pa = parsePolicy(a);
  const pb = parsePolicy(b);
  if (!pa || !pb) return false;
  return canonical(pa) === canonical(pb);
}

function parsePolicy(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function canonical(policy: Record<string, unknown>): string {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return JSON.stringify({ Version: policy.Version, Statement: normalise(statements) });
}

function normalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalise(v, key)).map((v) => JSON.stringify(v)).sort();
    return items.length === 1 ? JSON.parse(items[0] ?? 'null') : items.map((v) => JSON.parse(v) as unknown);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normalise((value as Record<string, unknown>)[k], k)]));
  }
  // Action names are case-insensitive (`SNS:Publish` = `sns:Publish`).
  if (typeof value === 'string' && (key === 'Action' || key === 'NotAction')) return value.toLowerCase();
  return value;
}

/** What is wrong with the topic's attributes, by attribute; empty when they match the baseline. */
export function attributeDrift(baseline: TopicBaseline, current: Record<string, string>): { name: string; before: string; after: string }[] {
  const wanted = baselineAttributes(baseline);
  const drift: { name: string; before: string; after: string }[] = [];
  if (!samePolicy(current.Policy, wanted.Policy)) drift.push({ name: 'Policy', before: current.Policy ?? '', after: wanted.Policy ?? '' });
  if ((current.DisplayName ?? '') !== wanted.DisplayName) drift.push({ name: 'DisplayName', before: current.DisplayName ?? '', after: wanted.DisplayName ?? '' });
  // A stronger setting is kept: a customer managed key set when the baseline names none stays. The AWS managed key
  // is not stronger: CloudWatch cannot use it, so alarm notifications stop. It is put back to the baseline (a key or none).
  const key = current.KmsMasterKeyId ?? '';
  if (baseline.kmsKeyId ? !sameKey(key, baseline.kmsKeyId) : isAwsManagedSnsKey(key)) drift.push({ name: 'KmsMasterKeyId', before: key, after: baseline.kmsKeyId ?? '' });
  return drift;
}

/**
 * True for the AWS managed SNS key named by its alias (`alias/aws/sns`, or its alias ARN). Its key ID or key ARN
 * cannot be told from a customer key without KMS (DescribeKey), which this module does not call.
 */
export function isAwsManagedSnsKey(key: string | undefined): boolean {
  return /^(arn:[^:]+:kms:[^:]*:\d*:)?alias\/aws\/sns$/.test(key ?? '');
}

/** A key given as ARN, alias or id matches the same key written another way (`alias/x` vs `arn:...:alias/x`). */
function sameKey(current: string | undefined, wanted: string): boolean {
  if (!current) return false;
  const tail = (k: string): string => k.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '');
  return current === wanted || tail(current) === tail(wanted);
}

/** A current subscription of the topic, as ListSubscriptionsByTopic returns it. */
export interface TopicSubscription {
  arn: string;
  protocol: string;
  endpoint: string;
}

/** True when the subscription is confirmed (pending ones have the ARN `PendingConfirmation`). */
export function isConfirmed(subscription: TopicSubscription): boolean {
  return subscription.arn.startsWith('arn:');
}

/** Baseline subscribers with no subscription at all (pending ones count as present: re-subscribing only re-sends the e-mail). */
export function missingSubscribers(baseline: TopicBaseline, current: readonly TopicSubscription[]): Subscriber[] {
  return baseline.subscribers.filter((s) => !current.some((c) => sameSubscriber(s, c)));
}

/** The subscription and the baseline entry are the same protocol and endpoint. */
export function sameSubscriber(a: Subscriber, b: Subscriber): boolean {
  const norm = (s: Subscriber): string => (s.protocol.startsWith('email') ? s.endpoint.toLowerCase() : s.endpoint);
  return a.protocol === b.protocol && norm(a) === norm(b);
}
