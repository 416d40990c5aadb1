/** Planning an undo from the recorded result alone: exact, in reverse order, refused when a write cannot be undone exactly. */
import { planUndo, permissionOf } from '../../../../shared/history/undo-plan';
import type { Action, RemediationResult } from '../../../../shared/remediations/result';

const TRAIL = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/baseline';
const result = (actions: Action[]): RemediationResult => ({
  remediation: 'reenable-trail',
  headline: 'h',
  resource: { type: 'AWS::CloudTrail::Trail', id: TRAIL, account: '111122223333', region: 'us-east-1' },
  actions,
  kept: [],
  reason: 'r',
  trigger: { kind: 'cloudtrail', eventId: 'e', eventName: 'DeleteTrail', time: 't' },
  outcome: 'remediated',
  verified: true,
});
const done = (api: string, target: string, params: Record<string, unknown> = {}, before?: unknown): Action => ({ api, target, status: 'done', params, before, undo: `aws ... ${api}` });

it('stops a recreated trail before deleting it, by name, in its home region', () => {
  const plan = planUndo(result([done('CreateTrail', TRAIL), done('StartLogging', TRAIL)]));

  expect(plan.steps.map((s) => [s.api, s.region, 'name' in s ? s.name : ''])).toEqual([['StopLogging', 'eu-west-1', TRAIL], ['DeleteTrail', 'eu-west-1', 'baseline']]);
});

it('re-authorizes a revoked IPv6 rule with its description, and a prefix-list rule', () => {
  expect(permissionOf({ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '::/0', description: 'v6' })).toEqual({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'v6' }] });
  expect(permissionOf({ protocol: '-1', prefixListId: 'pl-1', description: null })).toEqual({ IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-1' }] });
});

it('deletes an alarm that did not exist and puts back one that did, once per alarm', () => {
  const previous = { AlarmName: 'CIS-3.3', Threshold: 5 };
  const plan = planUndo(result([done('PutMetricAlarm', 'CIS-3.1', { previous: null }), done('PutMetricAlarm', 'CIS-3.3', { previous }), done('PutMetricAlarm', 'CIS-3.3', { previous })]));

  expect(plan.steps.map((s) => [s.api, s.target])).toEqual([['PutMetricAlarm', 'CIS-3.3'], ['DeleteAlarms', 'CIS-3.1']]);
});

it('undoes nothing that was only planned, found done, or failed', () => {
  const plan = planUndo(result([{ ...done('StartLogging', TRAIL), status: 'planned' }, { ...done('StartLogging', TRAIL), status: 'failed' }]));

  expect(plan).toEqual({ steps: [], unsupported: [] });
});

it('names a write it cannot undo exactly (a narrowed event selector), so nothing is undone', () => {
  const plan = planUndo(result([done('PutEventSelectors', TRAIL), done('StartLogging', TRAIL)]));

  expect(plan.unsupported.map((a) => a.api)).toEqual(['PutEventSelectors']);
});
