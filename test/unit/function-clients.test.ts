/**
 * Each function bundles only the SDK clients its code paths use (shared/aws/clients.ts clientFactory): exactly the
 * services of its remediation's IAM actions, its Config follow-up's (shared/followup) and its OU policy's (Organizations,
 * shared/aws/org-units.ts), SNS for notices and DynamoDB for the notice ledger, SQS for a function's sweep queue. A client missing here
 * would fail at run time; an extra one would only be bundled for nothing.
 */
import { clientFactory, type Clients } from '../../shared/aws/clients';
import { ouPolicyPermissions } from '../../shared/aws/org-units';
import { FUNCTION_NAMES } from '../../shared/baseline/roles';
import { followUpPermissions } from '../../shared/followup';
import { remediationById } from '../../shared/remediations/registry';

/** The Clients key of each IAM service prefix whose calls go through an SDK client (iam:PassRole is checked on another call). */
const CLIENT_OF_SERVICE: Record<string, keyof Clients | undefined> = {
  ec2: 'ec2',
  cloudtrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  logs: 'logs',
  config: 'configservice',
  guardduty: 'guardduty',
  securityhub: 'securityhub',
  sns: 'sns',
  dynamodb: 'dynamodb',
  organizations: 'organizations',
  iam: undefined,
};

const needed = (fn: string): string[] => {
  const remediation = remediationById(fn);
  const services = [...remediation.permissions, ...followUpPermissions(remediation), ...ouPolicyPermissions(remediation)].map((action) => action.split(':')[0] ?? '');
  for (const service of services) if (!(service in CLIENT_OF_SERVICE)) throw new Error(`${fn} calls ${service}, which the table above does not map to a client`);
  // A function with a per-target sweep sends its targets to its sweep queue (shared/sweep/dispatch.ts).
  const queue = remediation.sweeper ? ['sqs'] : [];
  return [...new Set([...services.map((s) => CLIENT_OF_SERVICE[s]), 'sns', 'dynamodb', ...queue])].filter((k): k is keyof Clients => k !== undefined).sort();
};

test.each(FUNCTION_NAMES.map((fn) => [fn]))('%s passes exactly the clients its remediation, follow-ups, OU policy, notices and ledger use', async (fn) => {
  // Prepare
  const module = (await import(`../../functions/${fn}/handler`)) as { clients: Record<string, unknown> };
  // Act
  const given = Object.keys(module.clients).sort();
  // Assess
  expect(given).toEqual(needed(fn));
});

test('asking a function for a client it was not given is a clear error, not an undefined client', () => {
  // Prepare
  const clients = clientFactory({});
  // Act
  const ask = () => clients.ec2('us-east-1');
  // Assess
  expect(ask).toThrow(/No ec2 client in this function/);
});
