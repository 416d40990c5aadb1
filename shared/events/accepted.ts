/**
 * Which events a remediation takes: only those it declares (`Remediation.triggers`). EventBridge patterns already
 * route nothing else, but a Lambda function can also be invoked directly, with any event: one that names another
 * API call, finding or rule (or free text in their place) is dropped here, before anything is read, written or sent.
 */
import type { Remediation } from '../remediations/types';
import type { Trigger } from './trigger';

/** The managed rule a Security Hub service-linked rule name `securityhub-<rule>-<hash>` stands for, or undefined. */
export function securityHubRule(ruleName: string): string | undefined {
  return /^securityhub-(.+)-[0-9a-z]+$/.exec(ruleName)?.[1];
}

/** The Config rule of `rules` this rule name stands for, directly or as Security Hub's `securityhub-<rule>-<hash>`. */
export function configRuleOf(ruleName: string, rules: readonly string[]): string | undefined {
  const hub = securityHubRule(ruleName);
  return rules.find((rule) => ruleName === rule || hub === rule);
}

/** Why the remediation does not take this trigger, or undefined when it declares it. Schedules are always taken. */
export function undeclaredTrigger(remediation: Pick<Remediation, 'id' | 'triggers'>, trigger: Trigger): string | undefined {
  const { triggers } = remediation;
  switch (trigger.kind) {
    case 'schedule':
      return undefined;
    case 'cloudtrail':
      return triggers.cloudtrail?.includes(trigger.eventName) ? undefined : `${remediation.id} does not handle the API call ${trigger.eventName}`;
    case 'guardduty':
      return triggers.guardduty?.includes(trigger.eventName) ? undefined : `${remediation.id} does not handle GuardDuty findings of type ${trigger.eventName}`;
    case 'config':
      return configRuleOf(trigger.ruleName, triggers.config ?? []) ? undefined : `${remediation.id} does not handle the Config rule ${trigger.ruleName}`;
  }
}
