/**
 * The OU policy's faults moto cannot produce (Organizations throttling, AccessDenied on ListParents):
 * aws-sdk-client-mock. The policy against a real organization tree is in test/integration/org/member-ous.test.ts.
 */
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../shared/aws/clients';
import { createMemberAccess } from '../../../shared/aws/member-clients';
import { createOrgUnits } from '../../../shared/aws/org-units';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { testConfig } from '../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../support/faults';

const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const sns = mockClient(SNSClient);
const MEMBER = '444455556666';
const deps = () => {
  const clients = createClients({ maxAttempts: 1 });
  return {
    config: testConfig({ ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-test-3b9f2e7c1a', ACCOUNT_ID: '111122223333', ORG_OUS: 'ou-ab12-prod0001' }),
    clients,
    members: createMemberAccess({ partition: 'aws', region: 'us-east-1', buildClients: createClients, roleName: 'chain-guard-test-member', externalId: 'chain-guard-test-3b9f2e7c1a', sts: new STSClient({ region: 'us-east-1', maxAttempts: 1 }) }),
    orgUnits: createOrgUnits({ organizations: () => clients.organizations('us-east-1') }),
  };
};
const memberEvent = () => withIds(loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids'), { '111122223333': MEMBER });

beforeEach(() => {
  organizations.reset();
  sts.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

it('skips with ACTION NEEDED naming the refused call, and assumes nothing, when Organizations denies ListParents', async () => {
  // Prepare
  organizations.on(ListParentsCommand).rejects(awsError('AccessDeniedException', 'You don\'t have permissions to access this resource.'));

  // Act
  const result = await handleEvent(openIngress, memberEvent(), deps());

  // Assess
  expect(result).toMatchObject({ outcome: 'skipped', resource: { type: 'AWS::Account', account: MEMBER } });
  expect(result.actionNeeded).toMatch(/organizations:ListParents 444455556666 failed \(AccessDeniedException.*management account or in a delegated administrator account for AWS Organizations/);
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
});

it('reports a throttled ListParents as a failure, notified and thrown so Lambda retries it, and assumes nothing', async () => {
  // Prepare
  organizations.on(ListParentsCommand).rejects(awsError('TooManyRequestsException', 'Rate exceeded'));

  // Act
  const error = await rejectionOf(handleEvent(openIngress, memberEvent(), deps()));

  // Assess
  expect(failedResult(error)).toMatchObject({ outcome: 'failed', resource: { account: MEMBER }, error: expect.stringContaining('organizations:ListParents 444455556666 failed: TooManyRequestsException') });
  expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
});
