/** The sweep queue: one message per account x region target of a run (SendMessageBatch, ten at a time). */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { awsCall } from '../aws/call';
import { AwsCallError } from '../errors';
import type { SweepMessage } from './run';

/** Sends every message; throws naming the targets SQS did not take (a retried dispatch sends them again). */
export async function sendTargets(sqs: SQSClient, queueUrl: string, messages: readonly SweepMessage[]): Promise<void> {
  const refused: string[] = [];
  for (let start = 0; start < messages.length; start += 10) {
    const batch = messages.slice(start, start + 10);
    const entries = batch.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m) }));
    const out = await awsCall('SendMessageBatch', { resource: queueUrl }, () => sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })));
    for (const failed of out.Failed ?? []) {
      const m = batch[Number(failed.Id)];
      refused.push(`${m?.account ?? '?'} ${m?.region ?? '?'} (${failed.Code ?? 'error'}: ${failed.Message ?? ''})`);
    }
  }
  if (refused.length > 0) throw new AwsCallError('SendMessageBatch', new Error(`SQS refused ${refused.length} target message(s): ${refused.join('; ')}`), { resource: queueUrl });
}
