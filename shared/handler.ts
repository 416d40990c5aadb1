/** The one Lambda handler shape every function uses: middy + Powertools logger context + the shared pipeline. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { clientFactory, type ClientConstructors, type ClientOptions } from './aws/clients';
import { logger } from './logger';
import { defaultDeps, handleEvent } from './pipeline';
import type { RemediationResult } from './remediations/result';
import type { Remediation } from './remediations/types';
import { handleSweepEvent, isSqsEvent } from './sweep/worker';

/**
 * Builds the Lambda entry point of a remediation: parse, remediate, notify (see shared/pipeline.ts). `clients` are the
 * SDK client classes its code paths use (its remediation's services, Config and Security Hub for follow-ups, SNS for
 * notices, DynamoDB for the ledger, SQS for the sweep queue): only
 * those are bundled into the function's zip.
 */
export function remediationHandler(remediation: Remediation, clients: Partial<ClientConstructors>): middy.MiddyfiedHandler<unknown, RemediationResult | undefined, Error, Context> {
  const buildClients = (options?: ClientOptions) => clientFactory(clients, options);
  // A message of the function's sweep queue is one target of a fanned-out sweep (shared/sweep/worker.ts).
  const lambdaHandler = async (event: unknown, _context: Context): Promise<RemediationResult | undefined> =>
    isSqsEvent(event) ? handleSweepEvent(remediation, event, defaultDeps(buildClients)).then(() => undefined) : handleEvent(remediation, event, defaultDeps(buildClients));
  return middy(lambdaHandler).use(injectLambdaContext(logger, { clearState: true }));
}
