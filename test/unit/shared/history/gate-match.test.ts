/** Which grace period or exemption holds a (report mode) result back: pure matching on what it would write. */
import { gatedResult, matchGate } from '../../../../shared/history/gate-match';
import type { GateEntry } from '../../../../shared/history/gates';
import type { Action, RemediationResult } from '../../../../shared/remediations/result';

const NOW = new Date('2026-12-06T12:00:00Z');
const LATER = '2026-12-07T12:00:00Z';
const EARLIER = '2026-12-06T11:00:00Z';
const revoke = (group: string): Action => ({ api: 'RevokeSecurityGroupIngress', target: `${group} sgr-1`, status: 'planned', params: { GroupId: group, SecurityGroupRuleId: 'sgr-1' } });
const preview = (actions: Action[]): RemediationResult => ({
  remediation: 'revoke-open-ingress',
  headline: 'Public ingress found on sg-1 (report mode)',
  resource: { type: 'AWS::EC2::Instance', id: 'i-1', account: '111122223333', region: 'us-east-1' },
  actions,
  kept: [],
  reason: 'Report mode: would revoke 1 world-open ingress rule(s)',
  trigger: { kind: 'guardduty', eventId: 'e-1', eventName: 'Recon:EC2/PortProbeUnprotectedPort', time: '2026-12-06T11:59:00Z' },
  outcome: 'reported',
  verified: false,
});
const grace = (target: string, until = LATER): GateEntry => ({ kind: 'grace', remediation: 'revoke-open-ingress', target, until, by: 'arn:aws:iam::111122223333:role/admin', undoId: 'abcdefghjk', reason: 'false positive', at: EARLIER });
const exemption = (scope: 'resource' | 'account', target: string, until = LATER): GateEntry => ({ kind: 'exemption', scope, target, until, by: 'arn:aws:iam::111122223333:role/admin', reason: 'SEC-1', at: EARLIER });

it('holds back a write to a group in its grace period, found through the planned action', () => {
  expect(matchGate(preview([revoke('sg-1')]), [grace('sg-1')], NOW)).toMatchObject({ kind: 'grace', target: 'sg-1', undoId: 'abcdefghjk' });
});

it('lets a write to another group go ahead', () => {
  expect(matchGate(preview([revoke('sg-2')]), [grace('sg-1'), exemption('resource', 'sg-3')], NOW)).toBeUndefined();
});

it('ignores a grace period or exemption that has expired', () => {
  expect(matchGate(preview([revoke('sg-1')]), [grace('sg-1', EARLIER), exemption('resource', 'sg-1', EARLIER)], NOW)).toBeUndefined();
});

it('prefers an exemption to a grace period on the same resource', () => {
  expect(matchGate(preview([revoke('sg-1')]), [grace('sg-1'), exemption('resource', 'sg-1')], NOW)).toMatchObject({ kind: 'exemption' });
});

it('holds back every write in an exempted account, naming the account', () => {
  expect(matchGate(preview([revoke('sg-9')]), [exemption('account', '111122223333')], NOW)).toMatchObject({ kind: 'exemption', target: 'account 111122223333' });
});

it('holds back nothing when nothing would be written', () => {
  expect(matchGate(preview([]), [exemption('account', '111122223333')], NOW)).toBeUndefined();
});

it('turns a held-back result into reported during a grace period and skipped under an exemption, nothing verified', () => {
  const held = gatedResult(preview([revoke('sg-1')]), { kind: 'grace', target: 'sg-1', until: LATER, reason: 'x', by: 'admin', undoId: 'abcdefghjk' });
  const exempt = gatedResult(preview([revoke('sg-1')]), { kind: 'exemption', target: 'sg-1', until: LATER, reason: 'SEC-1', by: 'admin' });

  expect([held.outcome, held.verified, held.headline]).toEqual(['reported', false, 'Public ingress found on sg-1 (grace period)']);
  expect(held.reason).toBe(`Grace period on sg-1 until ${LATER}, after undo abcdefghjk by admin: nothing was changed (it would revoke 1 world-open ingress rule(s))`);
  expect([exempt.outcome, exempt.reason]).toEqual(['skipped', `Exempt: sg-1 until ${LATER} (SEC-1; added by admin): nothing was changed (it would revoke 1 world-open ingress rule(s))`]);
});
