/** The notice ledger when DynamoDB misbehaves (faults moto cannot produce): the notice still goes out. */
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../../shared/aws/clients';
import { notifyOnce, priorNotice } from '../../../../shared/notify/notices';
import type { RemediationResult } from '../../../../shared/remediations/result';
import type { Deps } from '../../../../shared/remediations/types';
import { testConfig } from '../../../support/deps';
import { awsError } from '../../../support/faults';

const dbMock = mockClient(DynamoDBClient);
const snsMock = mockClient(SNSClient);
const deps = (): Deps => ({ config: testConfig({ HISTORY_TABLE_NAME: 'chain-guard-test-history' }), clients: createClients({ maxAttempts: 1 }) });
const result: RemediationResult = {
  remediation: 'reenable-trail',
  headline: 'Trail t logging restarted',
  outcome: 'remediated',
  verified: true,
  resource: { type: 'AWS::CloudTrail::Trail', id: 't', account: '111122223333', region: 'us-east-1' },
  actions: [],
  kept: [],
  reason: 'StartLogging; a re-read confirms it',
  trigger: { kind: 'cloudtrail', eventId: 'e-1', eventName: 'StopLogging', time: '2026-12-05T00:00:00Z' },
};

beforeEach(() => {
  dbMock.reset();
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

it('still publishes the notice when it cannot be recorded', async () => {
  dbMock.on(PutItemCommand).rejects(awsError('ProvisionedThroughputExceededException', 'slow down'));
  dbMock.on(UpdateItemCommand).rejects(awsError('ResourceNotFoundException', 'no such item'));

  await notifyOnce('notice#reenable-trail#e-1', result, deps());

  expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
});

it('handles the event as new when the ledger cannot be read', async () => {
  dbMock.on(GetItemCommand).rejects(awsError('AccessDeniedException', 'not allowed'));

  const prior = await priorNotice('notice#reenable-trail#e-1', deps());

  expect(prior).toBeUndefined();
});

it('publishes a pending notice found in the ledger, exactly as recorded, and marks it sent', async () => {
  const notification = { subject: '[REMEDIATED] recorded subject', body: 'recorded body', attributes: { outcome: 'remediated' } };
  dbMock.on(GetItemCommand).resolves({ Item: { pk: { S: 'k' }, status: { S: 'pending' }, result: { S: JSON.stringify(result) }, notification: { S: JSON.stringify(notification) } } });
  dbMock.on(UpdateItemCommand).resolves({});

  const prior = await priorNotice('k', deps());

  expect(prior?.record.status).toBe('sent');
  expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input).toEqual(expect.objectContaining({ Subject: '[REMEDIATED] recorded subject', Message: 'recorded body' }));
  expect(dbMock.commandCalls(UpdateItemCommand)).toHaveLength(1);
});

it('keeps a pending notice pending, and says why, when it still cannot be published', async () => {
  const notification = { subject: '[FAILED] recorded', body: 'recorded body', attributes: { outcome: 'failed' } };
  dbMock.on(GetItemCommand).resolves({ Item: { pk: { S: 'k' }, status: { S: 'pending' }, result: { S: JSON.stringify({ ...result, outcome: 'failed', error: 'x' }) }, notification: { S: JSON.stringify(notification) } } });
  snsMock.on(PublishCommand).rejects(awsError('NotFoundException', 'Topic does not exist'));

  const prior = await priorNotice('k', deps());

  expect(prior?.record.status).toBe('pending');
  expect(String((prior?.resendError as Error).message)).toMatch(/Topic does not exist|NotFound/);
  expect(dbMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
});
