/** Each change of a result in plain words (`log file validation turned back on`), never as an API name. */
import type { Action } from '../remediations/result';

const TRAIL_SWITCHES: Readonly<Record<string, string>> = {
  multiRegion: 'multi-region logging',
  globalServiceEvents: 'global service events',
  logFileValidation: 'log file validation',
};
const TRAIL_VALUES: Readonly<Record<string, string>> = { kms: 'encryption key', cloudWatchLogs: 'CloudWatch Logs delivery', s3: 'log bucket' };

/** One line for the notice, without the leading `  - `; with why the change was needed, when the action says. */
export function describeChange(action: Action): string {
  const line = plainChange(action);
  return action.why ? `${line} -- ${action.why}` : line;
}

function plainChange(action: Action): string {
  const planned = action.status === 'planned';
  const note = action.status === 'already-done' ? ' (already done by someone else)' : '';
  const name = shortName(action.target);
  const setting = typeof action.params.setting === 'string' ? action.params.setting : undefined;
  const before = text(action.before);
  const after = text(action.after);
  switch (action.api) {
    case 'StartLogging':
      return `trail ${name}: logging ${planned ? 'would be restarted' : 'restarted'} (was stopped)${note}`;
    case 'CreateTrail':
      return `trail ${name} ${planned ? 'would be recreated' : 'recreated'} (was deleted): ${trailShape(action.after)}${note}`;
    case 'UpdateTrail':
      if (setting && TRAIL_SWITCHES[setting]) return `trail ${name}: ${TRAIL_SWITCHES[setting]} ${planned ? 'would be turned back on' : 'turned back on'} (was off)${note}`;
      return `trail ${name}: ${TRAIL_VALUES[setting ?? ''] ?? setting ?? 'setting'}: ${orNone(action.before)} -> ${orNone(action.after)}${note}`;
    case 'PutEventSelectors':
      return `trail ${name}: event selectors ${planned ? 'would be restored' : 'restored'} (management events, read and write)${note}`;
    case 'CreateLogGroup':
      return `log group ${action.target} ${planned ? 'would be recreated' : 'recreated'} (was deleted; ${planned ? 'it would be empty' : 'empty: past logs are gone'})${note}`;
    case 'PutMetricFilter':
      return setting ? `metric filter ${action.target}: ${setting}: ${before} -> ${after}${note}` : `metric filter ${action.target} ${planned ? 'would be recreated' : 'recreated'} (was ${before}): ${after}${note}`;
    case 'PutMetricAlarm':
      return setting ? `alarm ${action.target}: ${setting}: ${before} -> ${after}${note}` : `alarm ${action.target} ${planned ? 'would be recreated' : 'recreated'} (was ${before}): ${after}${note}`;
    case 'CreateTopic':
      return `alerts topic ${name} ${planned ? 'would be recreated' : 'recreated'} (was deleted; same name, so the same ARN)${note}`;
    case 'SetTopicAttributes':
      return `alerts topic ${name}: ${setting === 'Policy' ? 'access policy' : (setting ?? 'attribute')}: ${before} -> ${after}${note}`;
    case 'Subscribe':
      return `subscriber ${action.target.replace(':', ' ')}: ${before} -> ${after}${note}`;
    default:
      return `${action.target}${setting ? ` ${setting}` : ''}: ${before} -> ${after}${note}`;
  }
}

/** The last part of an ARN (`org-security-trail`, `chain-guard-alerts`), or the target as it is. */
function shortName(target: string): string {
  if (!target.startsWith('arn:')) return target;
  const resource = target.split(':').slice(5).join(':');
  return resource.split('/').at(-1) ?? target;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'summary' in value) return String((value as { summary: unknown }).summary);
  return JSON.stringify(value ?? null);
}

function orNone(value: unknown): string {
  return value === null || value === undefined || value === '' || value === 's3:///' ? 'none' : text(value);
}

function trailShape(after: unknown): string {
  const t = (after ?? {}) as Record<string, unknown>;
  const parts = [
    `bucket s3://${String(t.S3BucketName ?? '')}/${String(t.S3KeyPrefix ?? '')}`,
    t.IsMultiRegionTrail ? 'multi-region' : 'single-region',
    t.EnableLogFileValidation ? 'log file validation on' : 'log file validation off',
    t.KmsKeyId ? `encryption key ${String(t.KmsKeyId)}` : 'no encryption key',
    t.CloudWatchLogsLogGroupArn ? `CloudWatch Logs ${String(t.CloudWatchLogsLogGroupArn)}` : 'no CloudWatch Logs',
  ];
  return parts.join(', ');
}
