/** Restarts, recreates or restores CloudTrail trails. Triggers: see serverless.yml (CloudTrail, GuardDuty, Config). */
import { remediationHandler } from '../../shared/handler';
import { trailProtection } from '../../shared/remediations/trail';

/** The Lambda entry point. */
export const handler = remediationHandler(trailProtection);
