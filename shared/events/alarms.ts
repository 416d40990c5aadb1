/** Reads, from each event shape, which metric filters and alarms of the alerting chain an event concerns. */
import type { Trigger } from './trigger';
import { configRuleOf } from './accepted';

/** CloudTrail API calls that remove, alter or mute filters, alarms or the trail's log group, by event source. */
export const ALARM_API_CALLS: Readonly<Record<string, readonly string[]>> = {
  'monitoring.amazonaws.com': ['DeleteAlarms', 'DisableAlarmActions', 'PutMetricAlarm', 'PutAlarmMuteRule'],
  'logs.amazonaws.com': ['DeleteMetricFilter', 'PutMetricFilter', 'DeleteLogGroup'],
};
/** Config managed rules about alarms. */
export const ALARM_CONFIG_RULES = ['cloudwatch-alarm-action-check'] as const;

/** What to examine: everything (bootstrap, sweep, Config) or the named alarms and filters. */
export interface AlarmScope {
  all: boolean;
  alarmNames: string[];
  filterNames: string[];
  /** Log group named by a logs.amazonaws.com event. */
  logGroupName?: string;
  logGroupDeleted: boolean;
  why: string;
}

/** The scope of a trigger, or why it needs nothing. */
export function alarmScope(trigger: Trigger): { scope?: AlarmScope; ignore?: string } {
  const everything = (why: string): { scope: AlarmScope } => ({ scope: { all: true, alarmNames: [], filterNames: [], logGroupDeleted: false, why } });
  if (trigger.kind === 'schedule') return everything('scheduled sweep / bootstrap of the whole baseline');
  if (trigger.kind === 'guardduty') return { ignore: `finding ${trigger.eventName} is not about alarms` };
  if (trigger.kind === 'config') {
    const ours = configRuleOf(trigger.ruleName, ALARM_CONFIG_RULES) !== undefined;
    if (!ours) return { ignore: `Config rule ${trigger.ruleName} is not about alarms` };
    if (trigger.resourceType === 'AWS::CloudWatch::Alarm') return { scope: { all: false, alarmNames: [trigger.resourceId], filterNames: [], logGroupDeleted: false, why: `Config rule ${trigger.ruleName} is NON_COMPLIANT` } };
    return everything(`Config rule ${trigger.ruleName} is NON_COMPLIANT`);
  }
  if (!(ALARM_API_CALLS[trigger.eventSource] ?? []).includes(trigger.eventName)) return { ignore: `${trigger.eventSource} ${trigger.eventName} is not handled by restore-alarms` };
  const request = trigger.request;
  const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);
  const why = `${trigger.eventName} was called`;
  switch (trigger.eventName) {
    case 'DeleteAlarms':
    case 'DisableAlarmActions':
      return { scope: { all: false, alarmNames: names(request.alarmNames), filterNames: [], logGroupDeleted: false, why } };
    case 'PutMetricAlarm':
      return { scope: { all: false, alarmNames: names(request.alarmName), filterNames: [], logGroupDeleted: false, why } };
    case 'PutAlarmMuteRule': {
      // A mute rule names the alarms it mutes under muteTargets (modeled on the API input, camelCased as CloudTrail does).
      const targets = typeof request.muteTargets === 'object' && request.muteTargets !== null ? (request.muteTargets as Record<string, unknown>).alarmNames : undefined;
      const rule = names(request.name)[0];
      return { scope: { all: false, alarmNames: names(targets), filterNames: [], logGroupDeleted: false, why: rule ? `mute rule ${rule} was put (PutAlarmMuteRule)` : why } };
    }
    case 'DeleteLogGroup':
      return { scope: { all: true, alarmNames: [], filterNames: [], logGroupName: names(request.logGroupName)[0], logGroupDeleted: true, why } };
    default:
      return { scope: { all: false, alarmNames: [], filterNames: names(request.filterName), logGroupName: names(request.logGroupName)[0], logGroupDeleted: false, why } };
  }
}
