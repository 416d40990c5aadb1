/** In-process invocation of the declared handlers, shared by the `remediate` CLI, the demo and the tests. */
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { resetConfig } from '../../shared/config';
import { resetDefaultDeps } from '../../shared/pipeline';
import type { RemediationResult } from '../../shared/remediations/result';
import { route } from './routes';
import { PROJECT_ROOT, declaredFunctions, loadServerless, type DeclaredFunction } from './serverless-config';

/** One output line: the function invoked (or null) and its outcome, with the result's details. */
export interface InvocationLine {
  function: string | null;
  outcome: RemediationResult['outcome'];
  reason?: string;
  error?: string;
  result?: RemediationResult;
}

/** serverless.yml as the stack of one stage, in the event's account, sees it. */
export interface Routing {
  stage: string;
  service: string;
  /** custom.selfRolePrefix: `<service>-<stage>-`. */
  rolePrefix: string;
  functions: DeclaredFunction[];
}

/** Reads serverless.yml for `stage` (default dev) and resolves its patterns for the stack in `account`. */
export function loadRouting(account: string, options: { stage?: string; region?: string } = {}): Routing {
  const stage = options.stage ?? 'dev';
  const doc = loadServerless({ stage, region: options.region });
  const custom = (doc.custom ?? {}) as { selfRolePrefix?: string };
  return { stage, service: String(doc.service), rolePrefix: String(custom.selfRolePrefix), functions: declaredFunctions(doc, account, options.region ?? 'us-east-1') };
}

/** The reason given when no declared pattern matches. */
export const NO_RULE_MATCHES = 'no EventBridge rule declared in serverless.yml matches this event';

/** Routes the event through serverless.yml's patterns and invokes each matching handler. */
export async function invokeEvent(event: Record<string, unknown>, options: { stage?: string; region?: string; routing?: Routing } = {}): Promise<InvocationLine[]> {
  // The stack that receives an event on its default bus is deployed in the event's account.
  const { functions } = options.routing ?? loadRouting(String(event.account), options);
  const matched = route(functions, event);
  if (matched.length === 0) return [{ function: null, outcome: 'ignored', reason: NO_RULE_MATCHES }];
  return invokeFunctions(matched, event);
}

/** Invokes each of these declared handlers with the event, in order, in-process (the dead-letter replay names them). */
export async function invokeFunctions(functions: readonly DeclaredFunction[], event: unknown): Promise<InvocationLine[]> {
  // Read the environment afresh, as a new Lambda container would.
  resetConfig();
  resetDefaultDeps();
  const lines: InvocationLine[] = [];
  for (const fn of functions) lines.push(await invokeOne(fn.name, fn.handler, event));
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
