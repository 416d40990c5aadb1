/**
 * A fanned-out sweep run in the history table (HistoryTable; keys `sweep#<function>#...`, shared/history/keys.ts):
 * - `sweep#<fn>#run#<runId>`: the run (its targets, the targets done, its write budget, when its summary was claimed);
 * - `sweep#<fn>#run#<runId>#<account>#<region>`: one target's result (JSON), written by that target's worker;
 * - `sweep#<fn>#open`: the function's open runs (`<startedAt>|<runId>`), so the next dispatch finds a lost one.
 * Every change is one conditional or atomic UpdateItem: workers run at the same time.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Clients } from '../aws/clients';
import { awsCall } from '../aws/call';
import { AwsCallError, hasErrorCode } from '../errors';
import { expiresAt } from '../history/keys';
import { openEntry, SUMMARY_LEASE_MINUTES, targetId, type RunState } from './run';
import type { SweepTarget, WriteBudget } from './security-groups';

/** Where the table is. */
export interface RunTable {
  clients: Clients;
  table: string;
  region: string;
}

/** A target's result larger than this is not stored (a DynamoDB item holds 400 KB): the worker stores a failure instead. */
export const MAX_RESULT_BYTES = 350_000;

export class RunStore {
  public constructor(
    private readonly place: RunTable,
    private readonly fn: string,
  ) {}

  /**
   * Records a new run and lists it as open. A run already recorded (a retried dispatch) is kept as it is, returned, and
   * listed as open again unless summarized (the first attempt may have failed between the two writes).
   */
  public async create(run: Omit<RunState, 'done' | 'summarizedAt' | 'dispatchedAt' | 'fn'>): Promise<RunState> {
    const now = new Date(run.startedAt);
    const item: Record<string, AttributeValue> = {
      pk: { S: this.runKey(run.runId) },
      fn: { S: this.fn },
      startedAt: { S: run.startedAt },
      targets: { S: JSON.stringify(run.targets) },
      notes: { S: JSON.stringify(run.notes) },
      expected: { N: String(run.targets.length) },
      writesLeft: { N: String(run.writesLeft) },
      expiresAt: { N: expiresAt(now) },
    };
    try {
      await this.db().send(new PutItemCommand({ TableName: this.place.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!hasErrorCode(error, 'ConditionalCheckFailedException')) throw new AwsCallError('PutItem', error, this.context());
      const existing = await this.get(run.runId);
      if (existing?.summarizedAt !== undefined) return existing;
      if (existing) {
        await this.listOpen(existing, now);
        return existing;
      }
    }
    await this.listOpen(run, now);
    return { ...run, fn: this.fn, done: [] };
  }

  /** The run, or undefined when there is none. */
  public async get(runId: string): Promise<RunState | undefined> {
    const out = await awsCall('GetItem', this.context(), () => this.db().send(new GetItemCommand({ TableName: this.place.table, Key: { pk: { S: this.runKey(runId) } }, ConsistentRead: true })));
    return out.Item ? this.stateOf(runId, out.Item) : undefined;
  }

  /** The run's budget of writes: all of `writes`, or none (a conditional UpdateItem: workers reserve at once). */
  public budget(runId: string): WriteBudget {
    return {
      reserve: async (writes: number) => {
        if (writes <= 0) return true;
        try {
          await this.db().send(
            new UpdateItemCommand({
              TableName: this.place.table,
              Key: { pk: { S: this.runKey(runId) } },
              UpdateExpression: 'SET writesLeft = writesLeft - :n',
              ConditionExpression: 'attribute_exists(pk) AND writesLeft >= :n',
              ExpressionAttributeValues: { ':n': { N: String(writes) } },
            }),
          );
          return true;
        } catch (error) {
          if (hasErrorCode(error, 'ConditionalCheckFailedException')) return false;
          throw new AwsCallError('UpdateItem', error, this.context());
        }
      },
    };
  }

  /** Stores one target's result, then counts the target done (a set: a redelivered message counts once). */
  public async recordTarget(runId: string, target: SweepTarget, result: unknown, now = new Date()): Promise<RunState> {
    const item = { pk: { S: this.targetKey(runId, target) }, result: { S: JSON.stringify(result) }, recordedAt: { S: now.toISOString() }, expiresAt: { N: expiresAt(now) } };
    await awsCall('PutItem', this.context(), () => this.db().send(new PutItemCommand({ TableName: this.place.table, Item: item })));
    const out = await awsCall('UpdateItem', this.context(), () =>
      this.db().send(
        new UpdateItemCommand({
          TableName: this.place.table,
          Key: { pk: { S: this.runKey(runId) } },
          UpdateExpression: 'ADD done :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': { SS: [targetId(target)] } },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return this.stateOf(runId, out.Attributes ?? {});
  }

  /** Marks every target's message sent. */
  public async markDispatched(runId: string, now = new Date()): Promise<void> {
    await awsCall('UpdateItem', this.context(), () =>
      this.db().send(
        new UpdateItemCommand({
          TableName: this.place.table,
          Key: { pk: { S: this.runKey(runId) } },
          UpdateExpression: 'SET dispatchedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': { S: now.toISOString() } },
        }),
      ),
    );
  }

  /**
   * Claims the run's summary: true for the one caller that sets `summarizedAt`, false for any other. A claim older
   * than SUMMARY_LEASE_MINUTES whose summary was never delivered (its claimer crashed or timed out) is taken over.
   */
  public async claimSummary(runId: string, now = new Date()): Promise<boolean> {
    const expired = new Date(now.getTime() - SUMMARY_LEASE_MINUTES * 60_000).toISOString();
    try {
      await this.db().send(
        new UpdateItemCommand({
          TableName: this.place.table,
          Key: { pk: { S: this.runKey(runId) } },
          UpdateExpression: 'SET summarizedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(summarizedAt) OR (attribute_not_exists(deliveredAt) AND summarizedAt < :expired))',
          ExpressionAttributeValues: { ':at': { S: now.toISOString() }, ':expired': { S: expired } },
        }),
      );
      return true;
    } catch (error) {
      if (hasErrorCode(error, 'ConditionalCheckFailedException')) return false;
      throw new AwsCallError('UpdateItem', error, this.context());
    }
  }

  /** Marks the claimed summary delivered: no one takes the claim over any more. */
  public async markDelivered(runId: string, now = new Date()): Promise<void> {
    await this.update(this.runKey(runId), 'SET deliveredAt = :at', { ':at': { S: now.toISOString() } });
  }

  /** The stored results of the run's targets, by target id (a target without a row is missing). */
  public async results(run: RunState): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    for (const target of run.targets) {
      const out = await awsCall('GetItem', this.context(), () => this.db().send(new GetItemCommand({ TableName: this.place.table, Key: { pk: { S: this.targetKey(run.runId, target) } }, ConsistentRead: true })));
      const text = out.Item?.result?.S;
      if (text !== undefined) found.set(targetId(target), JSON.parse(text) as unknown);
    }
    return found;
  }

  /** The function's open runs (`<startedAt>|<runId>`). */
  public async openRuns(): Promise<string[]> {
    const out = await awsCall('GetItem', this.context(), () => this.db().send(new GetItemCommand({ TableName: this.place.table, Key: { pk: { S: this.openKey() } }, ConsistentRead: true })));
    return out.Item?.runs?.SS ?? [];
  }

  /** Takes a run off the open list (its summary is out). */
  public async close(run: Pick<RunState, 'startedAt' | 'runId'>): Promise<void> {
    await this.update(this.openKey(), 'DELETE runs :entry', { ':entry': { SS: [openEntry(run)] } });
  }

  private async listOpen(run: Pick<RunState, 'startedAt' | 'runId'>, now: Date): Promise<void> {
    await this.update(this.openKey(), 'ADD runs :entry SET expiresAt = :exp', { ':entry': { SS: [openEntry(run)] }, ':exp': { N: expiresAt(now) } });
  }

  private async update(key: string, expression: string, values: Record<string, AttributeValue>): Promise<void> {
    await awsCall('UpdateItem', this.context(), () => this.db().send(new UpdateItemCommand({ TableName: this.place.table, Key: { pk: { S: key } }, UpdateExpression: expression, ExpressionAttributeValues: values })));
  }

  private stateOf(runId: string, item: Record<string, AttributeValue>): RunState {
    return {
      runId,
      fn: item.fn?.S ?? this.fn,
      startedAt: item.startedAt?.S ?? '',
      targets: JSON.parse(item.targets?.S ?? '[]') as SweepTarget[],
      done: item.done?.SS ?? [],
      notes: JSON.parse(item.notes?.S ?? '[]') as string[],
      writesLeft: Number(item.writesLeft?.N ?? '0'),
      ...(item.dispatchedAt?.S ? { dispatchedAt: item.dispatchedAt.S } : {}),
      ...(item.summarizedAt?.S ? { summarizedAt: item.summarizedAt.S } : {}),
      ...(item.deliveredAt?.S ? { deliveredAt: item.deliveredAt.S } : {}),
    };
  }

  private runKey(runId: string): string {
    return `sweep#${this.fn}#run#${runId}`;
  }

  private targetKey(runId: string, target: SweepTarget): string {
    return `${this.runKey(runId)}#${target.account}#${target.region}`;
  }

  private openKey(): string {
    return `sweep#${this.fn}#open`;
  }

  private context() {
    return { resource: this.place.table, region: this.place.region };
  }

  private db() {
    return this.place.clients.dynamodb(this.place.region);
  }
}
