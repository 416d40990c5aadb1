/**
 * npm run doctor [-- --report | --enforce] [--json]
 * Checks every link of the alerting chain of the configured account (same variables as the functions: ALERT_TOPIC_ARN,
 * TRAIL_*, ALARM_*, ALERT_SUBSCRIBERS...; README "Chain doctor") and prints one line per link.
 * In enforce mode (REMEDIATION_MODE, or --enforce) it repairs what the remediations can, then checks again.
 * Exit 0 when the chain is whole, 1 when a link is broken, 2 on bad usage or configuration (nothing changed).
 */
import { getConfig } from '../shared/config';
import { runDoctor, formatReport } from '../shared/doctor';
import { logger } from '../shared/logger';
import { defaultDeps } from '../shared/pipeline';

// The report goes to stdout; logs and metrics of the repairs go to stderr.
const writeOut = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel('ERROR');
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !['--report', '--enforce', '--json'].includes(a));
  if (unknown.length > 0 || (argv.includes('--report') && argv.includes('--enforce'))) {
    process.stderr.write('usage: npm run doctor [-- --report | --enforce] [--json]\n');
    return 2;
  }
  let deps;
  try {
    deps = defaultDeps();
  } catch (error) {
    process.stderr.write(`doctor: ${(error as Error).message}\n`);
    return 2;
  }
  const repair = argv.includes('--enforce') || (!argv.includes('--report') && getConfig().mode === 'enforce');
  const report = await runDoctor(deps, { repair });
  writeOut(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.whole ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`doctor: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
