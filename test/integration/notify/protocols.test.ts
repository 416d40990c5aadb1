/**
 * Per-protocol bodies against moto 5.2.5, whose SNS honours MessageStructure 'json' for SQS subscribers (it delivers the
 * `sqs` body, else `default`): the queue receives the JSON notice, not the e-mail text.
 */
import { CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createTrail, prepareBaseline } from '../../../scripts/lib/emulator-trail';
import { loadEvent } from '../../../scripts/lib/events';
import { createInbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';

const TRAIL = 'stratus-red-team-ct-stop-trail-buykxbqejv';

it('delivers the JSON notice with the whole result to an SQS subscriber', async () => {
  await resetEmulator();
  const baseline = await prepareBaseline('protocols', 'us-east-1');
  await createTrail('us-east-1', TRAIL, baseline.TRAIL_S3_BUCKET ?? '');
  await new CloudTrailClient({ region: 'us-east-1' }).send(new StopLoggingCommand({ Name: TRAIL }));
  const inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), 'alerts-protocols', 'ops-protocols');

  const result = await handleEvent(trailProtection, loadEvent('cloudtrail-stoplogging'), motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline }));
  const [message] = await inbox.drain();
  const notice = JSON.parse(message?.raw ?? '{}') as { schema?: string; result?: unknown; text?: string };

  expect([notice.schema, notice.result, notice.text?.startsWith('REMEDIATED: Trail')]).toEqual(['chain-guard.notice/1', JSON.parse(JSON.stringify(result)), true]);
});
