/** Recreates missing or altered CIS metric filters and alarms. Triggers: see serverless.yml (CloudTrail, Config, schedule). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { defaultDeps, handleEvent } from '../../shared/pipeline';
import { alarmChain } from '../../shared/remediations/alarms';
import type { RemediationResult } from '../../shared/remediations/result';

const lambdaHandler = async (event: unknown, _context: Context): Promise<RemediationResult> =>
  handleEvent(alarmChain, event, defaultDeps());

/** The Lambda entry point. */
export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { clearState: true }));
