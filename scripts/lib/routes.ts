/** Routes an event the way EventBridge would: to every function with a declared pattern that matches it. */
import { matchesPattern } from '../../shared/events/pattern-matcher';
import type { DeclaredFunction } from './serverless-config';

/** The functions whose EventBridge patterns match the event. */
export function route(functions: readonly DeclaredFunction[], event: unknown): DeclaredFunction[] {
  return functions.filter((fn) => fn.patterns.some((pattern) => matchesPattern(pattern, event)));
}
