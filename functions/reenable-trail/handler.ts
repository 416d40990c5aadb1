/** Restarts, recreates or restores CloudTrail trails. Triggers: see serverless.yml (CloudTrail, GuardDuty, Config). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { defaultDeps, handleEvent } from '../../shared/pipeline';
import { trailProtection } from '../../shared/remediations/trail';
import type { RemediationResult } from '../../shared/remediations/result';

const lambdaHandler = async (event: unknown, _context: Context): Promise<RemediationResult> =>
  handleEvent(trailProtection, event, defaultDeps());

/** The Lambda entry point. */
export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { clearState: true }));
