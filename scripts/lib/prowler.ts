/**
 * Runs the pinned Prowler (.venv-prowler, scripts/setup-prowler.sh) against the emulator: only the given checks, in
 * one region, unused services scanned too, findings as JSON OCSF. One verdict per check: PASS when every finding of
 * the check passed (the per-trail and per-region checks report several).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_CREDENTIALS } from './moto';

const ROOT = join(__dirname, '..', '..');
export const PROWLER = join(ROOT, '.venv-prowler', 'bin', 'prowler');

export interface ProwlerVerdict {
  status: 'PASS' | 'FAIL' | 'NOT RUN';
  detail: string;
}

interface OcsfFinding {
  status_code: string;
  status_detail?: string;
  metadata: { event_code: string };
}

/** Prowler's verdict per check, and how long the run took. Exit code 3 (some check failed) is a normal end. */
export async function runProwler(endpoint: string, region: string, checks: readonly string[]): Promise<{ verdicts: Map<string, ProwlerVerdict>; seconds: number }> {
  const out = mkdtempSync(join(tmpdir(), 'chain-guard-prowler-'));
  const args = ['aws', '--region', region, '--no-banner', '--no-color', '--scan-unused-services', '--check', ...checks, '-M', 'json-ocsf', '-o', out, '-F', 'findings'];
  const started = Date.now();
  const child = spawn(PROWLER, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...EMULATOR_CREDENTIALS, AWS_ENDPOINT_URL: endpoint, AWS_DEFAULT_REGION: region },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0 && code !== 3) throw new Error(`prowler exited with code ${code}:\n${log}`);
  const findings = JSON.parse(readFileSync(join(out, 'findings.ocsf.json'), 'utf8')) as OcsfFinding[];
  const verdicts = new Map<string, ProwlerVerdict>();
  for (const check of checks) {
    const mine = findings.filter((f) => f.metadata.event_code === check);
    const failed = mine.find((f) => f.status_code !== 'PASS');
    verdicts.set(check, mine.length === 0 ? { status: 'NOT RUN', detail: 'no finding' } : failed ? { status: 'FAIL', detail: failed.status_detail ?? '' } : { status: 'PASS', detail: mine[0]?.status_detail ?? '' });
  }
  return { verdicts, seconds };
}
