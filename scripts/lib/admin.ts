/**
 * What the admin CLIs (npm run history, undo, exemptions) share: the configuration (same variables as the functions,
 * HISTORY_TABLE_NAME required), credentials checked once, the caller's identity, and `--name value` options.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { TablePlace } from '../../shared/history/gates';
import { createClients } from '../../shared/aws/clients';
import { defaultDeps } from '../../shared/pipeline';
import type { Deps } from '../../shared/remediations/types';
import { requireCredentials } from './credentials';
import { UsageError } from './exit-code';

/**
 * The table, the dependencies, and who is calling: their ARN (recorded with every grace period and exemption) and the
 * account their credentials are for (the undo refuses a result of another account).
 */
export async function adminContext(usage: string): Promise<{ deps: Deps; place: TablePlace; by: string; account: string }> {
  const deps = defaultDeps(createClients); // a ConfigError names the variable (exit 2)
  const table = deps.config.historyTableName;
  if (!table) throw new UsageError(`HISTORY_TABLE_NAME is not set: it names the stack's history table (the HistoryTableName output of the stack, or what npm run emulator prints). ${usage}`);
  const sts = deps.clients.sts(deps.config.region);
  await requireCredentials(sts);
  const who = await sts.send(new GetCallerIdentityCommand({}));
  return { deps, place: { clients: deps.clients, table, region: deps.config.region }, by: who.Arn ?? 'unknown caller', account: who.Account ?? '' };
}

/** `--name value` options and `--flag`s; anything else is a usage error. */
export function parseOptions(argv: readonly string[], valued: readonly string[], flags: readonly string[], usage: string): { values: Record<string, string>; flags: Set<string>; rest: string[] } {
  const values: Record<string, string> = {};
  const set = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (valued.includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value. ${usage}`);
      values[arg.slice(2)] = value;
      i += 1;
    } else if (flags.includes(arg)) set.add(arg.slice(2));
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}. ${usage}`);
    else rest.push(arg);
  }
  return { values, flags: set, rest };
}
