/**
 * npm run remediate -- <event.json | ->
 * Routes one EventBridge event through the patterns declared in serverless.yml, invokes each matching handler
 * in-process against the AWS endpoint the environment names, and prints one JSON line per invoked handler.
 * Exit 0; 1 if a remediation failed; 2 if the input is not a valid event (nothing changed).
 */
import { readFileSync } from 'node:fs';
import { logger } from '../shared/logger';
import { invokeEvent, parseInput, InputError } from './lib/invoke';

// Only this script's JSON lines go to stdout; logs and metrics written by the handlers go to stderr.
const writeOut = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel('WARN');
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const source = argv[0];
  if (!source || argv.length > 1) {
    process.stderr.write('usage: npm run remediate -- <event.json | ->\n');
    return 2;
  }
  let event: Record<string, unknown>;
  try {
    event = parseInput(source === '-' ? readFileSync(0, 'utf8') : readFile(source));
  } catch (error) {
    process.stderr.write(`remediate: ${(error as Error).message.replace(/\s+/g, " ").trim()}\n`);
    return 2;
  }
  const lines = await invokeEvent(event, { stage: process.env.STAGE, region: process.env.AWS_REGION });
  for (const line of lines) writeOut(`${JSON.stringify(line)}\n`);
  const invalid = lines.find((line) => line.error?.startsWith('InvalidEventError'));
  if (invalid) {
    process.stderr.write(`remediate: ${invalid.error}\n`);
    return 2;
  }
  return lines.some((line) => line.outcome === 'failed') ? 1 : 0;
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`remediate: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
