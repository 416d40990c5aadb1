/** Loads the real-world events (copied unchanged from ../shared/aws-events into test/fixtures) and rewrites IDs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'test', 'fixtures', 'aws-events');

/** A real-world EventBridge event, as a fresh mutable object. */
export function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(DIR, name.endsWith('.json') ? name : `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The same event with every occurrence of each key replaced by its value (e.g. the fixture's sg- ID by the emulator's). */
export function withIds<T>(event: T, replacements: Record<string, string>): T {
  let text = JSON.stringify(event);
  for (const [from, to] of Object.entries(replacements)) text = text.split(from).join(to);
  return JSON.parse(text) as T;
}
