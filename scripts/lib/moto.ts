/**
 * Starts and stops the embedded AWS emulator: moto in server mode from the project's `.venv`
 * (created by scripts/setup-emulator.sh), on a free 127.0.0.1 port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The account moto pretends to be: the one the real-world fixtures carry. */
export const EMULATOR_ACCOUNT = '111122223333';
/** Dummy credentials: moto accepts any. */
export const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: 'testing' } as const;

/** A running moto server. */
export interface MotoServer {
  url: string;
  port: number;
  pid: number | undefined;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** Path of the pinned moto_server; throws a clear error when the venv is missing. */
export function motoBinary(): string {
  const bin = join(ROOT, '.venv', 'bin', 'moto_server');
  if (!existsSync(bin)) throw new Error(`moto server not found at ${bin}: run "npm run setup:emulator" (npm test and npm run demo do it for you)`);
  return bin;
}

/** The venv's python and the script that runs moto's server with the SNS calls moto lacks (scripts/emulator/moto_server.py). */
function motoCommand(): [string, string] {
  motoBinary();
  return [join(ROOT, '.venv', 'bin', 'python'), join(ROOT, 'scripts', 'emulator', 'moto_server.py')];
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto (on `port`, else a free one) and waits until it answers. */
export async function startMoto(options: { timeoutMs?: number; port?: number } = {}): Promise<MotoServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const [python, script] = motoCommand();
  const child = spawn(python, [script, '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACCOUNT_ID: EMULATOR_ACCOUNT, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`moto exited early (code ${code}): ${stderr}`))));
  await Promise.race([waitUntilUp(url, options.timeoutMs ?? 30000), exited]);
  child.removeAllListeners('exit');
  return {
    url,
    port,
    pid: child.pid,
    reset: () => resetMoto(url),
    stop: () => stopProcess(child),
  };
}

/** Wipes every resource in the emulator. */
export async function resetMoto(url: string): Promise<void> {
  const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

async function waitUntilUp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`moto did not answer on ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
