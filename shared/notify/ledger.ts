/**
 * The notice ledger, which is also the history: every result is recorded, keyed by event (shared/history/keys.ts), with
 * its notice if it has one. A notice is recorded BEFORE it is published, and marked sent after. A retry of the same
 * event (Lambda retries after a failed Publish) then publishes the recorded notice instead of deriving a new one from
 * a resource that is by now compliant, so ops hear of every fix at least once; and a failure already paged for this
 * event is not paged again. A result without a notice is recorded only if the event has no row yet: a duplicate
 * delivery never replaces the record of what the first one did. Rows live in the stack's table (HISTORY_TABLE_NAME).
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Clients } from '../aws/clients';
import { awsCall } from '../aws/call';
import { AwsCallError, hasErrorCode } from '../errors';
import type { RemediationResult } from '../remediations/result';
import { expiresAt, shortIdOf } from '../history/keys';
import { buildNotification, type Notification } from './message';

/** One recorded notice. */
export interface NoticeRecord {
  key: string;
  status: 'pending' | 'sent';
  result: RemediationResult;
  notification: Notification;
}

/** The ledger key of an event's notice: one per remediation and event (its name too: ids are only unique per source). */
export function eventKey(remediation: string, trigger: { eventName: string; eventId: string }): string {
  return `notice#${remediation}#${trigger.eventName}#${trigger.eventId}`;
}

/** Reads and writes notice records in one DynamoDB table. */
export class NoticeLedger {
  public constructor(
    private readonly clients: Clients,
    private readonly table: string,
    private readonly region: string,
  ) {}

  /** The record under `key`, or undefined. */
  public async get(key: string): Promise<NoticeRecord | undefined> {
    const context = { resource: this.table, region: this.region };
    const out = await awsCall('GetItem', context, () => this.db().send(new GetItemCommand({ TableName: this.table, Key: { pk: { S: key } }, ConsistentRead: true })));
    const item = out.Item;
    if (!item?.result?.S || !item.notification?.S) return undefined;
    const result = JSON.parse(item.result.S) as RemediationResult;
    const recorded = JSON.parse(item.notification.S) as Notification;
    // The per-protocol bodies are not stored (they repeat the result): rebuilt from it, as they were built.
    const notification = item.format?.S === 'text+result' ? { ...recorded, bodies: buildNotification(result).bodies } : recorded;
    return { key, status: item.status?.S === 'sent' ? 'sent' : 'pending', result, notification };
  }

  /** Records a notice about to be published (replacing an older record of the same key). */
  public async recordPending(key: string, result: RemediationResult, notification: Notification, now = new Date()): Promise<void> {
    const item = { ...historyItem(key, result, now), status: { S: 'pending' }, notification: { S: JSON.stringify({ ...notification, bodies: undefined }) }, format: { S: 'text+result' } };
    await awsCall('PutItem', { resource: this.table, region: this.region }, () => this.db().send(new PutItemCommand({ TableName: this.table, Item: item })));
  }

  /**
   * Records a result that has no notice, unless the event already has a row (a duplicate delivery keeps the first).
   * `overQuiet`: it replaces a row without a notice too (a sweep run's summary over its dispatch's row), never a notice.
   */
  public async recordQuiet(key: string, result: RemediationResult, now = new Date(), overQuiet = false): Promise<void> {
    const item = { ...historyItem(key, result, now), status: { S: 'none' } };
    const condition = overQuiet ? 'attribute_not_exists(pk) OR attribute_not_exists(notification)' : 'attribute_not_exists(pk)';
    try {
      await this.db().send(new PutItemCommand({ TableName: this.table, Item: item, ConditionExpression: condition }));
    } catch (error) {
      if (hasErrorCode(error, 'ConditionalCheckFailedException')) return;
      throw new AwsCallError('PutItem', error, { resource: this.table, region: this.region });
    }
  }

  /** Marks the notice under `key` as delivered. */
  public async markSent(key: string, now = new Date()): Promise<void> {
    await awsCall('UpdateItem', { resource: this.table, region: this.region }, () =>
      this.db().send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: key } },
          UpdateExpression: 'SET #s = :sent, sentAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sent': { S: 'sent' }, ':at': { S: now.toISOString() } },
        }),
      ),
    );
  }

  private db() {
    return this.clients.dynamodb(this.region);
  }
}

/** The history columns of a result (the row's key, short id, who, what, where, outcome, and the whole result). */
function historyItem(key: string, result: RemediationResult, now: Date): Record<string, AttributeValue> {
  const actor = result.trigger.actor;
  return {
    pk: { S: key },
    shortId: { S: shortIdOf(key) },
    remediation: { S: result.remediation },
    outcome: { S: result.outcome },
    resource: { S: result.resource.id },
    account: { S: result.resource.account },
    region: { S: result.resource.region },
    eventId: { S: result.trigger.eventId },
    eventName: { S: result.trigger.eventName },
    eventTime: { S: result.trigger.time },
    ...(actor ? { actor: { S: actor.arn ?? actor.name ?? actor.type } } : {}),
    result: { S: JSON.stringify(result) },
    recordedAt: { S: now.toISOString() },
    expiresAt: { N: expiresAt(now) },
  };
}
