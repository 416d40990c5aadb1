/**
 * Explains a STAGE mismatch. The local router resolves serverless.yml for one stage (STAGE, default dev), and two things
 * in the patterns depend on it: the loop guard's role ARNs (`<service>-<stage>-<region>-<function>`, excluded by exact
 * ARN) and the sweep rules' names (`<service>-<stage>-<function>-sweep`, in a Scheduled Event's resources). The code's
 * own loop guard uses SELF_ROLE_PREFIX (`<service>-<stage>-`, set from the stage when deployed). So an event made by
 * another stage's stack, a sweep event naming another stage's rule, or a SELF_ROLE_PREFIX of another stage is routed or
 * guarded differently from how the stack it came from treats it. Each note says which case applies and what to set.
 */
import { FUNCTION_NAMES } from '../../shared/baseline/roles';

/** The stage the patterns were resolved for, and the role prefixes of the patterns and of the configuration. */
export interface StageContext {
  stage: string;
  service: string;
  /** custom.selfRolePrefix of serverless.yml, resolved for `stage`. */
  patternRolePrefix: string;
  /** SELF_ROLE_PREFIX, as the configuration read it. */
  configRolePrefix: string;
}

const FUNCTIONS = FUNCTION_NAMES.join('|');

/** Notes on how STAGE shaped the routing of this event; empty when the stage plays no part. */
export function stageNotes(event: Record<string, unknown>, context: StageContext): string[] {
  const notes: string[] = [];
  const { stage, service, patternRolePrefix, configRolePrefix } = context;
  if (configRolePrefix !== patternRolePrefix) {
    notes.push(
      `STAGE mismatch: SELF_ROLE_PREFIX is "${configRolePrefix}" but STAGE=${stage} resolves serverless.yml's patterns for the roles "${patternRolePrefix}<region>-<function>": ` +
        `the loop guard of the patterns and the one in code exempt different roles (a deployed stack sets SELF_ROLE_PREFIX from its stage); set both for the same stage`,
    );
  }
  const rule = sweepRuleStage(event, service);
  if (rule && rule.stage !== stage) {
    notes.push(`STAGE mismatch: the event names the sweep rule ${rule.name} of stage "${rule.stage}", but the patterns were resolved for stage "${stage}" (STAGE): run with STAGE=${rule.stage}, or name the rule ${service}-${stage}-${rule.fn}-sweep in the event's resources`);
  }
  const role = callerRoleStage(event, service);
  if (role && role.stage !== stage) {
    notes.push(
      `STAGE mismatch: the call was made by ${role.arn}, the ${role.fn} role of stage "${role.stage}"; the patterns were resolved for stage "${stage}" (STAGE), whose loop guard exempts only its own roles, ` +
        `so the call is handled as anyone's. Stage "${role.stage}"'s stack ignores its own calls: run with STAGE=${role.stage} to replay it as that stack sees it`,
    );
  } else if (role) {
    notes.push(`the call was made by ${role.arn}, this stage's own ${role.fn} role: the loop guard never acts on the backend's own calls`);
  }
  return notes;
}

function sweepRuleStage(event: Record<string, unknown>, service: string): { name: string; stage: string; fn: string } | undefined {
  if (event['detail-type'] !== 'Scheduled Event' || !Array.isArray(event.resources)) return undefined;
  const pattern = new RegExp(`:rule/(${escape(service)}-(.+)-(${FUNCTIONS})-sweep)$`);
  for (const resource of event.resources) {
    const match = pattern.exec(String(resource));
    if (match) return { name: match[1] ?? '', stage: match[2] ?? '', fn: match[3] ?? '' };
  }
  return undefined;
}

function callerRoleStage(event: Record<string, unknown>, service: string): { arn: string; stage: string; fn: string } | undefined {
  const identity = ((event.detail ?? {}) as { userIdentity?: { type?: string; sessionContext?: { sessionIssuer?: { type?: string; arn?: string } } } }).userIdentity;
  const arn = identity?.type === 'AssumedRole' && identity.sessionContext?.sessionIssuer?.type === 'Role' ? identity.sessionContext.sessionIssuer.arn : undefined;
  const match = arn ? new RegExp(`:role/${escape(service)}-(.+)-[a-z]{2}(?:-[a-z]+)+-\\d-(${FUNCTIONS})$`).exec(arn) : null;
  return arn && match ? { arn, stage: match[1] ?? '', fn: match[2] ?? '' } : undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
