/**
 * npm run history [-- --resource <id> --account <id> --outcome <outcome> --since <2026-12-01 | 24h | 7d> --json]
 * Lists the stack's history (every result, undo and warning, oldest first) from HISTORY_TABLE_NAME, with the same
 * variables as the functions, against real credentials or the emulator (AWS_ENDPOINT_URL). Active grace periods are
 * listed after the rows. Exit 0; 2 on bad usage, configuration or no credentials.
 */
import { readGrace } from '../shared/history/gates';
import { readHistory } from '../shared/history/read';
import { REMEDIATIONS } from '../shared/remediations/registry';
import { OUTCOMES } from '../shared/remediations/result';
import { adminContext, parseOptions } from './lib/admin';
import { runCli, startCli } from './lib/cli';
import { historyLine } from './lib/history-format';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';

const USAGE = 'usage: npm run history [-- --resource <id> --account <id> --outcome <outcome> --since <date|24h|7d> --json]';
const out = startCli({ logLevel: 'ERROR' });

async function main(argv: string[]): Promise<ExitCode> {
  const { values, flags, rest } = parseOptions(argv, ['--resource', '--account', '--outcome', '--since'], ['--json'], USAGE);
  if (rest.length > 0) throw new UsageError(USAGE);
  const outcome = values.outcome;
  if (outcome && ![...OUTCOMES, 'undone', 'started'].includes(outcome)) throw new UsageError(`--outcome must be one of ${[...OUTCOMES, 'undone'].join(', ')}`);
  const since = values.since ? sinceOf(values.since) : undefined;
  const { place } = await adminContext(USAGE);
  const rows = await readHistory(place, { resource: values.resource, account: values.account, outcome, since });
  const now = Date.now();
  const grace = (await readGrace(place, REMEDIATIONS.map((r) => r.id))).filter((g) => Date.parse(g.until) > now);
  if (flags.has('json')) {
    out(`${JSON.stringify({ rows, grace }, null, 2)}\n`);
    return EXIT.done;
  }
  out(rows.length === 0 ? 'No history rows match.\n' : `${rows.map(historyLine).join('\n')}\n`);
  if (grace.length > 0) out(`\nGrace periods in force (the remediation reports instead of writing):\n${grace.map((g) => `  ${g.remediation} on ${g.target} until ${g.until} (undo ${g.undoId} by ${g.by}: ${g.reason})`).join('\n')}\n`);
  return EXIT.done;
}

function sinceOf(text: string): Date {
  const duration = /^(\d{1,4})([hd])$/.exec(text);
  const since = duration ? new Date(Date.now() - Number(duration[1]) * (duration[2] === 'd' ? 86_400_000 : 3_600_000)) : new Date(text);
  if (Number.isNaN(since.getTime())) throw new UsageError(`--since must be a date (2026-12-01), a time or a duration (24h, 7d), got "${text}"`);
  return since;
}

runCli('history', () => main(process.argv.slice(2)));
