/** The short form of a trigger that goes into every result and notification. */
import type { Trigger } from '../events/trigger';
import type { Action, Kept, ResourceRef, TriggerSummary } from './result';

/** Summarises a trigger: what happened, when, and who did it. */
export function summarise(trigger: Trigger): TriggerSummary {
  const base = { kind: trigger.kind, eventId: trigger.eventId, eventName: trigger.eventName, time: trigger.time, actor: trigger.actor };
  switch (trigger.kind) {
    case 'cloudtrail':
      return { ...base, detail: `${trigger.eventSource} ${trigger.eventName}` };
    case 'guardduty':
      return { ...base, severity: trigger.severity, detail: `GuardDuty finding ${trigger.findingId} (severity ${trigger.severity})${trigger.detail.title ? `: ${trigger.detail.title.trim()}` : ''}` };
    case 'config':
      return { ...base, detail: `Config rule ${trigger.ruleName} reports ${trigger.resourceType} ${trigger.resourceId} ${trigger.compliance}` };
    case 'schedule':
      return { ...base, detail: `scheduled sweep ${trigger.rule ?? ''}`.trim() };
  }
}

/** The common part of a result for an event a remediation did not (or could not) handle itself. */
export function unrun(remediation: { id: string }, trigger: Trigger, headline: string, reason: string): { remediation: string; headline: string; resource: ResourceRef; actions: Action[]; kept: Kept[]; reason: string; trigger: TriggerSummary } {
  return {
    remediation: remediation.id,
    headline,
    resource: { type: 'unknown', id: trigger.eventId, account: trigger.account, region: trigger.region },
    actions: [],
    kept: [],
    reason,
    trigger: summarise(trigger),
  };
}
