/** What an UpdateTrail event says about where a trail delivers: S3, CloudWatch Logs, KMS key, SNS topic. */
import { deliveryChanges, trailTargets } from '../../../../shared/events/trail';
import { parseEvent } from '../../../../shared/events/trigger';
import { loadEvent } from '../../../../scripts/lib/events';

const ARN = 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail';
const LOG_GROUP = 'arn:aws:logs:us-west-2:111122223333:log-group:elsewhere:*';
const ROLE = 'arn:aws:iam::111122223333:role/elsewhere';
const KEY = 'arn:aws:kms:us-west-2:999999999999:key/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e';

describe('trailTargets for the console UpdateTrail', () => {
  it('carries the delivery settings the call set, next to the weakened booleans', () => {
    // Prepare
    const event = loadEvent('cloudtrail-updatetrail');

    // Act
    const result = trailTargets(parseEvent(event));

    // Assess
    expect(result).toEqual({
      targets: [
        {
          ref: ARN,
          wanted: ['logFileValidation'],
          selectors: false,
          restart: false,
          redirects: [
            { setting: 's3', after: 's3://test-cloudtrail-bucket/' },
            { setting: 'kms', after: '' },
            { setting: 'sns', after: '' },
          ],
          why: 'the trail was updated',
        },
      ],
    });
  });
});

describe('deliveryChanges', () => {
  it('reads another bucket and prefix from the request when the response is missing', () => {
    // Prepare
    const request = { name: ARN, s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot' };

    // Act
    const changes = deliveryChanges(request, null);

    // Assess
    expect(changes).toEqual([{ setting: 's3', after: 's3://attacker-bucket/loot' }]);
  });

  it('says the prefix is not in the event when neither the request nor a response holds it', () => {
    // Prepare
    const request = { name: ARN, s3BucketName: 'attacker-bucket' };

    // Act
    const changes = deliveryChanges(request, null);

    // Assess
    expect(changes).toEqual([{ setting: 's3', after: 's3://attacker-bucket/(prefix not in the event)' }]);
  });

  it('takes the bucket from the response when only the prefix was sent', () => {
    // Prepare
    const request = { name: ARN, s3KeyPrefix: 'loot' };
    const response = { name: 'TEST-trail', s3BucketName: 'test-cloudtrail-bucket', s3KeyPrefix: 'loot', trailARN: ARN };

    // Act
    const changes = deliveryChanges(request, response);

    // Assess
    expect(changes).toEqual([{ setting: 's3', after: 's3://test-cloudtrail-bucket/loot' }]);
  });

  it('reads another log group and role', () => {
    // Prepare
    const request = { name: ARN, cloudWatchLogsLogGroupArn: LOG_GROUP, cloudWatchLogsRoleArn: ROLE };

    // Act
    const changes = deliveryChanges(request, { cloudWatchLogsLogGroupArn: LOG_GROUP, cloudWatchLogsRoleArn: ROLE });

    // Assess
    expect(changes).toEqual([{ setting: 'cloudWatchLogs', after: `${LOG_GROUP} (role ${ROLE})` }]);
  });

  it('reads a removed log group as empty', () => {
    // Prepare
    const request = { name: ARN, cloudWatchLogsLogGroupArn: '', cloudWatchLogsRoleArn: '' };

    // Act
    const changes = deliveryChanges(request, {});

    // Assess
    expect(changes).toEqual([{ setting: 'cloudWatchLogs', after: '' }]);
  });

  it('reads a log group whose role was emptied, saying the role is none', () => {
    // Prepare
    const request = { name: ARN, cloudWatchLogsLogGroupArn: LOG_GROUP, cloudWatchLogsRoleArn: '' };

    // Act
    const changes = deliveryChanges(request, null);

    // Assess
    expect(changes).toEqual([{ setting: 'cloudWatchLogs', after: `${LOG_GROUP} (role none)` }]);
  });

  it('reads another KMS key', () => {
    // Prepare
    const request = { name: ARN, kmsKeyId: KEY };

    // Act
    const changes = deliveryChanges(request, { kmsKeyId: KEY });

    // Assess
    expect(changes).toEqual([{ setting: 'kms', after: KEY }]);
  });

  it('reads another SNS topic by the ARN in the response', () => {
    // Prepare
    const request = { name: ARN, snsTopicName: 'attacker-topic' };
    const response = { snsTopicName: 'attacker-topic', snsTopicARN: 'arn:aws:sns:us-west-2:111122223333:attacker-topic' };

    // Act
    const changes = deliveryChanges(request, response);

    // Assess
    expect(changes).toEqual([{ setting: 'sns', after: 'arn:aws:sns:us-west-2:111122223333:attacker-topic' }]);
  });

  it('reads a removed SNS topic as empty', () => {
    // Prepare
    const request = { name: ARN, snsTopicName: '' };

    // Act
    const changes = deliveryChanges(request, { snsTopicName: '', snsTopicARN: '' });

    // Assess
    expect(changes).toEqual([{ setting: 'sns', after: '' }]);
  });

  it('reads nothing from a request that touches no delivery setting', () => {
    // Prepare
    const request = { name: ARN, enableLogFileValidation: false, isMultiRegionTrail: false };

    // Act
    const changes = deliveryChanges(request, { s3BucketName: 'test-cloudtrail-bucket', kmsKeyId: KEY });

    // Assess
    expect(changes).toEqual([]);
  });
});
