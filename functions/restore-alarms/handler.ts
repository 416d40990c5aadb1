/** Recreates missing or altered CIS metric filters and alarms. Triggers: see serverless.yml (CloudTrail, Config, schedule). */
import { remediationHandler } from '../../shared/handler';
import { alarmChain } from '../../shared/remediations/alarms';

/** The Lambda entry point. */
export const handler = remediationHandler(alarmChain);
