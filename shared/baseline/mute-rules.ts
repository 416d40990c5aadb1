/**
 * Alarm mute rules that silence baseline alarms, and how to lift them without touching what the customer muted. Pure.
 * A mute rule (PutAlarmMuteRule) leaves an alarm evaluating but mutes its actions on a schedule: DescribeAlarms shows
 * nothing of it, so an alarm can match the baseline field by field and still notify no one.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutAlarmMuteRule.html
 */
import type { GetAlarmMuteRuleOutput, PutAlarmMuteRuleCommandInput } from '@aws-sdk/client-cloudwatch';

/** A mute rule as GetAlarmMuteRule returns it. */
export type MuteRule = GetAlarmMuteRuleOutput;

/** The statuses of a rule that mutes now or will: an EXPIRED rule mutes nothing. */
export const MUTING_STATUSES = ['ACTIVE', 'SCHEDULED'] as const;

/** One mute rule to lift: deleted when it mutes only baseline alarms, else rewritten without them. */
export interface MuteFix {
  name: string;
  /** The baseline alarms it mutes. */
  muted: string[];
  /** The customer's own alarms it mutes, kept muted. */
  kept: string[];
  /** `delete`: DeleteAlarmMuteRule; `rewrite`: PutAlarmMuteRule with `input`. */
  kind: 'delete' | 'rewrite';
  /** The rewritten rule (rewrite only). */
  input?: PutAlarmMuteRuleCommandInput;
  /** The rule as it was, as a PutAlarmMuteRule input: the undo. */
  before: PutAlarmMuteRuleCommandInput;
}

/** The rule's name, from the rule or, for a list entry (which has none), from its ARN `...:alarm-mute-rule:<name>`. */
export function muteRuleName(rule: Pick<MuteRule, 'Name' | 'AlarmMuteRuleArn'>): string | undefined {
  return rule.Name ?? rule.AlarmMuteRuleArn?.split(':').slice(6).join(':');
}

/** Which rules mute a baseline alarm, and what each becomes. `baselineAlarms`: every baseline alarm name. */
export function planMuteRules(baselineAlarms: readonly string[], rules: readonly MuteRule[]): MuteFix[] {
  const baseline = new Set(baselineAlarms);
  const fixes: MuteFix[] = [];
  for (const rule of rules) {
    const name = muteRuleName(rule);
    if (!name || rule.Status === 'EXPIRED') continue;
    const targets = rule.MuteTargets?.AlarmNames ?? [];
    const muted = targets.filter((t) => baseline.has(t));
    if (muted.length === 0) continue;
    const kept = targets.filter((t) => !baseline.has(t));
    const before = muteRuleAsInput(rule, name);
    if (kept.length === 0) fixes.push({ name, muted, kept, kind: 'delete', before });
    else fixes.push({ name, muted, kept, kind: 'rewrite', before, input: { ...before, MuteTargets: { AlarmNames: kept } } });
  }
  return fixes;
}

/** The rule as a PutAlarmMuteRule input (set fields only). Tags are not part of it: GetAlarmMuteRule does not return them. */
export function muteRuleAsInput(rule: MuteRule, name = muteRuleName(rule) ?? ''): PutAlarmMuteRuleCommandInput {
  return {
    Name: name,
    ...(rule.Description ? { Description: rule.Description } : {}),
    Rule: rule.Rule,
    ...(rule.MuteTargets ? { MuteTargets: { AlarmNames: [...(rule.MuteTargets.AlarmNames ?? [])] } } : {}),
    ...(rule.StartDate ? { StartDate: rule.StartDate } : {}),
    ...(rule.ExpireDate ? { ExpireDate: rule.ExpireDate } : {}),
  };
}

/** `cron(0 * * * ? *) for PT1H` (and its time zone), as the notice shows a rule's schedule. */
export function describeSchedule(rule: Pick<PutAlarmMuteRuleCommandInput, 'Rule'>): string {
  const schedule = rule.Rule?.Schedule;
  if (!schedule) return 'no schedule';
  return `${schedule.Expression ?? '?'} for ${schedule.Duration ?? '?'}${schedule.Timezone ? ` (${schedule.Timezone})` : ''}`;
}
