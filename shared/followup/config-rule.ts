/**
 * Re-evaluates the Config rule that reported the fixed resource, so the Config console (and Security Hub, which reads
 * the rule) shows COMPLIANT within minutes instead of at the rule's next periodic run (up to 24 hours).
 * https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigRulesEvaluation.html
 */
import { StartConfigRulesEvaluationCommand, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { errorCode, errorMessage } from '../errors';
import type { FollowUp } from '../remediations/result';

const LAG = 'the Config console and Security Hub may show NON_COMPLIANT until the rule runs again';

/** Starts the rule's evaluation. Never throws: a refusal is a `failed` follow-up, said in the notice. */
export async function reevaluateRule(client: ConfigServiceClient, ruleName: string): Promise<FollowUp> {
  try {
    await client.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [ruleName] }));
    return { service: 'config', status: 'done', summary: `rule ${ruleName} re-evaluation started: the Config console shows the new result within minutes` };
  } catch (error) {
    const code = errorCode(error);
    // One evaluation per rule at a time: the one running reads the fixed resource too.
    if (code === 'ResourceInUseException') return { service: 'config', status: 'skipped', summary: `rule ${ruleName} is already being evaluated: its new result follows within minutes` };
    // LimitExceededException (AWS limits how often a rule is re-evaluated), AccessDenied, throttling, a deleted rule.
    return { service: 'config', status: 'failed', summary: `rule ${ruleName} re-evaluation NOT started (${code}): ${LAG}`, error: errorMessage(error) };
  }
}
