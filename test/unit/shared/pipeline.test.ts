/** The pipeline reports the remediation's own failure, not a later notice that could not be published. */
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../shared/aws/clients';
import { scheduledEvent } from '../../../shared/events/trigger';
import { handleEvent } from '../../../shared/pipeline';
import { trailProtection } from '../../../shared/remediations/trail';
import { testConfig } from '../../support/deps';
import { awsError, failedResult, rejectionOf } from '../../support/faults';

const trailMock = mockClient(CloudTrailClient);
const snsMock = mockClient(SNSClient);
const noCredentials = (): Error => awsError('CredentialsProviderError', 'Could not load credentials from any providers');
// A stack without a trail baseline: its sweep also sends the half-armed WARNING, a second Publish.
const deps = () => ({ config: testConfig(), clients: createClients({ maxAttempts: 1 }) });
const sweep = scheduledEvent('111122223333', 'us-east-1', { id: 'sweep-1', rule: 'chain-guard-test-reenable-trail-sweep' });

beforeEach(() => {
  trailMock.reset();
  snsMock.reset();
  trailMock.on(DescribeTrailsCommand).rejects(noCredentials());
  snsMock.on(PublishCommand).rejects(noCredentials());
});

it('names the failed remediation call, not the Publish of the half-armed warning that failed after it', async () => {
  const error = await rejectionOf(handleEvent(trailProtection, sweep, deps()));

  expect((error as Error).name).toBe('RemediationFailedError');
  expect(failedResult(error)).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/DescribeTrails failed: CredentialsProviderError/) });
  expect(failedResult(error).reason).toMatch(/DescribeTrails failed: CredentialsProviderError/);
  expect(snsMock.commandCalls(PublishCommand).length).toBeGreaterThanOrEqual(2);
});

it('still throws the Publish failure when the remediation itself succeeded', async () => {
  trailMock.on(DescribeTrailsCommand).resolves({ trailList: [] });

  const error = await rejectionOf(handleEvent(trailProtection, sweep, deps()));

  expect((error as Error).message).toMatch(/^Publish failed: CredentialsProviderError/);
});
