/** In-process invocation of the declared handlers, shared by the `remediate` CLI, the demo and the tests. */
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { resetConfig } from '../../shared/config';
import { EnvelopeSchema } from '../../shared/events/schemas';
import { resetDefaultDeps } from '../../shared/pipeline';
import type { RemediationResult } from '../../shared/remediations/result';
import { route } from './routes';
import { PROJECT_ROOT, declaredFunctions, loadServerless } from './serverless-config';

/** The input is not a valid EventBridge event. */
export class InputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** One output line: the function invoked (or null) and its outcome, with the result's details. */
export interface InvocationLine {
  function: string | null;
  outcome: RemediationResult['outcome'];
  reason?: string;
  error?: string;
  result?: RemediationResult;
}

/** Parses text into an EventBridge event; throws InputError with a one-line reason. */
export function parseInput(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`input is not JSON: ${(error as Error).message}`);
  }
  const parsed = EnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`input is not an EventBridge event: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return value as Record<string, unknown>;
}

/** Routes the event through serverless.yml's patterns and invokes each matching handler. */
export async function invokeEvent(event: Record<string, unknown>, options: { stage?: string; region?: string } = {}): Promise<InvocationLine[]> {
  // The stack that receives an event on its default bus is deployed in the event's account.
  const functions = declaredFunctions(loadServerless({ stage: options.stage, region: options.region }), String(event.account), options.region ?? 'us-east-1');
  const matched = route(functions, event);
  if (matched.length === 0) return [{ function: null, outcome: 'ignored', reason: 'no EventBridge rule declared in serverless.yml matches this event' }];
  // Read the environment afresh, as a new Lambda container would.
  resetConfig();
  resetDefaultDeps();
  const lines: InvocationLine[] = [];
  for (const fn of matched) lines.push(await invokeOne(fn.name, fn.handler, event));
  return lines;
}

async function invokeOne(name: string, handlerPath: string, event: unknown): Promise<InvocationLine> {
  const [file, exportName = 'handler'] = splitHandler(handlerPath);
  const module = (await import(join(PROJECT_ROOT, file))) as Record<string, (event: unknown, context: Context) => Promise<RemediationResult>>;
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${handlerPath}: no exported function ${exportName}`);
  try {
    const result = await handler(event, fakeContext(name));
    return { function: name, outcome: result.outcome, reason: result.reason, result };
  } catch (error) {
    const failed = (error as { result?: RemediationResult }).result;
    const err = error as Error;
    return { function: name, outcome: 'failed', reason: failed?.reason ?? err.message, error: `${err.name}: ${err.message}`, result: failed };
  }
}

function splitHandler(handler: string): [string, string | undefined] {
  const dot = handler.lastIndexOf('.');
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

function fakeContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '256',
    awsRequestId: `local-${Date.now()}`,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
