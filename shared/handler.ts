/** The one Lambda handler shape every function uses: middy + Powertools logger context + the shared pipeline. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { defaultDeps, handleEvent } from './pipeline';
import type { RemediationResult } from './remediations/result';
import type { Remediation } from './remediations/types';

/** Builds the Lambda entry point of a remediation: parse, remediate, notify (see shared/pipeline.ts). */
export function remediationHandler(remediation: Remediation): middy.MiddyfiedHandler<unknown, RemediationResult, Error, Context> {
  const lambdaHandler = async (event: unknown, _context: Context): Promise<RemediationResult> => handleEvent(remediation, event, defaultDeps());
  return middy(lambdaHandler).use(injectLambdaContext(logger, { clearState: true }));
}
