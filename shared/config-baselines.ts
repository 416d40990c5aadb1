/** The trail, alarm and backstop baselines, built from the validated environment (shared/config.ts). */
import { z } from 'zod';
import type { ResourceType } from '@aws-sdk/client-config-service';
import { ConfigError } from './errors';
import { commaList } from './config-parse';
import type { ParsedEnv } from './config';
import type { BackstopsBaseline } from './baseline/backstops';
import { CIS_ALARMS, type AlarmBaseline, type AlarmSpec } from './baseline/cis-alarms';
import { logGroupNameOfArn, type TrailBaseline } from './baseline/trail';

const CustomAlarmsSchema = z.array(
  z.object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be a metric/filter name (letters, digits, _ . -)'),
    pattern: z.string().min(1).max(1024),
    description: z.string().optional(),
  }),
);

/** The CIS metric filters and alarms to keep, or undefined without a log group. */
export function alarmBaseline(e: ParsedEnv): AlarmBaseline | undefined {
  const fromTrail = logGroupNameOfArn(e.TRAIL_CLOUDWATCH_LOG_GROUP_ARN);
  const logGroupName = e.ALARM_LOG_GROUP_NAME ?? fromTrail;
  if (!logGroupName) return undefined;
  const wanted = e.CIS_CONTROLS === 'all' ? CIS_ALARMS.map((a) => a.id) : commaList('CIS_CONTROLS', e.CIS_CONTROLS);
  const unknown = wanted.filter((id) => !CIS_ALARMS.some((a) => a.id === id));
  if (unknown.length > 0) throw new ConfigError(`Invalid configuration: CIS_CONTROLS names unknown controls ${unknown.join(', ')} (known: 3.1-3.14, 4.15, or "all")`);
  let custom: AlarmSpec[];
  try {
    custom = CustomAlarmsSchema.parse(JSON.parse(e.CUSTOM_ALARMS)).map((c) => ({ id: 'custom', name: c.name, pattern: c.pattern, description: c.description ?? c.name }));
  } catch (cause) {
    throw new ConfigError('Invalid configuration: CUSTOM_ALARMS must be a JSON list of {"name", "pattern", "description"?}', { cause });
  }
  return {
    logGroupName,
    namespace: e.ALARM_NAMESPACE,
    topicArn: e.ALARM_TOPIC_ARN ?? e.ALERT_TOPIC_ARN,
    alarmPrefix: e.ALARM_NAME_PREFIX,
    specs: [...CIS_ALARMS.filter((a) => wanted.includes(a.id)), ...custom],
  };
}

/** The baseline trail, or undefined without TRAIL_NAME. */
export function trailBaseline(e: ParsedEnv): TrailBaseline | undefined {
  if (!e.TRAIL_NAME) return undefined;
  if (!e.TRAIL_S3_BUCKET) throw new ConfigError('Invalid configuration: TRAIL_S3_BUCKET is required when TRAIL_NAME is set (a deleted trail is recreated with it)');
  if (Boolean(e.TRAIL_CLOUDWATCH_LOG_GROUP_ARN) !== Boolean(e.TRAIL_CLOUDWATCH_ROLE_ARN)) {
    throw new ConfigError('Invalid configuration: TRAIL_CLOUDWATCH_LOG_GROUP_ARN and TRAIL_CLOUDWATCH_ROLE_ARN must be set together');
  }
  return {
    name: e.TRAIL_NAME,
    homeRegion: e.TRAIL_HOME_REGION ?? e.AWS_REGION,
    s3BucketName: e.TRAIL_S3_BUCKET,
    s3KeyPrefix: e.TRAIL_S3_KEY_PREFIX,
    kmsKeyId: e.TRAIL_KMS_KEY_ID,
    cloudWatchLogsLogGroupArn: e.TRAIL_CLOUDWATCH_LOG_GROUP_ARN,
    cloudWatchLogsRoleArn: e.TRAIL_CLOUDWATCH_ROLE_ARN,
    isMultiRegionTrail: e.TRAIL_MULTI_REGION,
    includeGlobalServiceEvents: e.TRAIL_GLOBAL_SERVICE_EVENTS,
    enableLogFileValidation: e.TRAIL_LOG_FILE_VALIDATION,
  };
}

const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

/** The Config recorder (and channel) and GuardDuty detector to keep. */
export function backstopsBaseline(e: ParsedEnv): BackstopsBaseline {
  const base = { recorderName: e.CONFIG_RECORDER_NAME, guardDutyRequired: e.GUARDDUTY_REQUIRED };
  if (Boolean(e.CONFIG_RECORDER_ROLE_ARN) !== Boolean(e.CONFIG_DELIVERY_BUCKET)) {
    throw new ConfigError('Invalid configuration: CONFIG_RECORDER_ROLE_ARN and CONFIG_DELIVERY_BUCKET must be set together (a deleted recorder is recreated with the role, its delivery channel with the bucket)');
  }
  if (e.CONFIG_DELIVERY_PREFIX && !e.CONFIG_DELIVERY_BUCKET) throw new ConfigError('Invalid configuration: CONFIG_DELIVERY_PREFIX needs CONFIG_DELIVERY_BUCKET');
  const types = e.CONFIG_RESOURCE_TYPES === 'all' ? 'all' : commaList('CONFIG_RESOURCE_TYPES', e.CONFIG_RESOURCE_TYPES);
  const bad = types === 'all' ? undefined : types.find((t) => !RESOURCE_TYPE.test(t));
  if (bad !== undefined || types.length === 0) throw new ConfigError(`Invalid configuration: CONFIG_RESOURCE_TYPES must be "all" or a comma-separated list of resource types (AWS::EC2::SecurityGroup,AWS::IAM::Role): got "${bad ?? e.CONFIG_RESOURCE_TYPES}"`);
  if (!e.CONFIG_RECORDER_ROLE_ARN || !e.CONFIG_DELIVERY_BUCKET) return base;
  return {
    ...base,
    recorder: {
      name: e.CONFIG_RECORDER_NAME,
      roleArn: e.CONFIG_RECORDER_ROLE_ARN,
      resourceTypes: types === 'all' ? 'all' : (types as ResourceType[]),
      deliveryChannelName: 'default',
      deliveryBucket: e.CONFIG_DELIVERY_BUCKET,
      ...(e.CONFIG_DELIVERY_PREFIX ? { deliveryPrefix: e.CONFIG_DELIVERY_PREFIX } : {}),
    },
  };
}
