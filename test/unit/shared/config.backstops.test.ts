/** loadConfig for the backstops: the recorder baseline is whole or absent, and its resource types are checked once. */
import { loadConfig } from '../../../shared/config';

const ROLE = 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:security-alerts', ...extra });

describe('loadConfig backstops', () => {
  it('knows the recorder name "default" and requires GuardDuty when nothing is set', () => {
    expect(loadConfig(env()).backstops).toEqual({ recorderName: 'default', guardDutyRequired: true });
  });

  it('builds a recorder baseline of every supported type from the role and the bucket', () => {
    const config = loadConfig(env({ CONFIG_RECORDER_ROLE_ARN: ROLE, CONFIG_DELIVERY_BUCKET: 'org-config-logs', CONFIG_DELIVERY_PREFIX: 'config' }));

    expect(config.backstops.recorder).toEqual({ name: 'default', roleArn: ROLE, resourceTypes: 'all', deliveryChannelName: 'default', deliveryBucket: 'org-config-logs', deliveryPrefix: 'config' });
  });

  it('reads a comma list of resource types', () => {
    const config = loadConfig(env({ CONFIG_RECORDER_ROLE_ARN: ROLE, CONFIG_DELIVERY_BUCKET: 'org-config-logs', CONFIG_RESOURCE_TYPES: 'AWS::EC2::SecurityGroup,AWS::IAM::Role' }));

    expect(config.backstops.recorder?.resourceTypes).toEqual(['AWS::EC2::SecurityGroup', 'AWS::IAM::Role']);
  });

  it('refuses a role without a bucket, naming both variables', () => {
    expect(() => loadConfig(env({ CONFIG_RECORDER_ROLE_ARN: ROLE }))).toThrow('CONFIG_RECORDER_ROLE_ARN and CONFIG_DELIVERY_BUCKET must be set together');
  });

  it('refuses a resource type that is not AWS::Service::Type', () => {
    expect(() => loadConfig(env({ CONFIG_RESOURCE_TYPES: 'AWS::EC2::SecurityGroup,s3 buckets' }))).toThrow('CONFIG_RESOURCE_TYPES must be "all" or a comma-separated list of resource types');
  });

  it('refuses a role ARN that is not an IAM role', () => {
    expect(() => loadConfig(env({ CONFIG_RECORDER_ROLE_ARN: 'AWSServiceRoleForConfig', CONFIG_DELIVERY_BUCKET: 'org-config-logs' }))).toThrow('CONFIG_RECORDER_ROLE_ARN must be an IAM role ARN');
  });

  it('refuses the recorder name prefix reserved for service-linked recorders', () => {
    expect(() => loadConfig(env({ CONFIG_RECORDER_NAME: 'AWSConfigurationRecorderForSecurityHub' }))).toThrow('CONFIG_RECORDER_NAME must be a configuration recorder name');
  });

  it('reads GUARDDUTY_REQUIRED false', () => {
    expect(loadConfig(env({ GUARDDUTY_REQUIRED: 'false' })).backstops.guardDutyRequired).toBe(false);
  });
});
