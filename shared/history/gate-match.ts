/**
 * Does a grace period or an exemption hold this result back? Pure: given what the remediation would write (its report
 * mode result) and the stored entries, the entry that applies, and the result to return instead.
 */
import type { GateNote, RemediationResult } from '../remediations/result';
import type { GateEntry } from './gates';

/** The entries still in force at `now` (an expired one is ignored; npm run exemptions shows it as expired). */
export function inForce(entries: readonly GateEntry[], now: Date): GateEntry[] {
  return entries.filter((e) => Date.parse(e.until) > now.getTime());
}

/** Whether some entry could hold back a run in this account (so the run is previewed in report mode first). */
export function mayApply(entries: readonly GateEntry[], account: string): boolean {
  return entries.some((e) => e.kind === 'grace' || e.scope === 'resource' || e.target === account);
}

/** Every name the result's writes go to: its resource (id, ARN, name) and each planned action's target and group. */
export function touched(result: RemediationResult): Set<string> {
  const names = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value !== '') names.add(value);
  };
  [result.resource.id, result.resource.arn, result.resource.name].forEach(add);
  for (const action of result.actions.filter((a) => a.status === 'planned')) {
    add(action.target);
    // A security-group rule's target is `sg-0abc sgr-0def`: the group is its resource.
    action.target.split(' ').forEach(add);
    add(action.params.GroupId);
  }
  return names;
}

/** The entry that holds this (report mode) result back, exemptions first; undefined when none does. */
export function matchGate(preview: RemediationResult, entries: readonly GateEntry[], now: Date): GateNote | undefined {
  if (!preview.actions.some((a) => a.status === 'planned')) return undefined;
  return gateFor(touched(preview), preview.resource.account, entries, now);
}

/**
 * THE match, for a whole result (matchGate) and for one resource of a multi-resource run (a sweep, a GuardDuty finding
 * on several groups: Deps.heldBack): the in-force entry on one of `names` or on `account`, exemptions first.
 */
export function gateFor(names: ReadonlySet<string>, account: string, entries: readonly GateEntry[], now: Date): GateNote | undefined {
  const live = inForce(entries, now);
  const exemption = live.find((e) => e.kind === 'exemption' && (e.scope === 'account' ? e.target === account : names.has(e.target)));
  const grace = live.find((e) => e.kind === 'grace' && names.has(e.target));
  const hit = exemption ?? grace;
  if (!hit) return undefined;
  const target = hit.kind === 'exemption' && hit.scope === 'account' ? `account ${hit.target}` : hit.target;
  return { kind: hit.kind, target, until: hit.until, reason: hit.reason, by: hit.by, ...(hit.kind === 'grace' ? { undoId: hit.undoId } : {}) };
}

/** One line on why a resource was held back (a kept item's reason in a multi-resource run). */
export function gateLine(gate: GateNote): string {
  if (gate.kind === 'grace') return `grace period on ${gate.target} until ${gate.until}, after undo ${gate.undoId ?? ''} by ${gate.by}`;
  return `exempt: ${gate.target} until ${gate.until} (${gate.reason}; added by ${gate.by})`;
}

/** The result told instead: reported during a grace period, skipped under an exemption; nothing was written. */
export function gatedResult(preview: RemediationResult, gate: GateNote): RemediationResult {
  const would = preview.reason.replace(/^Report mode: /, '');
  const headline = preview.headline.replace(/ \(report mode\)$/, '');
  if (gate.kind === 'grace') {
    return {
      ...preview,
      gate,
      outcome: 'reported',
      verified: false,
      headline: `${headline} (grace period)`,
      reason: `Grace period on ${gate.target} until ${gate.until}, after undo ${gate.undoId ?? ''} by ${gate.by}: nothing was changed (it ${would})`,
    };
  }
  return {
    ...preview,
    gate,
    outcome: 'skipped',
    verified: false,
    headline: `${headline} (exempt)`,
    reason: `Exempt: ${gate.target} until ${gate.until} (${gate.reason}; added by ${gate.by}): nothing was changed (it ${would})`,
  };
}
