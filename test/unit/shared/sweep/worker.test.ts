/**
 * What the sweep worker refuses before it reads or writes anything (shared/sweep/worker.ts): a message from another
 * queue, one that is not a sweep target, one for another function, one about an account x region not configured.
 */
import { createClients } from '../../../../shared/aws/clients';
import { openIngress } from '../../../../shared/remediations/open-ingress';
import type { Deps } from '../../../../shared/remediations/types';
import { handleSweepRecord, isSqsEvent, type SqsRecord } from '../../../../shared/sweep/worker';
import { testConfig } from '../../../support/deps';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/chain-guard-test-revoke-open-ingress-sweep';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:111122223333:chain-guard-test-revoke-open-ingress-sweep';
const calls: string[] = [];
const deps: Deps = {
  config: testConfig({ HISTORY_TABLE_NAME: 'chain-guard-test-history', SWEEP_QUEUE_URL: QUEUE_URL, SWEEP_REGIONS: 'us-east-1,eu-west-1' }),
  clients: createClients({ onCall: (call) => calls.push(`${call.service}:${call.operation}`) }),
};
const record = (body: unknown, arn = QUEUE_ARN): SqsRecord => ({ messageId: 'm-1', body: typeof body === 'string' ? body : JSON.stringify(body), eventSource: 'aws:sqs', eventSourceARN: arn });
const target = { runId: 'run-1', fn: 'revoke-open-ingress', account: '111122223333', region: 'eu-west-1' };

beforeEach(() => {
  calls.length = 0;
});

describe('the sweep worker', () => {
  it('tells an SQS event from an EventBridge event', () => {
    // Act
    const kinds = [isSqsEvent({ Records: [record(target)] }), isSqsEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event' }), isSqsEvent({ Records: [] })];

    // Assess
    expect(kinds).toEqual([true, false, false]);
  });

  it('refuses a message from another queue, and calls nothing', async () => {
    // Act
    const handled = handleSweepRecord(openIngress, record(target, 'arn:aws:sqs:us-east-1:999988887777:look-alike'), deps);

    // Assess
    await expect(handled).rejects.toThrow(/comes from arn:aws:sqs:us-east-1:999988887777:look-alike, not from revoke-open-ingress's sweep queue/);
    expect(calls).toEqual([]);
  });

  it('refuses a message that is not a sweep target, and calls nothing', async () => {
    // Act
    const handled = handleSweepRecord(openIngress, record({ ...target, account: 'all' }), deps);

    // Assess
    await expect(handled).rejects.toThrow(/the message is not a sweep target: account/);
    expect(calls).toEqual([]);
  });

  it("refuses another function's target, and calls nothing", async () => {
    // Act
    const handled = handleSweepRecord(openIngress, record({ ...target, fn: 'reenable-trail' }), deps);

    // Assess
    await expect(handled).rejects.toThrow(/is for reenable-trail, not revoke-open-ingress/);
    expect(calls).toEqual([]);
  });

  it('refuses a region that is not configured, and calls nothing', async () => {
    // Act
    const handled = handleSweepRecord(openIngress, record({ ...target, region: 'ap-south-1' }), deps);

    // Assess
    await expect(handled).rejects.toThrow(/111122223333\/ap-south-1, which is not a configured sweep target/);
    expect(calls).toEqual([]);
  });
});
