/**
 * The reenable-trail sweep on the emulator when the baseline trail logs but its log files do not arrive. moto's
 * GetTrailStatus has no delivery fields, so only that answer is shaped (a middleware adds what AWS would report);
 * every other call, and the trail itself, are the emulator's.
 */
import type { CloudTrailClient, GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients, type Clients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { createTrail, prepareBaseline, trailState } from '../../../scripts/lib/emulator-trail';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { failedResult, rejectionOf } from '../../support/faults';
import { motoDeps, resetEmulator } from '../../support/deps';

const ERROR = 'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/cloudtrail-to-cloudwatch is not authorized to perform: logs:PutLogEvents with an explicit deny in a permissions boundary';
let inbox: Inbox;
let baseline: Record<string, string>;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `delivery-alerts-${n}`, `delivery-ops-${n}`);
  baseline = await prepareBaseline(`delivery-${n}`, 'us-east-1');
  await createTrail('us-east-1', baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', {
    prefix: baseline.TRAIL_S3_KEY_PREFIX,
    kmsKeyId: baseline.TRAIL_KMS_KEY_ID,
    logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN,
    roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN,
  });
});

/** Emulator clients whose GetTrailStatus answers also carry `extra`, as AWS reports a failing delivery. */
function shapedClients(extra: Partial<GetTrailStatusCommandOutput>): Clients {
  const clients = createClients();
  const shaped = new WeakSet<CloudTrailClient>();
  return {
    ...clients,
    cloudtrail: (region) => {
      const client = clients.cloudtrail(region);
      if (!shaped.has(client)) {
        shaped.add(client);
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const response = await next(args);
            return context.commandName === 'GetTrailStatusCommand' ? { ...response, output: { ...(response.output as GetTrailStatusCommandOutput), ...extra } } : response;
          },
          { step: 'initialize', name: 'shapeTrailStatus' },
        );
      }
      return client;
    },
  };
}

const sweep = () => scheduledEvent('111122223333', 'us-east-1', { id: `delivery-sweep-${n}`, rule: 'chain-guard-test-reenable-trail-sweep' });
const env = () => ({ ALERT_TOPIC_ARN: inbox.topicArn, ...baseline });

it('the sweep fails on a logging baseline trail whose CloudWatch Logs role is denied, paging ACTION NEEDED with the error AWS gave', async () => {
  const deps = motoDeps(env(), shapedClients({ LatestCloudWatchLogsDeliveryError: ERROR }));

  const result = failedResult(await rejectionOf(handleEvent(trailProtection, sweep(), deps)));

  expect(result.outcome).toBe('failed');
  const [notice] = await inbox.drain();
  expect(notice?.subject).toMatch(/^\[FAILED\] .*logs, but its delivery is broken/);
  expect(notice?.message).toContain(`ACTION NEEDED: ${baseline.TRAIL_NAME}: CloudTrail reports a CloudWatch Logs delivery error: "${ERROR}"`);
});

it('the sweep changes nothing on the trail whose delivery is broken (IAM is for a person to fix)', async () => {
  const deps = motoDeps(env(), shapedClients({ LatestCloudWatchLogsDeliveryError: ERROR }));
  const before = await trailState('us-east-1', baseline.TRAIL_NAME ?? '');

  await rejectionOf(handleEvent(trailProtection, sweep(), deps));

  expect(await trailState('us-east-1', baseline.TRAIL_NAME ?? '')).toEqual(before);
});

it('the sweep finds the same trail compliant when GetTrailStatus reports no delivery field, as the emulator does', async () => {
  const result = await handleEvent(trailProtection, sweep(), motoDeps(env()));

  expect(result.outcome).toBe('already-compliant');
});
