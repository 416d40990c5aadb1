/** Runs a project script (scripts/<name>.ts) as people and cron jobs do: a child process, with its exit code and streams. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/lib/serverless-config';

/** What a script run left behind. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/<script>.ts` with tsx; `env` is merged over this process's environment (undefined removes a variable). */
export function runScript(script: string, args: string[], options: { input?: string | Buffer; env?: Record<string, string | undefined> } = {}): ScriptRun {
  const env = Object.fromEntries(Object.entries({ ...process.env, ...options.env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  const result = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'scripts', `${script}.ts`), ...args], { input: options.input, env, encoding: 'utf8', timeout: 60000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The JSON lines a script printed on stdout. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The lines a script printed on stderr under its own name (`remediate: ...`), without the handlers' JSON logs. */
export function messages(stderr: string, script: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith(`${script}: `));
}
