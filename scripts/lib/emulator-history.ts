/** The stack's history table in the emulator, shaped as serverless.yml declares it (HistoryTable). */
import { CreateTableCommand, ScanCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Creates the table (key `pk`, TTL on `expiresAt`) and returns its name. */
export async function createHistoryTable(db: DynamoDBClient, name: string): Promise<string> {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await db.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
  return name;
}

/** Every row's key and status, sorted by key. */
export async function historyRows(db: DynamoDBClient, name: string): Promise<{ pk: string; status: string; outcome: string }[]> {
  const out = await db.send(new ScanCommand({ TableName: name }));
  return (out.Items ?? []).map((i) => ({ pk: i.pk?.S ?? '', status: i.status?.S ?? '', outcome: i.outcome?.S ?? '' })).sort((a, b) => a.pk.localeCompare(b.pk));
}
