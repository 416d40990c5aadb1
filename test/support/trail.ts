/** A baseline trail and trails as GetTrail returns them, for the trail planning tests. */
import { TRAIL_SETTINGS, type TrailBaseline, type TrailSetting, type TrailSettings } from '../../shared/baseline/trail';

export const NAME = 'chain-guard-baseline';
export const ARN = `arn:aws:cloudtrail:us-east-1:111122223333:trail/${NAME}`;
export const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555';
export const OTHER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/99999999-8888-7777-6666-555555555555';
export const LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:chain-guard-trail:*';
export const OTHER_LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:somewhere-else:*';
export const ROLE = 'arn:aws:iam::111122223333:role/chain-guard-trail-to-logs';

export const BASELINE: TrailBaseline = {
  name: NAME,
  homeRegion: 'us-east-1',
  s3BucketName: 'chain-guard-audit-logs',
  s3KeyPrefix: 'cloudtrail',
  kmsKeyId: KEY,
  cloudWatchLogsLogGroupArn: LOG_GROUP,
  cloudWatchLogsRoleArn: ROLE,
  isMultiRegionTrail: true,
  includeGlobalServiceEvents: true,
  enableLogFileValidation: true,
};

/** A trail exactly as strong as BASELINE; `overrides` weakens (or strengthens) it. */
export const trail = (overrides: Partial<TrailSettings> = {}): TrailSettings => ({
  name: NAME,
  arn: ARN,
  homeRegion: 'us-east-1',
  s3BucketName: 'chain-guard-audit-logs',
  s3KeyPrefix: 'cloudtrail',
  kmsKeyId: KEY,
  cloudWatchLogsLogGroupArn: LOG_GROUP,
  cloudWatchLogsRoleArn: ROLE,
  isMultiRegionTrail: true,
  includeGlobalServiceEvents: true,
  logFileValidationEnabled: true,
  isOrganizationTrail: false,
  ...overrides,
});

/** Another trail (not the baseline one), with no optional setting. */
export const OTHER_ARN = 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail';
export const otherTrail = (overrides: Partial<TrailSettings> = {}): TrailSettings => ({
  name: 'TEST-trail',
  arn: OTHER_ARN,
  homeRegion: 'us-west-2',
  s3BucketName: 'test-cloudtrail-bucket',
  isMultiRegionTrail: false,
  includeGlobalServiceEvents: false,
  logFileValidationEnabled: false,
  isOrganizationTrail: false,
  ...overrides,
});

export const ALL = new Set<TrailSetting>(TRAIL_SETTINGS);
export const wanted = (...settings: TrailSetting[]): ReadonlySet<TrailSetting> => new Set(settings);

