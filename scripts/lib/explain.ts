/**
 * Says why an event reached no function (which declared patterns came closest, and on which fields they differ), so
 * `npm run remediate` never answers "ignored" without a reason a person can act on.
 */
import { matchesPattern, type EventPattern } from '../../shared/events/pattern-matcher';
import type { DeclaredFunction } from './serverless-config';

/** One function whose pattern came closest, and the fields on which it differs from the event. */
export interface NearMiss {
  function: string;
  differences: string[];
}

/** The lines to print when no pattern matches: what the event is, and the nearest patterns with their differences. */
export function explainUnmatched(functions: readonly DeclaredFunction[], event: Record<string, unknown>, stage: string): string[] {
  const lines = [`no function's EventBridge pattern in serverless.yml (resolved for stage "${stage}") matches this event: ${describeEvent(event)}`];
  for (const miss of nearestMisses(functions, event)) lines.push(`closest: ${miss.function}, which differs on ${miss.differences.join('; ')}`);
  return lines;
}

/** source, detail-type and, for an API call, the eventSource and eventName. */
export function describeEvent(event: Record<string, unknown>): string {
  const detail = (event.detail ?? {}) as Record<string, unknown>;
  const parts = [`source ${String(event.source)}`, `detail-type "${String(event['detail-type'])}"`];
  if (typeof detail.eventSource === 'string') parts.push(`eventSource ${detail.eventSource}`);
  if (typeof detail.eventName === 'string') parts.push(`eventName ${detail.eventName}`);
  if (typeof detail.type === 'string') parts.push(`finding type ${detail.type}`);
  if (typeof detail.configRuleName === 'string') parts.push(`Config rule ${detail.configRuleName}`);
  return parts.join(', ');
}

/** The functions whose best pattern differs from the event on the fewest fields (the ties, at most three). */
export function nearestMisses(functions: readonly DeclaredFunction[], event: Record<string, unknown>): NearMiss[] {
  const misses = functions
    .map((fn) => ({ function: fn.name, differences: fewest(fn.patterns.map((pattern) => differences(pattern, event))) }))
    .filter((miss) => miss.differences.length > 0);
  const best = Math.min(...misses.map((m) => m.differences.length));
  return misses.filter((m) => m.differences.length === best).slice(0, 3);
}

function fewest(lists: string[][]): string[] {
  return lists.reduce<string[]>((min, list) => (min.length === 0 || list.length < min.length ? list : min), []);
}

/** The pattern's fields (top level, and one level into `detail`) that the event does not match, each with both values. */
function differences(pattern: EventPattern, event: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [key, rule] of Object.entries(pattern)) {
    const nested = key === 'detail' && rule && typeof rule === 'object' && !Array.isArray(rule);
    const fields = nested ? Object.entries(rule as EventPattern).map(([sub, subRule]) => ({ path: ['detail', sub], pattern: { detail: { [sub]: subRule } } as EventPattern })) : [{ path: [key], pattern: { [key]: rule } as EventPattern }];
    for (const field of fields) {
      if (matchesPattern(field.pattern, event)) continue;
      const expected = field.path.reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], field.pattern);
      found.push(`${field.path.join('.')} (pattern ${short(expected)}, event ${short(valueAt(event, field.path))})`);
    }
  }
  return found;
}

function valueAt(event: Record<string, unknown>, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), event);
}

function short(value: unknown): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
