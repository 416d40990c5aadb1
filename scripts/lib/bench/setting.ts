/** The bench's emulator account: moto reset, the alerts topic with a queue, the baseline trail, counted clients. */
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createClients } from '../../../shared/aws/clients';
import { loadConfig } from '../../../shared/config';
import type { Deps } from '../../../shared/remediations/types';
import { applyTopicBaseline } from '../emulator-sns';
import { createTrail, prepareBaseline } from '../emulator-trail';
import { createInbox, type Inbox } from '../inbox';
import type { MotoServer } from '../moto';
import { createCallCounter, type CallCounter } from './calls';

export const REGION = 'us-east-1';
/** The stage whose serverless.yml patterns route the events (its roles are the loop guard's). */
export const STAGE = 'dev';

/** A blank account with the chain in place, and deps whose every AWS call is counted. */
export interface Setting {
  deps: Deps;
  counter: CallCounter;
  inbox: Inbox;
  baseline: Record<string, string>;
  /** The functions' environment the config was read from (a process of its own reads the same). */
  env: Record<string, string>;
}

/** Resets moto and builds the setting, with the baseline trail logging. */
export async function freshSetting(moto: MotoServer): Promise<Setting> {
  await moto.reset();
  const inbox = await createInbox(new SNSClient({ region: REGION }), new SQSClient({ region: REGION }), 'bench-alerts', 'bench-ops');
  const baseline = await prepareBaseline('bench-trail', REGION);
  const env: Record<string, string> = { AWS_REGION: REGION, SELF_ROLE_PREFIX: `chain-guard-${STAGE}-`, ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]), ...baseline };
  const counter = createCallCounter();
  const deps = { config: loadConfig(env), clients: createClients({ onCall: counter.onCall }) };
  await applyTopicBaseline(new SNSClient({ region: REGION }), deps.config.topic);
  await createTrail(REGION, baseline.TRAIL_NAME ?? '', baseline.TRAIL_S3_BUCKET ?? '', { logGroupArn: baseline.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, roleArn: baseline.TRAIL_CLOUDWATCH_ROLE_ARN, kmsKeyId: baseline.TRAIL_KMS_KEY_ID, prefix: baseline.TRAIL_S3_KEY_PREFIX });
  return { deps, counter, inbox, baseline, env };
}
