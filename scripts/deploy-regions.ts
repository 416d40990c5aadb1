/**
 * npm run deploy:regions -- --stage prod [--regions a,b] [--dry-run] -- <serverless args>: the stack in every region
 * enabled in the account (EC2 DescribeRegions), or the ones listed, one after the other, us-east-1 first. Without
 * Organizations this is how every region is covered (README "Organization", "Regions and global services").
 */
import { spawnSync } from 'node:child_process';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { runCli, startCli } from './lib/cli';
import { parseRegionsArgs, regionCommands } from './lib/deploy-regions';
import { EXIT } from './lib/exit-code';
import { PROJECT_ROOT } from './lib/serverless-config';

const out = startCli({ logLevel: 'ERROR' });

runCli('deploy:regions', async () => {
  const options = parseRegionsArgs(process.argv.slice(2));
  const regions = options.regions ?? ((await new EC2Client({ region: 'us-east-1' }).send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName ?? '').filter(Boolean);
  const failed: string[] = [];
  for (const command of regionCommands(regions, options)) {
    out(`npx ${command.join(' ')}\n`);
    if (options.dryRun) continue;
    const run = spawnSync('npx', command, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) failed.push(command[5] ?? '');
  }
  if (failed.length > 0) out(`deploy failed in: ${failed.join(', ')}\n`);
  return failed.length > 0 ? EXIT.failed : EXIT.done;
});
