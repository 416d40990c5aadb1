/**
 * A write that would hand a service a role or log group of another account than the one acted in: AWS refuses it
 * (IAM passes no role of another account; CloudTrail delivers only to its own account's log groups), so it is not
 * made. The run says which setting to write with `${AccountId}` instead (ACTION NEEDED), and nothing is written.
 * This is what a baseline written for the central account looks like in a member (organization mode).
 */
import type { TrailUpdatePlan } from './trail';

/** The write parameters that must name the account acted in, and the setting each comes from. */
const BOUND: Readonly<Record<string, { variable: string; param: string }>> = {
  CloudWatchLogsLogGroupArn: { variable: 'TRAIL_CLOUDWATCH_LOG_GROUP_ARN', param: 'trailLogGroupArn' },
  CloudWatchLogsRoleArn: { variable: 'TRAIL_CLOUDWATCH_ROLE_ARN', param: 'trailLogsRoleArn' },
  roleARN: { variable: 'CONFIG_RECORDER_ROLE_ARN', param: 'configRecorderRoleArn' },
};

/** One parameter of a planned write naming another account. */
export interface ForeignArn {
  field: string;
  variable: string;
  param: string;
  arn: string;
  owner: string;
}

/** The parameters of `input` (a write's) that name another account than `account`. */
export function foreignArns(input: Readonly<Record<string, unknown>>, account: string): ForeignArn[] {
  return Object.entries(BOUND).flatMap(([field, setting]) => {
    const arn = input[field];
    const owner = typeof arn === 'string' ? arn.split(':')[4] : undefined;
    return typeof arn === 'string' && owner && /^\d{12}$/.test(owner) && owner !== account ? [{ field, ...setting, arn, owner }] : [];
  });
}

/** The ACTION NEEDED of a write not made because of `foreign`: which setting, why, and what to write instead. */
export function foreignArnAction(what: string, account: string, foreign: readonly ForeignArn[]): string {
  const settings = foreign.map((f) => `${f.variable} (param ${f.param}) is ${f.arn}, of account ${f.owner}`).join('; ');
  const example = foreign.map((f) => `${f.param}=${f.arn.replace(`:${f.owner}:`, ':${AccountId}:')}`).join(' ');
  return `${what} in account ${account} was not done, and nothing was written: ${settings}, and AWS lets account ${account} use only its own role and log group. Give the setting per account with \${AccountId} (${example}), create that role and log group in every account (e.g. in the member StackSet), and deploy the central stack again (README "Organization", "Baselines in every account")`;
}

/** `plan` without its CloudWatch Logs change when that names another account than `account`, saying so. */
export function withoutForeignDelivery(plan: TrailUpdatePlan, account: string, trail: string): TrailUpdatePlan {
  const foreign = foreignArns(plan.update, account);
  if (foreign.length === 0) return plan;
  const update = Object.fromEntries(Object.entries(plan.update).filter(([key]) => key !== 'CloudWatchLogsLogGroupArn' && key !== 'CloudWatchLogsRoleArn'));
  const manual = [...plan.manual, foreignArnAction(`Restoring the CloudWatch Logs delivery of ${trail}`, account, foreign)];
  return { update, changes: plan.changes.filter((c) => c.setting !== 'cloudWatchLogs'), manual };
}
