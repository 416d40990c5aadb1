/** Revokes security-group ingress open to the world. Triggers: see serverless.yml (CloudTrail, GuardDuty, Config). */
import { remediationHandler } from '../../shared/handler';
import { openIngress } from '../../shared/remediations/open-ingress';

/** The Lambda entry point. */
export const handler = remediationHandler(openIngress);
