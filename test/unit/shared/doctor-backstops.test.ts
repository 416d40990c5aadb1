/** The doctor's config-recorder link on a recorder that records but fails to. moto's recorder status never fails: mocked. */
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../../shared/aws/clients';
import { recorderLink } from '../../../shared/doctor-backstops';
import { testConfig } from '../../support/deps';

const configMock = mockClient(ConfigServiceClient);

beforeEach(() => {
  configMock.reset();
  configMock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::111122223333:role/config-recorder', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }] });
  configMock.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'org-config-logs' }] });
});

it('reports a recorder that records but whose last recording failed as broken, naming the error', async () => {
  // Prepare
  configMock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Failure', lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access Denied' }] });
  const links: [string, string, string][] = [];

  // Act
  await recorderLink({ config: testConfig(), clients: createClients({ maxAttempts: 1 }) }, (id, status, detail) => void links.push([id, status, detail]));

  // Assess
  expect(links).toEqual([['config-recorder', 'broken', 'default: last recording failed (AccessDenied: Access Denied)']]);
});
