/**
 * npm run doctor [-- --enforce] [--json]
 * Checks every link of the alerting chain of the configured account (same variables as the functions: ALERT_TOPIC_ARN,
 * TRAIL_*, ALARM_*, ALERT_SUBSCRIBERS...; README "Chain doctor") and prints one line per link. It only reports, unless
 * --enforce is given: then it repairs what the remediations can, and checks again. `--report` (the old way to ask for
 * a report) is still accepted and changes nothing.
 * Exit 0 when the chain is whole, 1 when a link is broken, 2 on bad usage, configuration or no credentials (nothing changed).
 */
import { runDoctor, formatReport } from '../shared/doctor';
import { defaultDeps } from '../shared/pipeline';
import { createClients } from '../shared/aws/clients';
import { runCli, startCli } from './lib/cli';
import { requireCredentials } from './lib/credentials';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';

const OPTIONS = ['--enforce', '--report', '--json'];
const out = startCli({ logLevel: 'ERROR' });

async function main(argv: string[]): Promise<ExitCode> {
  if (argv.some((a) => !OPTIONS.includes(a)) || (argv.includes('--report') && argv.includes('--enforce'))) {
    throw new UsageError('usage: npm run doctor [-- --enforce] [--json]');
  }
  const deps = defaultDeps(createClients); // a ConfigError names the variable (exit 2)
  await requireCredentials(deps.clients.sns(deps.config.region));
  const report = await runDoctor(deps, { repair: argv.includes('--enforce') });
  out(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.whole ? EXIT.done : EXIT.failed;
}

runCli('doctor', () => main(process.argv.slice(2)));
