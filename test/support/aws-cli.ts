/**
 * Runs printed AWS CLI commands as a person would, with the pinned AWS CLI of the project's .venv (installed by
 * scripts/setup-emulator.sh), against this worker's moto server (AWS_ENDPOINT_URL, which the CLI reads too).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const VENV_BIN = join(__dirname, '..', '..', '.venv', 'bin');

/** Runs each command in bash, in order; throws with the CLI's error output when one fails. */
export function runCommands(commands: readonly string[]): void {
  for (const command of commands) {
    if (!command.startsWith('aws ')) throw new Error(`not an AWS CLI command: ${command}`);
    try {
      execFileSync('bash', ['-c', command], { env: { ...process.env, PATH: `${VENV_BIN}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      throw new Error(`${command}\nfailed: ${stderr}`);
    }
  }
}

/** The raw undo commands of a notice, in the order printed (the lines under "Or by hand" / "How to undo"). */
export function printedUndo(message: string): string[] {
  const section = message.split(/\n(?:Or by hand|How to undo)[^\n]*:\n/).slice(1).join('\n');
  const lines: string[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('  ')) break;
    if (line.trim().startsWith('aws ')) lines.push(line.trim());
  }
  return lines;
}
