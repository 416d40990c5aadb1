/** The plan of `npm run deploy:regions`: one `serverless deploy` per region, us-east-1 first (global services' events). */
import { UsageError } from './exit-code';

export interface RegionsOptions {
  stage: string;
  /** Explicit regions, or undefined for every region enabled in the account. */
  regions?: string[];
  dryRun: boolean;
  /** Passed to every deploy as is (e.g. `--param=topicAdminArns=...`). */
  passThrough: string[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Reads `--stage S [--regions a,b] [--dry-run] [-- <serverless args>]`; throws UsageError. */
export function parseRegionsArgs(argv: string[]): RegionsOptions {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const options: RegionsOptions = { stage: '', dryRun: false, passThrough: split === -1 ? [] : argv.slice(split + 1) };
  for (let i = 0; i < own.length; i += 1) {
    const flag = own[i];
    if (flag === '--dry-run') options.dryRun = true;
    else if (flag === '--stage' && own[i + 1]) options.stage = own[(i += 1)] ?? '';
    else if (flag === '--regions' && own[i + 1]) options.regions = (own[(i += 1)] ?? '').split(',');
    else throw new UsageError(`unknown argument ${flag ?? ''} (usage: npm run deploy:regions -- --stage prod [--regions us-east-1,eu-west-1] [--dry-run] -- --param="topicAdminArns=..." ...)`);
  }
  if (!options.stage) throw new UsageError('--stage is required (the same stage in every region)');
  const bad = options.regions?.find((r) => !REGION.test(r));
  if (bad !== undefined) throw new UsageError(`--regions: "${bad}" is not a region name`);
  return options;
}

/** The deploy command lines, us-east-1 first: IAM and other global services' calls reach EventBridge there only. */
export function regionCommands(regions: string[], options: RegionsOptions): string[][] {
  const ordered = [...new Set(regions)].sort((a, b) => (a === 'us-east-1' ? -1 : b === 'us-east-1' ? 1 : a.localeCompare(b)));
  if (!ordered.includes('us-east-1')) throw new UsageError('us-east-1 must be among the regions: the events of IAM and the other global services appear there only');
  return ordered.map((region) => ['serverless', 'deploy', '--stage', options.stage, '--region', region, ...options.passThrough]);
}
