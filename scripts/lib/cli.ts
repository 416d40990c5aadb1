/**
 * What every command-line script sets up before it runs, and how it ends: its own output alone on stdout, the handlers'
 * logs on stderr, no metrics, no Node 20 support warning from the SDK, and an exit code from scripts/lib/exit-code.ts.
 */
import { mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '../../shared/logger';
import { exitCodeOf, EXIT, type ExitCode } from './exit-code';

/**
 * The project runs on Node 20 on purpose (tests, demo, CLI; Lambda runs nodejs22.x). The SDK's documented switch
 * (aws/aws-sdk-js-v3#7983) turns off its "will require node >=22" warning; it is read when a client is built.
 */
export function quietNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** Sends everything written to stdout (Powertools logs at INFO) to stderr; returns a writer to the real stdout. */
export function startCli(options: { logLevel: 'WARN' | 'ERROR' }): (text: string) => void {
  quietNodeVersionWarning();
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel(options.logLevel);
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  return (text) => void writeOut(text);
}

/** Runs `main` and exits with its code; a thrown error is printed on one line (usage errors) or with its stack. */
export function runCli(name: string, main: () => Promise<ExitCode>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const code = exitCodeOf(error);
      const text = code === EXIT.usage ? (error as Error).message.replace(/\s+/g, ' ').trim() : ((error as Error).stack ?? String(error));
      process.stderr.write(`${name}: ${text}\n`);
      process.exit(code);
    },
  );
}

/**
 * Sends everything written to stdout and stderr (the handlers' Powertools JSON logs, at every level) to a new file,
 * so a story told on the real stdout stays readable. Returns writers to the real streams and the file's path.
 */
export function logsToFile(name: string): { out: (text: string) => void; err: (text: string) => void; path: string } {
  quietNodeVersionWarning();
  const path = join(mkdtempSync(join(tmpdir(), `${name}-`)), `${name}.log`);
  const fd = openSync(path, 'a');
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const toFile = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    if (typeof chunk === 'string') writeSync(fd, chunk);
    else writeSync(fd, chunk);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = toFile;
  process.stderr.write = toFile;
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  return { out: (text) => void out(text), err: (text) => void err(text), path };
}
