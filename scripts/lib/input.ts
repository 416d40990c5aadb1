/** Reads the event given to `npm run remediate`: from a file or stdin, as EventBridge would accept it. */
import { readFileSync } from 'node:fs';
import { EnvelopeSchema } from '../../shared/events/schemas';

/** EventBridge refuses an event over 256 KB (PutEvents entry size), so no rule could ever have received a larger one. */
export const MAX_EVENT_BYTES = 256 * 1024;

/** The input cannot be an EventBridge event. Nothing was changed. */
export class InputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Reads `source` (a path, or `-` for stdin) and parses it; throws InputError with a one-line reason. */
export function readEvent(source: string): Record<string, unknown> {
  return parseInput(source === '-' ? readFileSync(0) : readFile(source));
}

/** Parses the bytes of an event; a UTF-8 byte order mark (as some Windows editors write) is accepted. */
export function parseInput(input: Buffer | string): Record<string, unknown> {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > MAX_EVENT_BYTES) throw new InputError(`input is ${bytes} bytes: EventBridge accepts events up to ${MAX_EVENT_BYTES} bytes (256 KB), so no rule could receive it`);
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`input is not JSON: ${(error as Error).message}`);
  }
  const parsed = EnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`input is not an EventBridge event: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return value as Record<string, unknown>;
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
