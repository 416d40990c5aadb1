/** Reading a dead letter of any shape: the event, the function it names (this stack's only), and why it failed. */
import { readDeadLetter } from '../../../scripts/lib/dead-letters';
import { loadEvent } from '../../../scripts/lib/events';

const event = loadEvent('cloudtrail-stoplogging');
const PREFIX = 'chain-guard-prod-';

it('reads an on-failure record of an event too old to run, which has no response payload', () => {
  const body = { requestContext: { functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:chain-guard-prod-reenable-trail', condition: 'EventAgeExceeded', approximateInvokeCount: 0 }, requestPayload: event, responsePayload: null };

  const letter = readDeadLetter({ MessageId: 'm', ReceiptHandle: 'r', Body: JSON.stringify(body) }, PREFIX);

  expect(letter).toEqual({ messageId: 'm', receiptHandle: 'r', format: 'lambda-destination', event, functionName: 'reenable-trail', failedBecause: 'Lambda EventAgeExceeded' });
});

it('names no function for a target outside this stack (another stage or service)', () => {
  const attributes = { TARGET_ARN: { DataType: 'String', StringValue: 'arn:aws:lambda:us-east-1:111122223333:function:chain-guard-dev-reenable-trail' }, ERROR_CODE: { DataType: 'String', StringValue: 'RESOURCE_NOT_FOUND' } };

  const letter = readDeadLetter({ MessageId: 'm', ReceiptHandle: 'r', Body: JSON.stringify(event), MessageAttributes: attributes }, PREFIX);

  expect(letter.functionName).toBeUndefined();
  expect(letter.failedBecause).toMatch(/^EventBridge could not deliver it to .*chain-guard-dev-reenable-trail \(rule \?\): RESOURCE_NOT_FOUND$/);
});

it('says why a JSON body that is not an EventBridge event cannot be replayed', () => {
  const letter = readDeadLetter({ MessageId: 'm', ReceiptHandle: 'r', Body: JSON.stringify({ hello: 'world' }) }, PREFIX);

  expect(letter.event).toBeUndefined();
  expect(letter.problem).toMatch(/^input is not an EventBridge event/);
  expect(letter.failedBecause).toBe('no failure reason recorded with the message');
});
