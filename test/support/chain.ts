/** Builds a whole alerting chain in the emulator: logging trail -> log group -> CIS filters and alarms -> topic -> queue. */
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '../../shared/config';
import { scheduledEvent } from '../../shared/events/trigger';
import { handleEvent } from '../../shared/pipeline';
import { alarmChain } from '../../shared/remediations/alarms';
import { createClients } from '../../shared/aws/clients';
import { createTrail, prepareBaseline } from '../../scripts/lib/emulator-trail';
import { applyTopicBaseline } from '../../scripts/lib/emulator-sns';
import { createInbox, type Inbox } from '../../scripts/lib/inbox';

/** The emulator chain: its inbox and the environment that configures the backend (and the doctor) for it. */
export interface Chain {
  inbox: Inbox;
  env: Record<string, string>;
}

/** Creates the chain in `region`; `env` is what a deployment would set (trail, alarms, topic, subscribers). */
export async function buildWholeChain(region: string, trailName: string): Promise<Chain> {
  const trailEnv = await prepareBaseline(trailName, region);
  await createTrail(region, trailName, trailEnv.TRAIL_S3_BUCKET ?? '', { logGroupArn: trailEnv.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: trailEnv.TRAIL_CLOUDWATCH_ROLE_ARN, kmsKeyId: trailEnv.TRAIL_KMS_KEY_ID, prefix: 'cloudtrail' });
  const sns = new SNSClient({ region });
  const inbox = await createInbox(sns, new SQSClient({ region }), 'chain-alerts', 'chain-ops');
  const env = { ...trailEnv, AWS_REGION: region, ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]), SELF_ROLE_PREFIX: 'chain-guard-test-' };
  const config = loadConfig(env);
  await applyTopicBaseline(sns, config.topic);
  await handleEvent(alarmChain, scheduledEvent(config.topic.account, region, { id: 'bootstrap' }), { config, clients: createClients() });
  await inbox.drain();
  return { inbox, env };
}
