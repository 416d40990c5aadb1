/**
 * npm run remediate -- <event.json | ->
 * Routes one EventBridge event through the patterns declared in serverless.yml, invokes each matching handler
 * in-process against the AWS endpoint the environment names, and prints one JSON line per invoked handler.
 * Exit 0 done; 1 a remediation failed; 2 bad usage, input or configuration (nothing changed). See scripts/lib/exit-code.ts.
 */
import { getConfig } from '../shared/config';
import { startCli, runCli } from './lib/cli';
import { EXIT, UsageError, exitCodeOf, type ExitCode } from './lib/exit-code';
import { explainUnmatched } from './lib/explain';
import { readEvent } from './lib/input';
import { invokeEvent, loadRouting, type InvocationLine } from './lib/invoke';
import { stageNotes } from './lib/stage-notes';

const out = startCli({ logLevel: 'WARN' });
const note = (text: string): void => void process.stderr.write(`remediate: ${text}\n`);

async function main(argv: string[]): Promise<ExitCode> {
  const source = argv[0];
  if (!source || argv.length > 1) throw new UsageError('usage: npm run remediate -- <event.json | ->');
  const event = readEvent(source);
  const routing = loadRouting(String(event.account), { stage: process.env.STAGE, region: process.env.AWS_REGION });
  // As deployed: serverless.yml sets SELF_ROLE_PREFIX from the stage, so the code's loop guard and the patterns' agree.
  process.env.SELF_ROLE_PREFIX ??= routing.rolePrefix;
  const config = getConfig(); // a ConfigError (exit 2) before anything is read or changed
  const lines = await invokeEvent(event, { region: process.env.AWS_REGION, routing });
  for (const line of lines) out(`${JSON.stringify(line)}\n`);
  if (lines.every((line) => line.function === null)) explainUnmatched(routing.functions, event, routing.stage).forEach(note);
  stageNotes(event, { stage: routing.stage, service: routing.service, patternRolePrefix: routing.rolePrefix, configRolePrefix: config.stack.rolePrefix }).forEach(note);
  for (const line of lines.filter((l) => l.error && exitCodeOf(l.error) === EXIT.usage)) note(line.error ?? '');
  return worst(lines);
}

/** Bad input outranks a failed remediation, which outranks success. */
function worst(lines: InvocationLine[]): ExitCode {
  const codes = lines.map((line): ExitCode => (line.error ? exitCodeOf(line.error) : line.outcome === 'failed' ? EXIT.failed : EXIT.done));
  return codes.includes(EXIT.usage) ? EXIT.usage : codes.includes(EXIT.failed) ? EXIT.failed : EXIT.done;
}

runCli('remediate', () => main(process.argv.slice(2)));
