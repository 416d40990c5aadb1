/** Which change to the alerts topic each real-world event reports. */
import { topicScope } from '../../../../shared/events/notifications';
import { parseEvent } from '../../../../shared/events/trigger';
import { loadEvent, withIds } from '../../../../scripts/lib/events';
import { testConfig } from '../../../support/deps';

const baselineOf = (topicArn: string) => testConfig({ ALERT_TOPIC_ARN: topicArn }).topic;

it('reads the deleted topic from a real DeleteTopic event', () => {
  const result = topicScope(parseEvent(loadEvent('sns-deletetopic')), baselineOf('arn:aws:sns:us-west-2:111122223333:hello-topic'));

  expect(result).toEqual({ scope: { deleted: true, why: 'the alerts topic was deleted' } });
});

it('reads the topic of the removed subscription from a real Unsubscribe event', () => {
  const result = topicScope(parseEvent(loadEvent('sns-unsubscribe')), baselineOf('arn:aws:sns:us-west-2:111122223333:security-alerts'));

  expect(result.scope).toMatchObject({ deleted: false, subscriptionArn: 'arn:aws:sns:us-west-2:111122223333:security-alerts:c3019def-3714-403e-ba29-eb14079d5c69' });
});

it('ignores a deleted topic that is not the alerts topic', () => {
  const result = topicScope(parseEvent(loadEvent('sns-deletetopic')), baselineOf('arn:aws:sns:us-west-2:111122223333:security-alerts'));

  expect(result.ignore).toBe('DeleteTopic concerns arn:aws:sns:us-west-2:111122223333:hello-topic, not the alerts topic arn:aws:sns:us-west-2:111122223333:security-alerts');
});

it('names the attribute a SetTopicAttributes call changed', () => {
  const event = withIds(loadEvent('sns-deletetopic'), { '"eventName":"DeleteTopic"': '"eventName":"SetTopicAttributes"' });
  (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = { topicArn: 'arn:aws:sns:us-west-2:111122223333:hello-topic', attributeName: 'Policy', attributeValue: '{}' };

  expect(topicScope(parseEvent(event), baselineOf('arn:aws:sns:us-west-2:111122223333:hello-topic')).scope?.why).toBe('topic attribute Policy was changed');
});

it('ignores a Config rule about another topic', () => {
  const event = loadEvent('config-compliance-change-cloudtrail-trail');
  Object.assign(event.detail as object, { configRuleName: 'sns-encrypted-kms', resourceType: 'AWS::SNS::Topic', resourceId: 'arn:aws:sns:us-east-1:111122223333:other' });

  expect(topicScope(parseEvent(event), baselineOf('arn:aws:sns:us-east-1:111122223333:security-alerts')).ignore).toContain('not the alerts topic');
});

it('ignores GuardDuty findings', () => {
  expect(topicScope(parseEvent(loadEvent('guardduty-ssh-bruteforce')), baselineOf('arn:aws:sns:us-east-1:111122223333:security-alerts')).ignore).toContain('not about the alerts topic');
});

it('reads the topic of the changed subscription from a real-shaped SetSubscriptionAttributes event', () => {
  const result = topicScope(parseEvent(loadEvent('sns-setsubscriptionattributes')), baselineOf('arn:aws:sns:us-west-2:111122223333:security-alerts'));

  expect(result.scope).toEqual({
    deleted: false,
    changedSubscriptionArn: 'arn:aws:sns:us-west-2:111122223333:security-alerts:c3019def-3714-403e-ba29-eb14079d5c69',
    why: 'attribute FilterPolicy of subscription arn:aws:sns:us-west-2:111122223333:security-alerts:c3019def-3714-403e-ba29-eb14079d5c69 was changed',
  });
});

it('ignores a SetSubscriptionAttributes on a subscription of another topic', () => {
  const result = topicScope(parseEvent(loadEvent('sns-setsubscriptionattributes')), baselineOf('arn:aws:sns:us-west-2:111122223333:security-alerts-2'));

  expect(result.ignore).toBe('SetSubscriptionAttributes concerns arn:aws:sns:us-west-2:111122223333:security-alerts, not the alerts topic arn:aws:sns:us-west-2:111122223333:security-alerts-2');
});

it('reads the topic of a PutDataProtectionPolicy from its resourceArn', () => {
  const event = withIds(loadEvent('sns-deletetopic'), { '"eventName":"DeleteTopic"': '"eventName":"PutDataProtectionPolicy"' });
  (event.detail as { requestParameters: Record<string, unknown> }).requestParameters = { resourceArn: 'arn:aws:sns:us-west-2:111122223333:hello-topic', dataProtectionPolicy: '{}' };

  expect(topicScope(parseEvent(event), baselineOf('arn:aws:sns:us-west-2:111122223333:hello-topic')).scope?.why).toBe('a data protection policy was put on the alerts topic');
});
