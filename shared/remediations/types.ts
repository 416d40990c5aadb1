/** What every remediation area provides, and what it is given. */
import type { Clients } from '../aws/clients';
import type { MemberAccess } from '../aws/member-clients';
import type { OrgUnits } from '../aws/org-units';
import type { Config } from '../config';
import type { Trigger } from '../events/trigger';
import type { TargetSweeper } from '../sweep/sweeper';
import type { GateNote, RemediationResult } from './result';

/** Dependencies passed down to remediation code, so tests swap clients without `jest.mock`. */
export interface Deps {
  config: Config;
  clients: Clients;
  /** Organization mode: clients acting in a member account through its member role. Absent in single-account mode. */
  members?: MemberAccess;
  /** ORG_OUS / ORG_EXCLUDED_OUS set: where accounts are in the organization (central credentials). Absent otherwise. */
  orgUnits?: OrgUnits;
  /**
   * Set by the pipeline's gate (shared/history/gate.ts) for a remediation that gates per resource: the grace period or
   * exemption holding back a resource known by any of `names` in `account`, or undefined. Absent: nothing is held back.
   */
  heldBack?: (names: readonly string[], account: string) => GateNote | undefined;
}

/** A registered remediation: its triggers, the IAM actions it calls, and how to run it. */
export interface Remediation {
  /** Stable id, also the Lambda function name in serverless.yml. */
  id: string;
  /** One line for people: what it repairs. */
  title: string;
  /** Every IAM action its code calls (besides logging and publishing the notification). */
  permissions: readonly string[];
  /** Events it reacts to, as documentation and for the registry test. */
  triggers: { cloudtrail?: readonly string[]; guardduty?: readonly string[]; config?: readonly string[] };
  /**
   * What is missing from the configuration for this remediation to protect anything (e.g. no baseline trail), or
   * undefined when it is fully armed. The pipeline sends a WARNING about it once a day, from the scheduled sweep.
   */
  unarmed?(config: Config): string | undefined;
  /** `false`: it protects the stack's own resources only, and a member account's event is not acted on (organization mode). */
  memberAccounts?: false;
  /**
   * `true`: one run may write on several resources (a sweep, a GuardDuty finding on several groups), and the run skips
   * each resource held back by a grace period or exemption itself (Deps.heldBack), repairing the others. Otherwise a
   * run that would write on a held-back resource is held back whole.
   */
  gatesPerResource?: true;
  /**
   * Its scheduled sweep, one account x region at a time: with more than one target (organization mode, SWEEP_REGIONS)
   * the run fans out over them (shared/sweep/dispatch.ts). Absent: the sweep checks the stack's account and region only.
   */
  sweeper?: TargetSweeper;
  /** Plans, applies (unless report mode) and verifies; never throws for an AWS failure, returns `failed`. */
  run(trigger: Trigger, deps: Deps): Promise<RemediationResult>;
}
