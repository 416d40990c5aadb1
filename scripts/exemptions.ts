/**
 * npm run exemptions [-- list]
 * npm run exemptions -- add (--resource <id> | --account <id>) --reason "<why>" --expires <2026-12-31 | 30d>
 * npm run exemptions -- remove (--resource <id> | --account <id>)
 * Exemptions live in the stack's history table, written by admins only. An exempted result is skipped (reported, never
 * written), with the reason and expiry in the notice; an expired one is ignored and listed as expired.
 * Exit 0; 1 remove found nothing; 2 bad usage, configuration or no credentials.
 */
import { addExemption, listExemptions, removeExemption } from '../shared/history/exemptions';
import { adminContext, parseOptions } from './lib/admin';
import { runCli, startCli } from './lib/cli';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';

const USAGE = 'usage: npm run exemptions -- [list [--json] | add (--resource <id> | --account <id>) --reason "<why>" --expires <date|30d> | remove (--resource <id> | --account <id>)]';
const out = startCli({ logLevel: 'ERROR' });

async function main(argv: string[]): Promise<ExitCode> {
  const { values, flags, rest } = parseOptions(argv, ['--resource', '--account', '--reason', '--expires'], ['--json'], USAGE);
  const command = rest[0] ?? 'list';
  if (rest.length > 1 || !['list', 'add', 'remove'].includes(command)) throw new UsageError(USAGE);
  const scoped = values.resource ?? values.account;
  if (command !== 'list' && (scoped === undefined || (values.resource && values.account))) throw new UsageError(`${command} needs one of --resource or --account. ${USAGE}`);
  if (command === 'add' && (!values.reason || !values.expires)) throw new UsageError(`add needs --reason and --expires. ${USAGE}`);
  const { place, by } = await adminContext(USAGE);
  const scope = values.resource ? 'resource' : 'account';
  if (command === 'add') {
    const e = await addExemption(place, { scope, target: scoped ?? '', reason: values.reason ?? '', until: values.expires ?? '', by });
    out(`Exempt: ${e.scope} ${e.target} until ${e.until} (${e.reason}).\n`);
    return EXIT.done;
  }
  if (command === 'remove') {
    const removed = await removeExemption(place, scope, scoped ?? '');
    out(removed ? `Removed the exemption of ${scope} ${scoped ?? ''}.\n` : `No exemption on ${scope} ${scoped ?? ''}.\n`);
    return removed ? EXIT.done : EXIT.failed;
  }
  const all = await listExemptions(place);
  if (flags.has('json')) out(`${JSON.stringify(all, null, 2)}\n`);
  else if (all.length === 0) out('No exemptions.\n');
  else out(`${all.map((e) => `${e.expired ? 'EXPIRED ' : ''}${e.scope} ${e.target} until ${e.until}: ${e.reason} (added by ${e.by} at ${e.at})`).join('\n')}\n`);
  return EXIT.done;
}

runCli('exemptions', () => main(process.argv.slice(2)));
