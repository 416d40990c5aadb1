/**
 * npm run undo -- <id> [--reason "false positive: approved bastion"] [--dry-run]
 * --dry-run: prints each call the undo would make (what it would re-open or put back) and changes nothing.
 * Puts back exactly what the remediation result <id> changed (ids are in each notice and in npm run history), with the
 * caller's credentials (an admin's: only admins may write grace periods), records the undo in the history, and gives
 * what it put back a grace period of UNDO_GRACE_HOURS (default 24) during which the remediation reports instead of
 * writing. The credentials must be for the account the result is about: a result of another account (an organization
 * member's) is refused, with its raw undo commands to run there.
 * Exit 0 undone; 1 the undo failed part way (said which step); 2 bad usage, or refused (nothing changed).
 */
import { isShortId } from '../shared/history/keys';
import type { TablePlace } from '../shared/history/gates';
import { findRow } from '../shared/history/read';
import { accountRefusal, undoResult } from '../shared/history/undo';
import { planUndo } from '../shared/history/undo-plan';
import { adminContext, parseOptions } from './lib/admin';
import { runCli, startCli } from './lib/cli';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';

const USAGE = 'usage: npm run undo -- <id> [--reason "<why>"] [--dry-run]';
const out = startCli({ logLevel: 'ERROR' });

async function main(argv: string[]): Promise<ExitCode> {
  const { values, flags, rest } = parseOptions(argv, ['--reason'], ['--dry-run'], USAGE);
  const id = rest[0] ?? '';
  if (rest.length !== 1 || !isShortId(id)) throw new UsageError(`${USAGE} (the id is the 10 letters and digits after "npm run undo --" in the notice)`);
  const { deps, place, by, account } = await adminContext(USAGE);
  if (flags.has('dry-run')) return dryRun(place, id, account);
  const report = await undoResult(place, deps.clients, { id, by, account, reason: values.reason ?? 'undone by an admin', graceHours: deps.config.undoGraceHours });
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

/** What the undo of `id` would do, from the record alone: nothing is written. */
async function dryRun(place: TablePlace, id: string, account: string): Promise<ExitCode> {
  const row = await findRow(place, id);
  if (row?.kind !== 'result' || !row.result) {
    process.stderr.write(`undo: no remediation result with id ${id} in ${place.table} (npm run history lists them)\n`);
    return EXIT.usage;
  }
  const elsewhere = accountRefusal(row, account);
  if (elsewhere) {
    process.stderr.write(`undo: ${elsewhere.why}\n${(elsewhere.commands ?? []).map((c) => `  ${c}\n`).join('')}`);
    return EXIT.usage;
  }
  const plan = planUndo(row.result);
  out(`Dry run: the undo of ${id} (${row.remediation} on ${row.resource}, ${row.account} ${row.region}) would${plan.unsupported.length > 0 ? ' be refused (not undoable exactly: ' + plan.unsupported.map((a) => a.api).join(', ') + ')' : ':'}\n`);
  if (plan.unsupported.length === 0) for (const step of plan.steps) out(`  ${step.api.padEnd(30)} ${step.what}\n`);
  out('Nothing was changed.\n');
  return EXIT.done;
}

runCli('undo', () => main(process.argv.slice(2)));
