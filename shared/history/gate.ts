/**
 * The gate, checked once in the pipeline before a remediation writes: when a grace period (after an undo) or an
 * exemption may apply, the remediation first runs in report mode; if what it would write touches a gated resource or
 * account, that report is the result (reported, or skipped), and nothing is written. Otherwise it runs as configured.
 * A remediation that writes on several resources in one run (gatesPerResource) is given the match instead
 * (Deps.heldBack) and holds back only the gated resources: one exempt group does not stop a sweep fixing the others.
 * Grace periods and exemptions are written only by the admin CLIs (npm run undo, npm run exemptions), never by an event.
 */
import { errorMessage } from '../errors';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import type { RemediationResult } from '../remediations/result';
import type { Deps, Remediation } from '../remediations/types';
import { gatedResult, gateFor, inForce, matchGate, mayApply } from './gate-match';
import { readGates, type GateEntry } from './gates';

/** Runs the remediation (`run` is the pipeline's guarded run) under the grace periods and exemptions that apply. */
export async function gatedRun(remediation: Remediation, trigger: Trigger, deps: Deps, run: (deps: Deps) => Promise<RemediationResult>): Promise<RemediationResult> {
  const entries = await gatesOf(remediation, deps);
  const now = new Date(Date.now());
  if (!mayApply(inForce(entries, now), trigger.account)) return run(deps);
  // Per resource: the remediation skips (and reports) each held-back resource and repairs the others.
  if (remediation.gatesPerResource) return run({ ...deps, heldBack: (names, account) => gateFor(new Set(names), account, entries, now) });
  const report = deps.config.mode === 'report';
  const preview = await run(report ? deps : { ...deps, config: { ...deps.config, mode: 'report' } });
  const gate = matchGate(preview, entries, now);
  if (gate) {
    logger.info('Held back by a grace period or exemption: reported, not changed', { gate });
    return gatedResult(preview, gate);
  }
  // Nothing gated would be written: the preview is the result in report mode, else the run goes ahead.
  return report || !preview.actions.some((a) => a.status === 'planned') ? preview : run(deps);
}

/**
 * The match a per-resource run is given (Deps.heldBack), for runs outside the pipeline (npm run sweep -- --enforce):
 * undefined when nothing is in force (or no table).
 */
export async function heldBackOf(remediation: Remediation, deps: Deps): Promise<Deps['heldBack']> {
  const entries = await gatesOf(remediation, deps);
  const now = new Date(Date.now());
  if (inForce(entries, now).length === 0) return undefined;
  return (names, account) => gateFor(new Set(names), account, entries, now);
}

/** The stored entries; none without a table. An unreadable table gates nothing: a repair is never stopped by it. */
async function gatesOf(remediation: Remediation, deps: Deps): Promise<GateEntry[]> {
  const table = deps.config.historyTableName;
  if (!table) return [];
  try {
    return await readGates({ clients: deps.clients, table, region: deps.config.region }, remediation.id);
  } catch (error) {
    logger.error('Grace periods and exemptions unreadable: remediating as if there were none', { error: errorMessage(error) });
    return [];
  }
}
