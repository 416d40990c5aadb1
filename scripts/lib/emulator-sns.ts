/** Gives a topic in the emulator what the deployed stack gives the alerts topic: the baseline policy and attributes. */
import { SetTopicAttributesCommand, type SNSClient } from '@aws-sdk/client-sns';
import { baselineAttributes, type TopicBaseline } from '../../shared/baseline/topic';

/** Sets every baseline attribute (policy, display name, KMS key when configured) on the baseline's topic. */
export async function applyTopicBaseline(sns: SNSClient, baseline: TopicBaseline): Promise<void> {
  for (const [name, value] of Object.entries(baselineAttributes(baseline))) {
    await sns.send(new SetTopicAttributesCommand({ TopicArn: baseline.topicArn, AttributeName: name, AttributeValue: value }));
  }
}
