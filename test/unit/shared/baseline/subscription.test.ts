/** What mutes a baseline subscription, and what puts it back: pure. */
import { isFiltering, subscriptionDrift } from '../../../../shared/baseline/subscription';

const QUEUE = { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:ops' };
const SUBSCRIPTION = { arn: 'arn:aws:sns:us-east-1:111122223333:alerts:0b1c', ...QUEUE };
const changesOf = (attributes: Record<string, string>, subscriber: { protocol: string; endpoint: string; rawMessageDelivery?: boolean } = QUEUE) =>
  subscriptionDrift(subscriber, SUBSCRIPTION, attributes).map((c) => [c.attribute, c.before, c.after]);

it('plans to replace a filter policy by the empty one that lets every message through', () => {
  expect(changesOf({ FilterPolicy: '{"severity":["none"]}', RawMessageDelivery: 'false' })).toEqual([['FilterPolicy', '{"severity":["none"]}', '{}']]);
});

it('says which scope the removed filter policy applied to', () => {
  const [change] = subscriptionDrift(QUEUE, SUBSCRIPTION, { FilterPolicy: '{"a":["b"]}', FilterPolicyScope: 'MessageBody' });

  expect(change?.why).toBe('a filter policy (on MessageBody) drops every alert it does not match');
});

it('sees no filter in an absent, empty or {} filter policy, whatever its scope', () => {
  expect(changesOf({ FilterPolicy: '{}', FilterPolicyScope: 'MessageBody' })).toEqual([]);
  expect(changesOf({ FilterPolicy: '' })).toEqual([]);
  expect(isFiltering(undefined)).toBe(false);
});

it('plans to remove a redrive policy', () => {
  const redrive = '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111122223333:dlq"}';

  expect(changesOf({ RedrivePolicy: redrive })).toEqual([['RedrivePolicy', redrive, '']]);
});

it('plans raw delivery back off for a subscriber that was subscribed without it', () => {
  expect(changesOf({ RawMessageDelivery: 'true' })).toEqual([['RawMessageDelivery', 'true', 'false']]);
});

it('plans raw delivery back on for a subscriber configured with it, also when the attribute is absent', () => {
  expect(changesOf({}, { ...QUEUE, rawMessageDelivery: true })).toEqual([['RawMessageDelivery', 'false', 'true']]);
});

it('leaves raw delivery alone on e-mail, which has no such setting', () => {
  const email = { protocol: 'email', endpoint: 'ops@example.com' };

  expect(subscriptionDrift(email, { arn: SUBSCRIPTION.arn, ...email }, { RawMessageDelivery: 'true' })).toEqual([]);
});
