/** The undo's account check (pure): a result is undone only with credentials for the account it is about. */
import type { HistoryRow } from '../../../../shared/history/read';
import { accountRefusal } from '../../../../shared/history/undo';
import type { Action } from '../../../../shared/remediations/result';

const MEMBER = '444455556666';
const done = (undo: string): Action => ({ api: 'RevokeSecurityGroupIngress', target: 'sg-1', status: 'done', params: {}, undo });
const row = (account: string, resourceAccount = account): HistoryRow => ({
  id: 'abcdefghjk',
  key: 'notice#k',
  kind: 'result',
  time: 't',
  remediation: 'revoke-open-ingress',
  outcome: 'remediated',
  account,
  region: 'eu-west-1',
  resource: 'sg-1',
  trigger: 'AuthorizeSecurityGroupIngress',
  notice: 'sent',
  result: {
    remediation: 'revoke-open-ingress',
    headline: 'h',
    resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-1', account: resourceAccount, region: 'eu-west-1' },
    actions: [done('undo first revoke'), { ...done('never done'), status: 'failed' }, done('undo second revoke')],
    kept: [],
    reason: 'r',
    trigger: { kind: 'cloudtrail', eventId: 'e', eventName: 'AuthorizeSecurityGroupIngress', time: 't' },
    outcome: 'remediated',
    verified: true,
  },
});

it('lets the undo go on when the credentials are for the result\'s account', () => {
  expect(accountRefusal(row(MEMBER), MEMBER)).toBeUndefined();
});

it('refuses a result of another account, naming both accounts, with the raw undo commands of the writes done, last first', () => {
  expect(accountRefusal(row(MEMBER), '111122223333')).toEqual({
    status: 'refused',
    why: expect.stringMatching(/^abcdefghjk changed account 444455556666 \(eu-west-1\), but these credentials are for account 111122223333: nothing was changed/),
    commands: ['undo second revoke', 'undo first revoke'],
  });
});

it('refuses a row whose result names another account than the row', () => {
  expect(accountRefusal(row(MEMBER, '111122223333'), MEMBER)?.status).toBe('refused');
});

it('refuses when the credentials\' account is unknown', () => {
  expect(accountRefusal(row(''), '')?.status).toBe('refused');
});
