/**
 * Writes the member template (organization mode) from serverless.yml: `npm run org:template -- [--stage prod]
 * [--region us-east-1] [--param name=value ...] [--out file]`. Pass the same --stage, --region and --params as the
 * central stack. Without --out it writes scripts/org/member-template.json (the dev stage, default params: a test
 * checks that file is what this script generates).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memberTemplate } from '../lib/member-template';
import { PROJECT_ROOT } from '../lib/serverless-config';

export const DEFAULT_OUT = join(PROJECT_ROOT, 'scripts', 'org', 'member-template.json');

function main(argv: string[]): void {
  const options: { stage?: string; region?: string; params: Record<string, string> } = { params: {} };
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value = ''] = [argv[i], argv[i + 1]];
    if (flag === '--stage') options.stage = value;
    else if (flag === '--region') options.region = value;
    else if (flag === '--out') out = value;
    else if (flag === '--param' && value.includes('=')) options.params[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else {
      process.stderr.write(`org:template: unknown argument ${flag ?? ''} (usage: --stage S --region R --param name=value --out FILE)\n`);
      process.exit(2);
    }
    i += 1;
  }
  writeFileSync(out, `${JSON.stringify(memberTemplate(options), null, 2)}\n`);
  process.stdout.write(`${out}\n`);
}

main(process.argv.slice(2));
