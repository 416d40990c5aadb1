/** Keeps the AWS Config recorder and the GuardDuty detector on. Triggers: see serverless.yml (CloudTrail, hourly sweep). */
import { remediationHandler } from '../../shared/handler';
import { backstops } from '../../shared/remediations/backstops';

/** The Lambda entry point. */
export const handler = remediationHandler(backstops);
