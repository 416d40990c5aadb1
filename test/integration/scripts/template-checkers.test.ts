/**
 * The packaged CloudFormation template is clean under cfn-lint and checkov (pinned in .venv-checkers by
 * scripts/setup-checkers.sh, which `npm test` runs first). Packaging needs no AWS credentials: it runs here without any.
 *
 * Suppressions live in serverless.yml as resource metadata (custom.checkerNotes, resources.extensions), each with its
 * reason; ALLOWED_SUPPRESSIONS below is their list, README "Deploying" their summary. A new one must be added to both.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/lib/serverless-config';
import { FUNCTION_NAMES } from '../../../shared/baseline/roles';

const CHECKERS_BIN = join(PROJECT_ROOT, '.venv-checkers', 'bin');
const SERVERLESS = join(PROJECT_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const ACCOUNT = '111122223333';

/** Three stacks: every optional setting (README's deploy command and more), the documented minimum (opt-out), and organization mode. */
const VARIANTS: Record<string, string[]> = {
  full: [
    `topicAdminArns=arn:aws:iam::${ACCOUNT}:role/deployer,arn:aws:iam::${ACCOUNT}:role/admin`,
    'trailName=org-trail',
    'trailS3Bucket=org-trail-logs',
    `trailLogGroupArn=arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/cloudtrail/org-trail:*`,
    `trailLogsRoleArn=arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`,
    `trailKmsKeyId=arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    'alarmLogGroupName=/cloudtrail/org-trail',
    'alertEmail=secops@example.com',
    `alertsTopicKmsKeyArn=arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    `alertFallbackTopicArn=arn:aws:sns:us-west-2:${ACCOUNT}:chain-guard-fallback`,
  ],
  minimal: [`topicAdminArns=arn:aws:iam::${ACCOUNT}:role/deployer`, 'allowPartialBaseline=true'],
};
// Organization mode (README "Organization"): the full stack, its rules on the central bus members forward to, its
// delivery settings per account (`${AccountId}` / `${Region}`, which the policies get through Fn::Sub), an OU policy.
const PER_ACCOUNT = [
  'trailS3Bucket=org-trail-logs-${AccountId}',
  'trailLogGroupArn=arn:aws:logs:${Region}:${AccountId}:log-group:/cloudtrail/org-trail:*',
  'trailLogsRoleArn=arn:aws:iam::${AccountId}:role/cloudtrail-to-logs',
  'configRecorderRoleArn=arn:aws:iam::${AccountId}:role/config-recorder',
  'configDeliveryBucket=config-${AccountId}-${Region}',
];
const perAccount = (param: string): boolean => PER_ACCOUNT.some((p) => p.split('=')[0] === param.split('=')[0]);
VARIANTS.org = [...(VARIANTS.full ?? []).filter((p) => !perAccount(p)), ...PER_ACCOUNT, 'orgEventBus=chain-guard-ci-org', 'orgId=o-abcdef1234', 'orgExternalId=chain-guard-7f3a9c1e5b2d4f60', 'orgOus=ou-ab12-prod0001', 'orgExcludedOus=ou-ab12-legacy01'];

/** Every suppression the template may carry, as `check on resource type`; the reasons are in serverless.yml. */
const ALLOWED_SUPPRESSIONS = [
  'W3005 on AWS::Lambda::Function', // the framework's DependsOn on the role beside Fn::GetAtt
  'CKV_AWS_117 on AWS::Lambda::Function', // no VPC: AWS APIs only
  'CKV_AWS_173 on AWS::Lambda::Function', // no secrets in the environment
  'CKV_AWS_158 on AWS::Logs::LogGroup', // service-encrypted, no secrets
  'CKV_AWS_18 on AWS::S3::Bucket', // no access logs for the deployment bucket
  'CKV_AWS_26 on AWS::SNS::Topic', // only while alertsTopicKmsKeyArn is unset
  'CKV_AWS_119 on AWS::DynamoDB::Table', // AWS-managed key
  'CKV_AWS_27 on AWS::SQS::Queue', // SSE-SQS, not seen by the check
].sort();

interface Resource {
  Type: string;
  Metadata?: { checkov?: { skip?: { id: string; comment?: string }[] }; 'cfn-lint'?: { config?: { ignore_checks?: string[] } } };
}
interface Template {
  Resources: Record<string, Resource>;
}
interface CfnLintFinding {
  Filename: string;
  Level: string;
  Message: string;
  Rule: { Id: string };
  Location: { Path: (string | number)[]; Start: { LineNumber: number } };
}
interface CheckovCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  check_result: { result: string; suppress_comment?: string };
}
interface CheckovReport {
  check_type: string;
  results: { failed_checks: CheckovCheck[]; skipped_checks: CheckovCheck[]; passed_checks: CheckovCheck[] };
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number };
}

/** Runs a command to its end; a non-zero exit is a result here, not an exception. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: PROJECT_ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? String(error) : '') });
    });
  });
}

/** The environment without any AWS setting (the test setup points AWS_* at the emulator): packaging needs none. */
function offlineEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: home, PATH: process.env.PATH, SLS_TELEMETRY_DISABLED: '1', CI: 'true' };
  for (const name of ['LANG', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
  return env;
}

const work = mkdtempSync(join(tmpdir(), 'chain-guard-template-'));
const templates: Record<string, string> = {};
let cfnLint: CfnLintFinding[] = [];
let checkov: CheckovReport;

beforeAll(async () => {
  for (const bin of ['cfn-lint', 'checkov']) {
    if (!existsSync(join(CHECKERS_BIN, bin))) throw new Error(`${join(CHECKERS_BIN, bin)} is missing: run \`npm run setup:checkers\` (npm test does it first)`);
  }
  // One after the other: serverless-esbuild builds in the service's .esbuild folder.
  for (const [variant, params] of Object.entries(VARIANTS)) {
    const out = join(work, variant);
    const result = await run(process.execPath, [SERVERLESS, 'package', '--stage', 'ci', '--region', 'us-east-1', '--package', out, ...params.map((p) => `--param=${p}`)], offlineEnv(work));
    if (result.code !== 0) throw new Error(`serverless package (${variant}) failed with exit ${result.code}:\n${result.stdout}\n${result.stderr}`);
    templates[variant] = join(out, 'cloudformation-template-update-stack.json');
  }
  const files = Object.values(templates);
  const checkerEnv = { ...offlineEnv(work), PYTHONWARNINGS: 'ignore' };
  const [lint, scan] = await Promise.all([
    run(join(CHECKERS_BIN, 'cfn-lint'), ['--format', 'json', '--', ...files], checkerEnv),
    run(join(CHECKERS_BIN, 'checkov'), ['--framework', 'cloudformation', '--output', 'json', '--soft-fail', '--skip-download', ...files.flatMap((f) => ['--file', f])], checkerEnv),
  ]);
  try {
    cfnLint = JSON.parse(lint.stdout) as CfnLintFinding[];
  } catch {
    throw new Error(`cfn-lint gave no JSON report (exit ${lint.code}):\n${lint.stdout}\n${lint.stderr}`);
  }
  try {
    const parsed = JSON.parse(scan.stdout) as CheckovReport | CheckovReport[];
    checkov = (Array.isArray(parsed) ? parsed : [parsed]).find((r) => r.check_type === 'cloudformation') as CheckovReport;
  } catch {
    throw new Error(`checkov gave no JSON report (exit ${scan.code}):\n${scan.stdout}\n${scan.stderr}`);
  }
  if (!checkov) throw new Error(`checkov reported no CloudFormation results:\n${scan.stdout}\n${scan.stderr}`);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const variantOf = (file: string): string => Object.keys(templates).find((v) => file.endsWith(`/${v}/cloudformation-template-update-stack.json`)) ?? file;

it('cfn-lint reports no error and no warning (W3005 on the functions is ignored in their metadata)', () => {
  const findings = cfnLint.map((f) => `[${variantOf(f.Filename)}] ${f.Level} ${f.Rule.Id} at ${f.Location.Path.join('/')} (line ${f.Location.Start.LineNumber}): ${f.Message}`);

  expect(findings).toEqual([]);
});

it('checkov reports no failed check on either stack', () => {
  const findings = checkov.results.failed_checks.map((c) => `[${variantOf(c.file_path)}] ${c.check_id} ${c.resource}: ${c.check_name}`);

  expect(findings).toEqual([]);
});

it('checkov really scanned both templates (no parsing error, the whole stack evaluated)', () => {
  expect(checkov.summary.parsing_errors).toBe(0);
  expect(checkov.summary.resource_count).toBeGreaterThan(40);
  expect(checkov.summary.passed).toBeGreaterThan(100);
  expect(new Set(checkov.results.passed_checks.map((c) => variantOf(c.file_path)))).toEqual(new Set(Object.keys(VARIANTS)));
});

it('every check checkov skipped was skipped with its reason', () => {
  const bare = checkov.results.skipped_checks.filter((c) => (c.check_result.suppress_comment ?? '').length < 40).map((c) => `[${variantOf(c.file_path)}] ${c.check_id} ${c.resource}`);

  expect(bare).toEqual([]);
});

it('the templates carry only the documented suppressions', () => {
  const found = new Set<string>();
  for (const file of Object.values(templates)) {
    const template = JSON.parse(readFileSync(file, 'utf8')) as Template;
    for (const resource of Object.values(template.Resources)) {
      for (const skip of resource.Metadata?.checkov?.skip ?? []) found.add(`${skip.id} on ${resource.Type}`);
      for (const id of resource.Metadata?.['cfn-lint']?.config?.ignore_checks ?? []) found.add(`${id} on ${resource.Type}`);
    }
  }

  expect([...found].sort()).toEqual(ALLOWED_SUPPRESSIONS);
});

it('checks the alerts topic encryption when a topic key is set (its skip applies only without one)', () => {
  const topicSkips = checkov.results.skipped_checks.filter((c) => c.check_id === 'CKV_AWS_26').map((c) => variantOf(c.file_path));
  const topicPassed = checkov.results.passed_checks.filter((c) => c.check_id === 'CKV_AWS_26').map((c) => variantOf(c.file_path));

  expect(topicSkips).toEqual(['minimal']);
  expect(topicPassed.sort()).toEqual(['full', 'org']);
});

it('reserves concurrency for every function and keeps its logs a year', () => {
  for (const file of Object.values(templates)) {
    const resources = Object.values((JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources);
    const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function');

    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of functions) expect(fn.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    for (const group of resources.filter((r) => r.Type === 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(365);
  }
});

it('puts the rules of the functions that act in member accounts on the central bus in organization mode, and only there', () => {
  const rulesOf = (variant: string) => Object.values((JSON.parse(readFileSync(templates[variant] ?? '', 'utf8')) as { Resources: Record<string, { Type: string; Properties: { EventBusName?: string; EventPattern?: { source?: string[] } } }> }).Resources).filter((r) => r.Type === 'AWS::Events::Rule');
  const onBus = (variant: string) => rulesOf(variant).filter((r) => r.Properties.EventBusName !== undefined).map((r) => r.Properties.EventBusName);

  expect(onBus('full')).toEqual([]);
  expect(onBus('org')).toEqual(Array(11).fill('chain-guard-ci-org'));
});

it('gives the policies the stack own account for ${AccountId} in a per-account setting, and a literal ARN as it is', () => {
  const passRole = (variant: string): unknown => {
    const template = JSON.parse(readFileSync(templates[variant] ?? '', 'utf8')) as { Resources: Record<string, { Properties: { Policies?: { PolicyDocument: { Statement: { Sid?: string; Resource?: unknown }[] } }[] } }> };
    const statements = Object.values(template.Resources).flatMap((r) => (r.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement));
    return statements.find((s) => s.Sid === 'RemediatePassLogsRole')?.Resource;
  };

  expect(passRole('org')).toEqual({ 'Fn::Sub': ['arn:aws:iam::${AccountId}:role/cloudtrail-to-logs', { AccountId: { Ref: 'AWS::AccountId' } }] });
  expect(passRole('full')).toBe(`arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`);
});
