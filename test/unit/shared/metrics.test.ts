/** Event-to-fix latency: from the event's own time to the verified fix, only for fixes, never for sweeps or bad times. */
import { loadEvent } from '../../../scripts/lib/events';
import { parseEvent, scheduledEvent } from '../../../shared/events/trigger';
import { eventToFixMs } from '../../../shared/metrics';
import type { RemediationResult } from '../../../shared/remediations/result';

const event = parseEvent(loadEvent('cloudtrail-stoplogging'));
const at = Date.parse(event.time);
const base: Omit<RemediationResult, 'outcome' | 'verified'> = { remediation: 'reenable-trail', headline: 'h', resource: { type: 't', id: 'i', account: '111122223333', region: 'us-east-1' }, actions: [], kept: [], reason: 'r', trigger: { kind: 'cloudtrail', eventId: 'e', eventName: 'StopLogging', time: event.time } };
const fixed: RemediationResult = { ...base, outcome: 'remediated', verified: true };

it('measures from the CloudTrail event time to now for a verified fix', () => {
  expect(eventToFixMs(fixed, event, at + 2500)).toBe(2500);
});

it('measures nothing for a result that fixed nothing', () => {
  expect(eventToFixMs({ ...base, outcome: 'reported', verified: false }, event, at + 2500)).toBeUndefined();
  expect(eventToFixMs({ ...base, outcome: 'failed', verified: false, error: 'x' }, event, at + 2500)).toBeUndefined();
});

it('measures nothing for a sweep, whose time is the schedule not the drift', () => {
  const sweep = parseEvent(scheduledEvent('111122223333', 'us-east-1', { id: 's', rule: 'r', time: new Date(at) }));

  expect(eventToFixMs(fixed, sweep, at + 2500)).toBeUndefined();
});

it('measures nothing when the event claims a time in the future (its sender sets it)', () => {
  expect(eventToFixMs(fixed, event, at - 1)).toBeUndefined();
});
