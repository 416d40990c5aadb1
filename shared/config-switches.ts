/**
 * Per-remediation switches, read from REMEDIATION_SWITCHES (serverless param `switches`): a JSON object naming, per
 * function, `disabled` (nothing read, nothing changed: the outcome is `skipped` and says so), `report` or `enforce`
 * (overrides REMEDIATION_MODE for that function). A function not named follows REMEDIATION_MODE.
 *
 * Organization mode can add a per-account layer without changing the callers: `switchFor` takes the account the event
 * is about, and an `accounts` map (account id -> the same per-function object) would be consulted before `functions`.
 */
import { z } from 'zod';
import { ConfigError } from './errors';
import { errorText } from './config-parse';
import { FUNCTION_NAMES, type FunctionName } from './baseline/roles';
import type { Mode } from './config';

/** What a switch can say about one function. */
export const SWITCH_STATES = ['disabled', 'report', 'enforce'] as const;
export type SwitchState = (typeof SWITCH_STATES)[number];

/** The validated switches: per function (and, with organization mode, per account). */
export interface Switches {
  functions: Partial<Record<FunctionName, SwitchState>>;
}

/** How one function runs for one event: switched off, or in which mode; `source` names the setting that decided. */
export type Gate = { state: 'disabled'; source: string } | { state: Mode; source: string };

const SwitchesSchema = z.partialRecord(
  z.enum(FUNCTION_NAMES, { error: `must be a function name (${FUNCTION_NAMES.join(', ')})` }),
  z.enum(SWITCH_STATES, { error: `must be one of ${SWITCH_STATES.join(', ')}` }),
);

/** The switches, or a ConfigError naming the bad entry. Empty or unset: every function follows REMEDIATION_MODE. */
export function parseSwitches(text: string | undefined): Switches {
  if (text === undefined || text.trim() === '') return { functions: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`Invalid configuration: REMEDIATION_SWITCHES must be a JSON object such as {"revoke-open-ingress": "report"} (${errorText(cause)})`, { cause });
  }
  const unknown = json && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json).filter((k) => !(FUNCTION_NAMES as readonly string[]).includes(k)) : [];
  if (unknown.length > 0) throw new ConfigError(`Invalid configuration: REMEDIATION_SWITCHES names ${unknown.map((k) => `"${k}"`).join(', ')}, not a function of the stack (${FUNCTION_NAMES.join(', ')})`);
  const parsed = SwitchesSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: REMEDIATION_SWITCHES ${errorText(parsed.error)} (e.g. {"revoke-open-ingress": "disabled", "restore-alarms": "report"})`);
  return { functions: parsed.data as Partial<Record<FunctionName, SwitchState>> };
}

/** How `fn` runs for an event about `account` (the account is unused until organization mode adds per-account switches). */
export function switchFor(switches: Switches, mode: Mode, fn: string, _account?: string): Gate {
  const state = switches.functions[fn as FunctionName];
  if (!state) return { state: mode, source: `REMEDIATION_MODE=${mode}` };
  return { state, source: `REMEDIATION_SWITCHES ${fn}=${state}` };
}

/** The functions switched off, in FUNCTION_NAMES order (the daily WARNING names them). */
export function disabledFunctions(switches: Switches): FunctionName[] {
  return FUNCTION_NAMES.filter((fn) => switches.functions[fn] === 'disabled');
}

/**
 * The functions a switch keeps to `report` while the stack enforces: they find and report, and repair nothing. Each
 * drift still yields a notice, but a quiet week would hide it; the daily WARNING names them with the switched-off ones.
 */
export function reportOnlyFunctions(switches: Switches, mode: Mode): FunctionName[] {
  return mode === 'enforce' ? FUNCTION_NAMES.filter((fn) => switches.functions[fn] === 'report') : [];
}
