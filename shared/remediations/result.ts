/** The result contract: a tagged union on `outcome`, never a boolean. */

/** Every outcome a remediation can end with. */
export const OUTCOMES = ['remediated', 'already-compliant', 'reported', 'skipped', 'ignored', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The AWS resource a result concerns. */
export interface ResourceRef {
  type: string;
  id: string;
  account: string;
  region: string;
  arn?: string;
  name?: string;
}

/** One write (done, planned in report mode, found already done, or failed), with enough detail to undo it. */
export interface Action {
  api: string;
  target: string;
  status: 'done' | 'planned' | 'already-done' | 'failed';
  params: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
  /** Why the write was needed, when the rule alone does not say (e.g. which CIDRs together made a rule world-open). */
  why?: string;
  /** How to undo this action, as a command a person can run. */
  undo?: string;
  /** The command that applies this action (printed in report mode, so a person can apply the fix by hand). */
  command?: string;
  error?: string;
}

/** Something deliberately left as it was, and why (authorized port, private CIDR, exemption tag...). */
export interface Kept {
  target: string;
  what: string;
  reason: string;
}

/** Who or what caused the triggering event, as ops need to see it. */
export interface Actor {
  type: string;
  name?: string;
  arn?: string;
  sourceIp?: string;
  userAgent?: string;
}

/** What triggered the remediation, in short. */
export interface TriggerSummary {
  kind: 'cloudtrail' | 'guardduty' | 'config' | 'schedule';
  eventId: string;
  eventName: string;
  time: string;
  actor?: Actor;
  detail?: string;
  /** A GuardDuty finding's own severity (1-10). */
  severity?: number;
}

/** How bad the situation is, for the `severity` attribute subscribers filter on (GuardDuty's scale, plus INFO). */
export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What was exposed or blinded, as the remediation judged it: the notice's severity, and why. */
export interface Risk {
  level: Severity;
  why: string;
}

/**
 * What was done after a verified fix so that AWS Config and Security Hub agree with it (shared/followup): best effort,
 * it never changes the outcome; a failure is said, so the reader knows the console may lag.
 */
export interface FollowUp {
  service: 'config' | 'securityhub';
  status: 'done' | 'failed' | 'skipped';
  /** One line for people, e.g. `Config rule restricted-ssh re-evaluation started`. */
  summary: string;
  error?: string;
}

interface ResultBase {
  remediation: string;
  /** One short line for the notification subject, e.g. `Public ingress revoked on sg-0abc`. */
  headline: string;
  resource: ResourceRef;
  actions: Action[];
  kept: Kept[];
  reason: string;
  trigger: TriggerSummary;
  /** What a person must do because it cannot be done automatically (e.g. an organization trail). */
  actionNeeded?: string;
  /** The alerts channel itself was damaged: the notice also goes to the fallback topic and to the logs at ERROR. */
  channelDamaged?: boolean;
  /** What was exposed or blinded; without it the notice judges by resource type (shared/notify/severity.ts). */
  risk?: Risk;
  /** Why a `reported` result changed nothing, when it is not report mode (e.g. the sweep's write cap). */
  reportedWhy?: string;
  /** false: the event concerned only resources outside the baseline (logged, paged only with NOTIFY_NON_BASELINE=true). */
  baseline?: boolean;
  /** After a verified fix triggered by a Config rule: the rule's re-evaluation, the Security Hub finding's resolution. */
  followUps?: FollowUp[];
  /** The short id of this result's history row: `npm run undo -- <historyId>` (set when the stack has a history table). */
  historyId?: string;
  /** Why nothing was written although the fix was due: a grace period after an undo, or an exemption (shared/history). */
  gate?: GateNote;
}

/** A grace period or exemption that held a remediation back, as the notice tells it. */
export interface GateNote {
  kind: 'grace' | 'exemption';
  /** What it applies to: a resource, an action target, or `account 111122223333`. */
  target: string;
  until: string;
  reason: string;
  by: string;
  /** For a grace period: the history id of the result that was undone. */
  undoId?: string;
}

/** A remediation's result, tagged by outcome. `verified` is true only when a re-read showed the fix. */
export type RemediationResult =
  | (ResultBase & { outcome: 'remediated'; verified: true })
  | (ResultBase & { outcome: 'already-compliant'; verified: true })
  | (ResultBase & { outcome: 'reported'; verified: false })
  | (ResultBase & { outcome: 'skipped'; verified: false })
  | (ResultBase & { outcome: 'ignored'; verified: false })
  | (ResultBase & { outcome: 'failed'; verified: boolean; error: string });

/** Outcomes that reach ops through SNS; the others are only logged (a duplicate event must not page anyone twice). */
export const NOTIFIED_OUTCOMES: ReadonlySet<Outcome> = new Set(['remediated', 'reported', 'skipped', 'failed']);

/** Whether a result is told to people: a fix, report, skip or failure; a sweep's all-clear only with SWEEP_NOTIFY_COMPLIANT=true. */
export function isNotified(result: Pick<RemediationResult, 'outcome'>, trigger: { kind: string }, config: { sweep: { notifyCompliant: boolean } }): boolean {
  return NOTIFIED_OUTCOMES.has(result.outcome) || (trigger.kind === 'schedule' && result.outcome === 'already-compliant' && config.sweep.notifyCompliant);
}
