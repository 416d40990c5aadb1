/** The short form of a trigger that goes into every result and notification. */
import type { Trigger } from '../events/trigger';
import type { TriggerSummary } from './result';

/** Summarises a trigger: what happened, when, and who did it. */
export function summarise(trigger: Trigger): TriggerSummary {
  const base = { kind: trigger.kind, eventId: trigger.eventId, eventName: trigger.eventName, time: trigger.time, actor: trigger.actor };
  switch (trigger.kind) {
    case 'cloudtrail':
      return { ...base, detail: `${trigger.eventSource} ${trigger.eventName}` };
    case 'guardduty':
      return { ...base, detail: `GuardDuty finding ${trigger.findingId} (severity ${trigger.severity})${trigger.detail.title ? `: ${trigger.detail.title.trim()}` : ''}` };
    case 'config':
      return { ...base, detail: `Config rule ${trigger.ruleName} reports ${trigger.resourceType} ${trigger.resourceId} ${trigger.compliance}` };
    case 'schedule':
      return { ...base, detail: `scheduled sweep ${trigger.rule ?? ''}`.trim() };
  }
}
