/**
 * Reads serverless.yml as the deployed stack sees it: each function's handler and the EventBridge patterns
 * actually declared for it, with the few serverless variables those use resolved (self:, sls:stage, opt:, param:, aws:region).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validatePattern, type EventPattern } from '../../shared/events/pattern-matcher';
import { resolveIntrinsics } from './cloudformation';

/** A function declared in serverless.yml. */
export interface DeclaredFunction {
  name: string;
  /** `functions/<name>/handler.handler` */
  handler: string;
  patterns: EventPattern[];
}

/** The project root (where serverless.yml lives). */
export const PROJECT_ROOT = join(__dirname, '..', '..');

type Doc = Record<string, unknown>;

/** What the variables resolve against; `params` stand for `--param="name=value"` on the command line. */
interface Context {
  stage: string;
  region: string;
  params: Record<string, string>;
}

/** Loads and resolves serverless.yml. */
export function loadServerless(options: { stage?: string; region?: string; file?: string; params?: Record<string, string> } = {}): Doc {
  const raw = parse(readFileSync(options.file ?? join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as Doc;
  const context = { stage: options.stage ?? 'dev', region: options.region ?? 'us-east-1', params: options.params ?? {} };
  return resolveAll(raw, raw, context) as Doc;
}

/**
 * The functions and their EventBridge patterns as deployed in `account` (CloudFormation's Fn::Sub and Ref in a pattern,
 * e.g. the loop guard's role ARNs, resolved for it); every pattern is validated.
 */
export function declaredFunctions(doc: Doc = loadServerless(), account = '111122223333', region = 'us-east-1'): DeclaredFunction[] {
  const stack = { account, region, partition: 'aws', refs: {}, conditions: {} };
  const functions = (doc.functions ?? {}) as Record<string, { handler: string; events?: { eventBridge?: { pattern?: EventPattern; schedule?: string; name?: string } }[] }>;
  return Object.entries(functions).map(([name, fn]) => {
    const patterns = (fn.events ?? [])
      .map((e) => e.eventBridge)
      .map((rule) => (rule?.schedule ? schedulePattern(rule.name) : (resolveIntrinsics(rule?.pattern, stack) as EventPattern | undefined)))
      .filter((p): p is EventPattern => p !== undefined);
    patterns.forEach((pattern) => validatePattern(pattern));
    return { name, handler: fn.handler, patterns };
  });
}

/** A schedule rule receives `Scheduled Event`s whose resources name the rule itself. */
function schedulePattern(ruleName: string | undefined): EventPattern {
  if (!ruleName) throw new Error('serverless.yml: a schedule eventBridge rule needs a name, so the local router can tell it apart');
  return { source: ['aws.events'], 'detail-type': ['Scheduled Event'], resources: [{ suffix: `:rule/${ruleName}` }] };
}

function resolveAll(node: unknown, root: Doc, context: Context): unknown {
  // A value that is one whole variable may resolve to an object (e.g. `${param:x, self:custom.someRef}`).
  const whole = typeof node === 'string' ? /^\$\{((?:self|sls|opt|param|aws):[^{}]+)\}$/.exec(node) : null;
  if (whole) {
    const [source, fallback] = splitFallback(whole[1] ?? '');
    const value = valueOf(source, root, context) ?? (fallback === undefined ? undefined : valueOf(fallback, root, context));
    if (value !== undefined && typeof value !== 'string') return resolveAll(value, root, context);
  }
  if (typeof node === 'string') return resolveString(node, root, context);
  if (Array.isArray(node)) return node.map((item) => resolveAll(item, root, context));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveAll(v, root, context)]));
  return node;
}

const VARIABLE = /\$\{((?:self|sls|opt|param|aws):[^{}]+)\}/g;

/** Resolves serverless variables; CloudFormation's own `${AWS::Region}` in Fn::Sub strings is left alone. */
function resolveString(text: string, root: Doc, context: Context, depth = 0): string {
  if (depth > 10) throw new Error(`serverless.yml: variable loop in "${text}"`);
  const resolved = text.replace(VARIABLE, (_, expression: string) => {
    const [source, fallback] = splitFallback(expression);
    const value = lookup(source, root, context);
    if (value !== undefined) return value;
    // An unquoted fallback naming a source is itself a variable; anything else is a literal.
    if (fallback !== undefined) return (/^(self|sls|opt|param|aws):/.test(fallback) ? lookup(fallback, root, context) : undefined) ?? fallback;
    throw new Error(`serverless.yml: cannot resolve \${${expression}}`);
  });
  return new RegExp(VARIABLE.source).test(resolved) ? resolveString(resolved, root, context, depth + 1) : resolved;
}

function lookup(source: string, root: Doc, context: Context): string | undefined {
  const value = valueOf(source, root, context);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function valueOf(source: string, root: Doc, context: Context): unknown {
  if (source === 'sls:stage' || source === 'opt:stage') return context.stage;
  if (source === 'aws:region' || source === 'opt:region') return context.region;
  const [kind, path = ''] = source.split(/:(.*)/s);
  if (kind === 'self') return valueAt(root, path);
  if (kind === 'param') return context.params[path] ?? valueAt(root, `params.${context.stage}.${path}`) ?? valueAt(root, `params.default.${path}`);
  return undefined;
}

function valueAt(root: Doc, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Doc)[key] : undefined;
  return node;
}

function splitFallback(expression: string): [string, string | undefined] {
  const match = /^\s*([^,]+?)\s*(?:,\s*(?:'([^']*)'|"([^"]*)"|([^,]+?)))?\s*$/.exec(expression);
  if (!match) return [expression.trim(), undefined];
  return [match[1] ?? '', match[2] ?? match[3] ?? match[4]?.trim()];
}
