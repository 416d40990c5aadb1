/** npm run undo on the alerts topic, against moto: a restored attribute is set back, and stays so in the grace period. */
import { GetTopicAttributesCommand, SNSClient, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { TablePlace } from '../../../shared/history/gates';
import { handleEvent } from '../../../shared/pipeline';
import { notificationChannel } from '../../../shared/remediations/notifications';
import { applyTopicBaseline } from '../../../scripts/lib/emulator-sns';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { motoDeps, resetEmulator } from '../../support/deps';
import { again, historyPlace, undo } from '../../support/history';

const region = 'us-west-2';
const sns = new SNSClient({ region });
let inbox: Inbox;
let place: TablePlace;

beforeEach(async () => {
  await resetEmulator();
  inbox = await createInbox(sns, new SQSClient({ region }), 'undo-topic', 'undo-topic-ops');
  place = await historyPlace(region);
  await applyTopicBaseline(sns, deps().config.topic);
});

const deps = () => motoDeps({ AWS_REGION: region, ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]), HISTORY_TABLE_NAME: place.table });
const displayName = async () => (await sns.send(new GetTopicAttributesCommand({ TopicArn: inbox.topicArn }))).Attributes?.DisplayName;
const renameEvent = () => {
  const event = again(withIds(loadEvent('sns-deletetopic'), { '"eventName":"DeleteTopic"': '"eventName":"SetTopicAttributes"' }));
  (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = { topicArn: inbox.topicArn, attributeName: 'DisplayName', attributeValue: 'renamed' };
  return event;
};

it('sets a restored display name back to what it was, and keeps it in the grace period', async () => {
  await sns.send(new SetTopicAttributesCommand({ TopicArn: inbox.topicArn, AttributeName: 'DisplayName', AttributeValue: 'renamed' }));
  const fixed = await handleEvent(notificationChannel, renameEvent(), deps());
  const restored = await displayName();

  const report = await undo(place, fixed.historyId ?? '');
  const rerun = await handleEvent(notificationChannel, renameEvent(), deps());

  expect([fixed.outcome, restored, report.status, rerun.outcome]).toEqual(['remediated', 'chain-guard alerts', 'undone', 'reported']);
  expect(await displayName()).toBe('renamed');
});
