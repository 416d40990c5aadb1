/**
 * Runs an undo plan (undo-plan.ts) in order, with the caller's credentials (an admin's, from npm run undo). A step that
 * finds its work already done (the rule is back, the trail gone) counts as done; the first failure stops the rest,
 * since later steps may need it (a trail is stopped before it is deleted).
 */
import { DeleteTrailCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { DeleteAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteMetricFilterCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import type { Clients } from '../aws/clients';
import { errorMessage, hasErrorCode } from '../errors';
import type { UndoStep } from './undo-plan';

/** How one step ended. */
export interface StepOutcome {
  step: UndoStep;
  status: 'done' | 'already-done' | 'failed' | 'not-run';
  error?: string;
}

/** Errors that mean the step's work is already done. */
const ALREADY: Record<UndoStep['api'], string[]> = {
  AuthorizeSecurityGroupIngress: ['InvalidPermission.Duplicate'],
  StopLogging: [],
  DeleteTrail: ['TrailNotFoundException'],
  UpdateTrail: [],
  DeleteAlarms: [],
  PutMetricAlarm: [],
  DeleteMetricFilter: ['ResourceNotFoundException'],
  PutMetricFilter: [],
  SetTopicAttributes: [],
};

/** Runs the steps in order; after a failure the rest are not run. */
export async function applyUndo(clients: Clients, steps: readonly UndoStep[]): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let failed = false;
  for (const step of steps) {
    if (failed) {
      outcomes.push({ step, status: 'not-run' });
      continue;
    }
    try {
      await send(clients, step);
      outcomes.push({ step, status: 'done' });
    } catch (error) {
      if (hasErrorCode(error, ...ALREADY[step.api])) {
        outcomes.push({ step, status: 'already-done' });
        continue;
      }
      failed = true;
      outcomes.push({ step, status: 'failed', error: `${step.api} failed: ${errorMessage(error)}` });
    }
  }
  return outcomes;
}

async function send(clients: Clients, step: UndoStep): Promise<unknown> {
  switch (step.api) {
    case 'AuthorizeSecurityGroupIngress':
      return clients.ec2(step.region).send(new AuthorizeSecurityGroupIngressCommand({ GroupId: step.groupId, IpPermissions: [step.permission] }));
    case 'StopLogging':
      return clients.cloudtrail(step.region).send(new StopLoggingCommand({ Name: step.name }));
    case 'DeleteTrail':
      return clients.cloudtrail(step.region).send(new DeleteTrailCommand({ Name: step.name }));
    case 'UpdateTrail':
      return clients.cloudtrail(step.region).send(new UpdateTrailCommand({ Name: step.name, ...step.input }));
    case 'DeleteAlarms':
      return clients.cloudwatch(step.region).send(new DeleteAlarmsCommand({ AlarmNames: [step.name] }));
    case 'PutMetricAlarm':
      return clients.cloudwatch(step.region).send(new PutMetricAlarmCommand(step.input));
    case 'DeleteMetricFilter':
      return clients.logs(step.region).send(new DeleteMetricFilterCommand({ logGroupName: step.logGroupName, filterName: step.filterName }));
    case 'PutMetricFilter':
      return clients.logs(step.region).send(new PutMetricFilterCommand(step.input));
    case 'SetTopicAttributes':
      return clients.sns(step.region).send(new SetTopicAttributesCommand({ TopicArn: step.topicArn, AttributeName: step.name, AttributeValue: step.value }));
  }
}
