/**
 * The stack's own IAM roles, derived in one place. serverless.yml names each function's role
 * `<service>-<stage>-<region>-<function>` (custom.selfRolePrefix + region + function); the loop guard exempts exactly
 * these role ARNs, in the EventBridge patterns (custom.selfRoleArns) and in code (shared/events/trigger.ts).
 * test/unit/baseline/roles.test.ts checks that the two agree.
 */

/** Every Lambda function of the stack; each has its own role. (= the remediation ids of shared/remediations/registry.ts) */
export const FUNCTION_NAMES = ['revoke-open-ingress', 'reenable-trail', 'restore-alarms', 'protect-notifications', 'protect-backstops'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Where the stack runs: its partition, account and region, and the role name prefix `<service>-<stage>-`. */
export interface StackPlace {
  partition: string;
  account: string;
  region: string;
  rolePrefix: string;
}

/** The IAM role name of one function, as serverless.yml names it. */
export function functionRoleName(place: Pick<StackPlace, 'rolePrefix' | 'region'>, fn: FunctionName): string {
  return `${place.rolePrefix}${place.region}-${fn}`;
}

/** The exact ARN of one function's role. */
export function functionRoleArn(place: StackPlace, fn: FunctionName): string {
  return `arn:${place.partition}:iam::${place.account}:role/${functionRoleName(place, fn)}`;
}

/** The exact ARNs of every role of the stack: the only identities whose calls the loop guard ignores. */
export function stackRoleArns(place: StackPlace): string[] {
  return FUNCTION_NAMES.map((fn) => functionRoleArn(place, fn));
}

/**
 * The exact ARN of the member role in a member account (organization mode; the member StackSet creates it without a
 * path). Its calls there are the backend's own (loop guard). A role of that name exists only where the StackSet put
 * it, as long as the organization's SCP keeps the name for the StackSet (README, "Organization").
 */
export function memberRoleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
