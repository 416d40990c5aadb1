/** The mute-rule plan: which rules mute a baseline alarm, and what each becomes. Pure. */
import { describeSchedule, muteRuleName, planMuteRules, type MuteRule } from '../../../../shared/baseline/mute-rules';

const BASELINE = ['CIS-3.1-UnauthorizedAPICalls', 'CIS-3.3-RootAccountUsage'];
const schedule = { Schedule: { Expression: 'cron(0 * * * ? *)', Duration: 'PT1H' } };
const rule = (overrides: Partial<MuteRule> = {}): MuteRule => ({ Name: 'maint', Rule: schedule, MuteTargets: { AlarmNames: [...BASELINE] }, Status: 'ACTIVE', ...overrides });

it('deletes a rule that mutes only baseline alarms, keeping the original as the undo', () => {
  const [fix, ...others] = planMuteRules(BASELINE, [rule()]);

  expect(others).toEqual([]);
  expect(fix).toEqual({ name: 'maint', muted: BASELINE, kept: [], kind: 'delete', before: { Name: 'maint', Rule: schedule, MuteTargets: { AlarmNames: BASELINE } } });
});

it('rewrites a rule that also mutes the customer own alarms without the baseline alarms, with the same name, schedule, description and dates', () => {
  const start = new Date('2026-12-01T00:00:00Z');
  const expire = new Date('2027-01-01T00:00:00Z');
  const mixed = rule({ Description: 'nightly backups', StartDate: start, ExpireDate: expire, MuteTargets: { AlarmNames: ['orders-cpu', BASELINE[0]!, 'orders-5xx'] } });

  const [fix] = planMuteRules(BASELINE, [mixed]);

  expect(fix).toMatchObject({ kind: 'rewrite', muted: [BASELINE[0]], kept: ['orders-cpu', 'orders-5xx'] });
  expect(fix?.input).toEqual({ Name: 'maint', Description: 'nightly backups', Rule: schedule, MuteTargets: { AlarmNames: ['orders-cpu', 'orders-5xx'] }, StartDate: start, ExpireDate: expire });
  expect(fix?.before.MuteTargets?.AlarmNames).toEqual(['orders-cpu', BASELINE[0], 'orders-5xx']);
});

it('leaves a rule that mutes no baseline alarm alone', () => {
  expect(planMuteRules(BASELINE, [rule({ MuteTargets: { AlarmNames: ['orders-cpu', 'CIS-3.1-UnauthorizedAPICallsCopy'] } })])).toEqual([]);
});

it('leaves an expired rule alone: it mutes nothing any more', () => {
  expect(planMuteRules(BASELINE, [rule({ Status: 'EXPIRED' })])).toEqual([]);
});

it('plans a scheduled rule: it will mute the baseline alarms when it starts', () => {
  expect(planMuteRules(BASELINE, [rule({ Status: 'SCHEDULED' })]).map((f) => f.kind)).toEqual(['delete']);
});

it('leaves a rule without targets alone', () => {
  expect(planMuteRules(BASELINE, [rule({ MuteTargets: undefined })])).toEqual([]);
});

it('plans each rule on its own', () => {
  const fixes = planMuteRules(BASELINE, [rule({ Name: 'a', MuteTargets: { AlarmNames: [BASELINE[1]!] } }), rule({ Name: 'b', MuteTargets: { AlarmNames: ['x', BASELINE[0]!] } })]);

  expect(fixes.map((f) => [f.name, f.kind, f.muted])).toEqual([
    ['a', 'delete', [BASELINE[1]]],
    ['b', 'rewrite', [BASELINE[0]]],
  ]);
});

it('reads a rule name from its ARN when the list entry has no name', () => {
  expect(muteRuleName({ AlarmMuteRuleArn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm-mute-rule:maint' })).toBe('maint');
});

it('describes a schedule with its time zone', () => {
  expect(describeSchedule({ Rule: { Schedule: { Expression: 'cron(0 2 * * SUN)', Duration: 'PT4H', Timezone: 'Europe/London' } } })).toBe('cron(0 2 * * SUN) for PT4H (Europe/London)');
});
