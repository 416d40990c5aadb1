/**
 * npm run replay-dlq -- [--apply] [--queue-url URL] [--max N]
 * Re-drives the events of the dead-letter queue through the handlers, in-process, against the AWS endpoint the
 * environment names (the emulator, or real credentials), routed by the EventBridge patterns of serverless.yml as
 * `npm run remediate` does. Without --apply: a dry run that lists each message, the function(s) it would go to and why
 * it failed, and changes nothing (the messages are made visible again). With --apply: replays each; deletes the messages
 * whose every handler succeeded, keeps (and reports) the others. One JSON line per message on stdout.
 * Exit 0 done (dry run listed, or all replayed); 1 a message is still failing or cannot be replayed; 2 bad usage or
 * configuration (nothing changed). See scripts/lib/exit-code.ts.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { getConfig } from '../shared/config';
import type { Gate } from '../shared/config-switches';
import { parseEvent } from '../shared/events/trigger';
import { gateOf } from '../shared/pipeline';
import { startCli, runCli } from './lib/cli';
import { readDeadLetter, type DeadLetter } from './lib/dead-letters';
import { queueUrlOf, receiveAll, release, remove } from './lib/dlq-queue';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';
import { NO_RULE_MATCHES, invokeFunctions, loadRouting, type InvocationLine, type Routing } from './lib/invoke';
import { route } from './lib/routes';
import type { DeclaredFunction } from './lib/serverless-config';

const out = startCli({ logLevel: 'WARN' });

interface Options {
  apply: boolean;
  queueUrl?: string;
  max: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { apply: false, max: 100, queueUrl: process.env.DLQ_URL || undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--apply') options.apply = true;
    else if (arg === '--queue-url' && argv[i + 1]) options.queueUrl = argv[++i];
    else if (arg === '--max' && /^[1-9]\d{0,3}$/.test(argv[i + 1] ?? '')) options.max = Number(argv[++i]);
    else throw new UsageError('usage: npm run replay-dlq -- [--apply] [--queue-url URL] [--max N (1-9999, default 100)]');
  }
  return options;
}

/** The line printed for one message. */
interface ReplayLine {
  messageId: string;
  format: DeadLetter['format'];
  /** When the message was written to the queue (SQS deletes it 14 days later). */
  sentAt?: string;
  eventId?: string;
  eventName?: string;
  functions: string[];
  /** Per function: `enforce`, `report` or `disabled`, and the setting that decided (REMEDIATION_MODE or a switch). */
  runsAs: Record<string, string>;
  failedBecause: string;
  action: 'would replay' | 'replayed, deleted' | 'kept';
  why?: string;
  results?: { function: string | null; outcome: string; error?: string }[];
}

async function main(argv: string[]): Promise<ExitCode> {
  const options = parseArgs(argv);
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const stage = process.env.STAGE ?? 'dev';
  const routings = new Map<string, Routing>();
  const routingFor = (account: string): Routing => {
    if (!routings.has(account)) routings.set(account, loadRouting(account, { stage, region }));
    return routings.get(account) as Routing;
  };
  const stack = routingFor('000000000000');
  // As deployed: serverless.yml sets SELF_ROLE_PREFIX from the stage (see npm run remediate).
  process.env.SELF_ROLE_PREFIX ??= stack.rolePrefix;
  // A ConfigError (exit 2) before anything is received or changed. The mode and switches are this environment's, not
  // the deployed functions': each line says how each function would run, so a dry run shows it before --apply.
  const config = getConfig();
  const sqs = new SQSClient({ region });
  const queueUrl = await queueUrlOf(sqs, options.queueUrl, `${stack.rolePrefix}dead-letters`);
  // Hidden while it is looked at: long enough to replay it, released at once in a dry run.
  const messages = await receiveAll(sqs, queueUrl, options.max, options.apply ? 300 : 30);
  const tally = new Map<string, number>();
  for (const message of messages) {
    const line = await replayOne(readDeadLetter(message, stack.rolePrefix));
    out(`${JSON.stringify(line)}\n`);
    const kind = line.action === 'kept' ? (line.why ?? '').replace(/:.*$/, '') : line.action;
    tally.set(kind, (tally.get(kind) ?? 0) + 1);
  }
  const counts = [...tally].map(([kind, n]) => `${n} ${kind}`).join(', ');
  const kept = messages.length - (tally.get('would replay') ?? 0) - (tally.get('replayed, deleted') ?? 0);
  process.stderr.write(`replay-dlq: ${messages.length} message(s) in ${queueUrl}${counts ? `: ${counts}` : ''}${options.apply ? '' : ' (dry run: nothing replayed or deleted; --apply to replay)'}\n`);
  // At 3 a.m.: what the exit code 1 means, and what to do next.
  if (kept > 0) process.stderr.write(`replay-dlq: ${kept} message(s) kept in the queue (the dead-letter alarm stays on): read each line's "why", fix the cause and run again; delete a message only once what failed is recorded\n`);
  return kept > 0 ? EXIT.failed : EXIT.done;

  /** Replays (or, in a dry run, describes) one dead letter; deletes it only when every handler settled it. */
  async function replayOne(letter: DeadLetter): Promise<ReplayLine> {
    const targets = letter.event ? targetsOf(letter, routingFor(String(letter.event.account)).functions) : [];
    const sent = Number(letter.sentTimestamp);
    const line: ReplayLine = {
      messageId: letter.messageId,
      format: letter.format,
      ...(sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
      ...(letter.event ? { eventId: String(letter.event.id), eventName: eventNameOf(letter.event) } : {}),
      functions: targets.map((fn) => fn.name),
      runsAs: Object.fromEntries(targets.map((fn) => [fn.name, runsAs(gateOf(config, fn.name, accountOf(letter.event)))])),
      failedBecause: letter.failedBecause,
      action: 'kept',
    };
    const cannot = letter.problem ?? (targets.length === 0 ? NO_RULE_MATCHES : undefined);
    if (cannot) {
      await release(sqs, queueUrl, letter.receiptHandle);
      return { ...line, why: `cannot be replayed: ${cannot}` };
    }
    if (!options.apply) {
      await release(sqs, queueUrl, letter.receiptHandle);
      return { ...line, action: 'would replay' };
    }
    const results = await invokeFunctions(targets, letter.event);
    const why = keptBecause(results);
    if (why === undefined) await remove(sqs, queueUrl, letter.receiptHandle);
    else await release(sqs, queueUrl, letter.receiptHandle);
    return { ...line, action: why === undefined ? 'replayed, deleted' : 'kept', ...(why !== undefined ? { why } : {}), results: results.map(summary) };
  }
}

/** The functions whose patterns match the event; only the one that failed, when the message names it and it matches. */
function targetsOf(letter: DeadLetter, functions: DeclaredFunction[]): DeclaredFunction[] {
  const matched = route(functions, letter.event);
  const named = matched.filter((fn) => fn.name === letter.functionName);
  return named.length > 0 ? named : matched;
}

/**
 * Why the message stays in the queue after its replay, or undefined when every handler settled it. A handler that
 * still fails keeps it; so does one that skipped it with ACTION NEEDED (switched off, another account, a trail that
 * needs a person): nothing was repaired, and deleting the message would make the failure vanish while the alarm goes OK.
 */
function keptBecause(results: InvocationLine[]): string | undefined {
  if (results.some((line) => line.outcome === 'failed' || line.error !== undefined)) return 'still failing';
  const unsettled = results.find((line) => line.outcome === 'skipped' && line.result?.actionNeeded);
  return unsettled ? `not repaired, needs a person: ${unsettled.result?.actionNeeded}` : undefined;
}

/** The account the event is about, as the pipeline reads it (a member's finding: the member), else its envelope's. */
function accountOf(event: Record<string, unknown> | undefined): string {
  try {
    return parseEvent(event).account;
  } catch {
    return String(event?.account);
  }
}

function runsAs(gate: Gate): string {
  return `${gate.state} (${gate.source})`;
}

function summary(line: InvocationLine): { function: string | null; outcome: string; error?: string } {
  return { function: line.function, outcome: line.outcome, ...(line.error ? { error: line.error } : {}) };
}

function eventNameOf(event: Record<string, unknown>): string {
  const detail = (event.detail ?? {}) as Record<string, unknown>;
  return String(detail.eventName ?? detail.type ?? detail.configRuleName ?? event['detail-type'] ?? '');
}

runCli('replay-dlq', () => main(process.argv.slice(2)));
