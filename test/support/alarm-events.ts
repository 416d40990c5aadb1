/**
 * PutMetricAlarm and PutMetricFilter events in the shape CloudTrail delivers them: the envelope, identity and agent of the
 * real DeleteAlarms / DeleteMetricFilter fixtures, the API call renamed, the request parameters as CloudTrail records them
 * (camelCase, as the CLI sent them), fresh event IDs.
 */
import { randomUUID } from 'node:crypto';
import { loadEvent } from '../../scripts/lib/events';

function asCall(fixture: string, eventName: string, command: string, request: Record<string, unknown>): Record<string, unknown> {
  const event = loadEvent(fixture);
  const detail = event.detail as Record<string, unknown>;
  event.id = randomUUID();
  Object.assign(detail, { eventName, eventID: randomUUID(), requestID: randomUUID(), requestParameters: request, userAgent: String(detail.userAgent).replace(/md\/command#\S+/, `md/command#${command}`) });
  return event;
}

/** `aws cloudwatch put-metric-alarm` with these request parameters (`alarmName` at least). */
export function putMetricAlarmEvent(request: { alarmName: string } & Record<string, unknown>): Record<string, unknown> {
  return asCall('cloudwatch-deletealarms', 'PutMetricAlarm', 'cloudwatch.put-metric-alarm', request);
}

/** `aws logs put-metric-filter` with these request parameters (`logGroupName` and `filterName` at least). */
export function putMetricFilterEvent(request: { logGroupName: string; filterName: string } & Record<string, unknown>): Record<string, unknown> {
  return asCall('logs-deletemetricfilter', 'PutMetricFilter', 'logs.put-metric-filter', request);
}

/**
 * `aws cloudwatch put-alarm-mute-rule` with these request parameters. Modeled: no recorded PutAlarmMuteRule event was
 * found; the request parameters are the API input camelCased, as CloudTrail records the other monitoring.amazonaws.com calls.
 */
export function putAlarmMuteRuleEvent(request: { name: string; muteTargets: { alarmNames: string[] } } & Record<string, unknown>): Record<string, unknown> {
  return asCall('cloudwatch-deletealarms', 'PutAlarmMuteRule', 'cloudwatch.put-alarm-mute-rule', { rule: { schedule: { expression: 'cron(0 * * * ? *)', duration: 'PT1H' } }, ...request });
}
