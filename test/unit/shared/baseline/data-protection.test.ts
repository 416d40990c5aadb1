/** Which data protection policies keep alerts from people: pure. */
import { deliveryBlockers } from '../../../../shared/baseline/data-protection';

const IDENTIFIERS = ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'];
const policyWith = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Name: 'p', Version: '2021-06-01', Statement: statements });

it('names a statement that denies outbound messages', () => {
  const policy = policyWith({ Sid: 'block', DataDirection: 'Outbound', Principal: ['*'], DataIdentifier: IDENTIFIERS, Operation: { Deny: {} } });

  expect(deliveryBlockers(policy)).toEqual(['block denies outbound messages that match its data identifiers']);
});

it('names a statement that masks inbound messages', () => {
  const policy = policyWith({ DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: IDENTIFIERS, Operation: { Deidentify: { MaskConfig: {} } } });

  expect(deliveryBlockers(policy)).toEqual(['statement 1 masks inbound messages that match its data identifiers']);
});

it('finds nothing in an audit-only policy, which changes no message', () => {
  const policy = policyWith({ Sid: 'audit', DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: IDENTIFIERS, Operation: { Audit: { SampleRate: '99', FindingsDestination: {} } } });

  expect(deliveryBlockers(policy)).toEqual([]);
});

it('finds nothing when the topic has no policy', () => {
  expect(deliveryBlockers('')).toEqual([]);
});

it('cannot vouch for an unreadable policy', () => {
  expect(deliveryBlockers('{not json')).toEqual(['an unreadable data protection policy']);
});
