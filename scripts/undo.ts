/**
 * npm run undo -- <id> [--reason "false positive: approved bastion"]
 * Puts back exactly what the remediation result <id> changed (ids are in each notice and in npm run history), with the
 * caller's credentials (an admin's: only admins may write grace periods), records the undo in the history, and gives
 * what it put back a grace period of UNDO_GRACE_HOURS (default 24) during which the remediation reports instead of
 * writing. Exit 0 undone; 1 the undo failed part way (said which step); 2 bad usage, or refused (nothing changed).
 */
import { isShortId } from '../shared/history/keys';
import { undoResult } from '../shared/history/undo';
import { adminContext, parseOptions } from './lib/admin';
import { runCli, startCli } from './lib/cli';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';

const USAGE = 'usage: npm run undo -- <id> [--reason "<why>"]';
const out = startCli({ logLevel: 'ERROR' });

async function main(argv: string[]): Promise<ExitCode> {
  const { values, rest } = parseOptions(argv, ['--reason'], [], USAGE);
  const id = rest[0] ?? '';
  if (rest.length !== 1 || !isShortId(id)) throw new UsageError(`${USAGE} (the id is the 10 letters and digits after "npm run undo --" in the notice)`);
  const { deps, place, by } = await adminContext(USAGE);
  const report = await undoResult(place, deps.clients, { id, by, reason: values.reason ?? 'undone by an admin', graceHours: deps.config.undoGraceHours });
  if (report.status === 'refused') {
    process.stderr.write(`undo: ${report.why}\n${(report.commands ?? []).map((c) => `  ${c}\n`).join('')}`);
    return EXIT.usage;
  }
  const { row, steps, graceUntil, undoId } = report;
  out(`${report.status === 'undone' ? 'Undone' : 'Undo FAILED part way'}: ${row.remediation} on ${row.resource} (${row.account} ${row.region}), result ${id}; recorded as ${undoId}.\n`);
  for (const s of steps) out(`  ${s.status.padEnd(12)} ${s.step.what}${s.error ? `: ${s.error}` : ''}\n`);
  out(`Grace period until ${graceUntil}: ${row.remediation} reports instead of writing on ${[...new Set(steps.map((s) => s.step.target))].join(', ')}.\n`);
  return report.status === 'undone' ? EXIT.done : EXIT.failed;
}

runCli('undo', () => main(process.argv.slice(2)));
