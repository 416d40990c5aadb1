/**
 * The AWS CLI command that applies each planned change, for report mode: a person can apply the fix by hand, exactly as
 * the undo commands are printed for a change that was made. A remediation may give its own (`Action.command`).
 */
import type { Action, ResourceRef } from '../remediations/result';
import { shellQuote } from '../aws/cli';

/** The command that applies `action` to `resource`, or undefined when none can be written from what the action records. */
export function applyCommand(action: Action, resource: ResourceRef): string | undefined {
  if (action.command) return action.command;
  const region = action.target.startsWith('arn:') ? (action.target.split(':')[3] ?? resource.region) : resource.region;
  const p = action.params;
  const str = (key: string): string => String(p[key] ?? '');
  switch (action.api) {
    case 'RevokeSecurityGroupIngress':
      return p.GroupId && p.SecurityGroupRuleId ? `aws ec2 revoke-security-group-ingress --region ${region} --group-id ${str('GroupId')} --security-group-rule-ids ${str('SecurityGroupRuleId')}` : undefined;
    case 'StartLogging':
      return `aws cloudtrail start-logging --region ${region} --name ${action.target}`;
    case 'CreateTopic':
      return `aws sns create-topic --region ${region} --name ${str('Name')}`;
    case 'Subscribe':
      return p.protocol && p.endpoint ? `aws sns subscribe --region ${region} --topic-arn ${topicOf(resource)} --protocol ${str('protocol')} --notification-endpoint ${shellQuote(str('endpoint'))}` : undefined;
    case 'SetTopicAttributes': {
      const value = typeof action.after === 'string' && str('setting') !== 'Policy' ? safeJson(action.after) : undefined;
      return value !== undefined ? `aws sns set-topic-attributes --region ${region} --topic-arn ${action.target} --attribute-name ${str('setting')} --attribute-value ${shellQuote(String(value))}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The commands of every planned change, in order and without repeats. */
export function applyCommands(actions: readonly Action[], resource: ResourceRef): { commands: string[]; missing: number } {
  const commands: string[] = [];
  let missing = 0;
  for (const action of actions.filter((a) => a.status === 'planned')) {
    const command = applyCommand(action, resource);
    if (!command) missing += 1;
    else if (!commands.includes(command)) commands.push(command);
  }
  return { commands, missing };
}

function topicOf(resource: ResourceRef): string {
  return resource.type === 'AWS::SNS::Topic' ? resource.id : `<alerts topic ARN in ${resource.region}>`;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
