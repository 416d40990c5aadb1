/** The deploy guard (scripts/serverless/deploy-guard.js) on serverless.yml as written, with the functions' own loadConfig. */
import { loadConfig } from '../../../shared/config';
import { loadServerless } from '../../../scripts/lib/serverless-config';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guardProblems } = require('../../../scripts/serverless/deploy-guard.js') as { guardProblems: (service: unknown, load: typeof loadConfig) => string[] };

const ARMED = {
  trailName: 'org-trail',
  trailS3Bucket: 'org-trail-logs',
  trailLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/cloudtrail/org:*',
  trailLogsRoleArn: 'arn:aws:iam::111122223333:role/cloudtrail-to-logs',
  topicAdminArns: 'arn:aws:iam::111122223333:role/deployer',
};

/** What the guard says of a deploy with these params (the service as the framework resolves it). */
function problems(params: Record<string, string>): string[] {
  const doc = loadServerless({ stage: 'prod', region: 'eu-west-1', params }) as Record<string, unknown>;
  const service = { ...doc, provider: { ...(doc.provider as object), stage: 'prod', region: 'eu-west-1' } };
  return guardProblems(service, loadConfig);
}

it('lets a fully armed stack deploy', () => {
  expect(problems(ARMED)).toEqual([]);
});

it('refuses a stack without a baseline trail, saying how to fix it or opt out', () => {
  const { trailName: _name, ...rest } = ARMED;

  expect(problems(rest)).toEqual([expect.stringMatching(/^half-armed stack: no baseline trail \(params trailName and trailS3Bucket\).*allowPartialBaseline=true/)]);
});

it('refuses a stack without any alarm log group', () => {
  const { trailLogGroupArn: _group, trailLogsRoleArn: _role, ...rest } = ARMED;

  expect(problems(rest)).toEqual([expect.stringContaining('no alarm log group (param alarmLogGroupName, or trailLogGroupArn)')]);
});

it('refuses an alarm log group other than the one the baseline trail delivers to, naming both', () => {
  expect(problems({ ...ARMED, alarmLogGroupName: '/cloudtrail/nobody-writes-here' })).toEqual([
    'alarmLogGroupName /cloudtrail/nobody-writes-here is not the log group the baseline trail delivers to (trailLogGroupArn: /cloudtrail/org): the CIS metric filters would watch a log group nobody writes to. Set them to the same group, or leave alarmLogGroupName unset (the trail\'s group is then used).',
  ]);
});

it('lets an alarm log group equal to the baseline trail one deploy', () => {
  expect(problems({ ...ARMED, alarmLogGroupName: '/cloudtrail/org' })).toEqual([]);
});

it('deploys a partial baseline when the opt-out is given explicitly', () => {
  expect(problems({ topicAdminArns: ARMED.topicAdminArns, allowPartialBaseline: 'true' })).toEqual([]);
});

it('refuses a stack without topic admins, which would lock its deployer out of the topic', () => {
  const { topicAdminArns: _admins, ...rest } = ARMED;

  expect(problems(rest)).toEqual([expect.stringMatching(/^topicAdminArns is empty: .*--param="topicAdminArns=/)]);
});

it('lets a stack with per-account delivery settings deploy', () => {
  const perAccount = { trailS3Bucket: 'org-trail-logs-${AccountId}', trailLogGroupArn: 'arn:aws:logs:${Region}:${AccountId}:log-group:/cloudtrail/org:*', trailLogsRoleArn: 'arn:aws:iam::${AccountId}:role/cloudtrail-to-logs', alarmLogGroupName: '/cloudtrail/org' };

  expect(problems({ ...ARMED, ...perAccount })).toEqual([]);
});

it('refuses an unknown token in a per-account setting, naming the variable', () => {
  expect(problems({ ...ARMED, trailLogsRoleArn: 'arn:aws:iam::${AWS::AccountId}:role/cloudtrail-to-logs' })).toEqual([expect.stringContaining('reenable-trail: Invalid configuration: TRAIL_CLOUDWATCH_ROLE_ARN uses unknown token ${AWS::AccountId} (known: ${AccountId}, ${Region})')]);
});

it('refuses a setting the functions would reject, with their own message', () => {
  expect(problems({ ...ARMED, mode: 'dryrun' })).toContain('revoke-open-ingress: Invalid configuration: REMEDIATION_MODE must be "enforce" or "report"');
});

it('refuses an admin list written with a space, which CloudFormation and the code would read differently', () => {
  const found = problems({ ...ARMED, topicAdminArns: `${ARMED.topicAdminArns}, arn:aws:iam::111122223333:role/breakglass` });

  expect(found).toContain(`protect-notifications: Invalid configuration: TOPIC_ADMIN_ARNS must be a comma-separated list without spaces or empty entries ("a,b", not "a, b"): got "${ARMED.topicAdminArns}, arn:aws:iam::111122223333:role/breakglass"`);
});

it('refuses a reserved concurrency of 0, which would throttle every invocation', () => {
  expect(problems({ ...ARMED, repairConcurrency: '0' })).toEqual([
    'reenable-trail: reserved concurrency must be a positive integer, got "0" (0 would stop the function: every invocation throttled)',
    'restore-alarms: reserved concurrency must be a positive integer, got "0" (0 would stop the function: every invocation throttled)',
    'protect-notifications: reserved concurrency must be a positive integer, got "0" (0 would stop the function: every invocation throttled)',
    'protect-backstops: reserved concurrency must be a positive integer, got "0" (0 would stop the function: every invocation throttled)',
  ]);
  expect(problems({ ...ARMED, ingressConcurrency: 'ten' })).toEqual([expect.stringMatching(/^revoke-open-ingress: reserved concurrency must be a positive integer, got "ten"/)]);
});

it('refuses a reserved concurrency no larger than the sweep queue\'s maximum concurrency, which would throttle the sweep\'s workers', () => {
  expect(problems({ ...ARMED, repairConcurrency: '3' })).toEqual(
    ['reenable-trail', 'restore-alarms', 'protect-backstops'].map(
      (fn) => `${fn}: reserved concurrency 3 must be larger than its sweep queue's maximum concurrency 3: Lambda would throttle the queue's invocations (a throttled invocation counts as a receive: the target is dead-lettered and reported "no answer") and leave nothing for events`,
    ),
  );
});

it('refuses a switch naming a function the stack does not have', () => {
  const found = problems({ ...ARMED, switches: '{"revoke-ingress":"disabled"}' });

  expect(found).toContain('revoke-open-ingress: Invalid configuration: REMEDIATION_SWITCHES names "revoke-ingress", not a function of the stack (revoke-open-ingress, reenable-trail, restore-alarms, protect-notifications, protect-backstops)');
});

it('lets valid switches deploy', () => {
  expect(problems({ ...ARMED, switches: '{"revoke-open-ingress":"report","protect-backstops":"disabled"}' })).toEqual([]);
});

it('refuses organization mode without the organization id the central bus admits', () => {
  expect(problems({ ...ARMED, orgEventBus: 'chain-guard-prod-org', orgExternalId: 'chain-guard-7f3a9c1e5b2d4f60' })).toEqual([expect.stringMatching(/^orgEventBus chain-guard-prod-org without orgId/)]);
});

it('refuses organization mode without the member role external id', () => {
  expect(problems({ ...ARMED, orgEventBus: 'chain-guard-prod-org', orgId: 'o-abcdef1234' })).toEqual(expect.arrayContaining([expect.stringContaining('ORG_EXTERNAL_ID is required in organization mode')]));
});

it('lets an armed organization-mode stack deploy', () => {
  expect(problems({ ...ARMED, orgEventBus: 'chain-guard-prod-org', orgId: 'o-abcdef1234', orgExternalId: 'chain-guard-7f3a9c1e5b2d4f60' })).toEqual([]);
});

it('lets an organization-mode stack deploy with an OU allow-list and deny-list', () => {
  expect(problems({ ...ARMED, orgEventBus: 'chain-guard-prod-org', orgId: 'o-abcdef1234', orgExternalId: 'chain-guard-7f3a9c1e5b2d4f60', orgOus: 'ou-ab12-prod0001,r-ab12', orgExcludedOus: 'ou-ab12-legacy01' })).toEqual([]);
});

it('refuses an OU list the functions would reject, with their own message', () => {
  expect(problems({ ...ARMED, orgEventBus: 'chain-guard-prod-org', orgId: 'o-abcdef1234', orgExternalId: 'chain-guard-7f3a9c1e5b2d4f60', orgOus: 'Production' })).toContain('revoke-open-ingress: Invalid configuration: ORG_OUS must list OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx): got "Production"');
});

it('refuses OU lists in a single-account stack, where they would filter nothing', () => {
  expect(problems({ ...ARMED, orgExcludedOus: 'ou-ab12-legacy01' })).toEqual(expect.arrayContaining([expect.stringContaining('ORG_OUS and ORG_EXCLUDED_OUS filter member accounts, in organization mode only')]));
});
