/**
 * The alerts topic's data protection policy. The baseline has none: a statement that denies messages or
 * de-identifies (masks) them stops or garbles alerts. An audit-only policy changes no message and is left alone.
 * Pure functions only. See https://docs.aws.amazon.com/sns/latest/dg/sns-message-data-protection-policies.html
 */

/** The value that removes the topic's data protection policy. */
export const NO_DATA_PROTECTION_POLICY = '';

/** What in the policy keeps alerts from people, one line per statement; empty when nothing does. */
export function deliveryBlockers(policy: string | undefined): string[] {
  const text = (policy ?? '').trim();
  if (text === '') return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return ['an unreadable data protection policy'];
  }
  const raw = (doc as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return statements.flatMap((statement, index) => {
    const operation = statement.Operation && typeof statement.Operation === 'object' ? Object.keys(statement.Operation) : [];
    const blocking = operation.filter((op) => op === 'Deny' || op === 'Deidentify');
    if (blocking.length === 0) return [];
    const name = typeof statement.Sid === 'string' ? statement.Sid : `statement ${index + 1}`;
    const direction = typeof statement.DataDirection === 'string' ? statement.DataDirection : 'any';
    const verb = blocking.includes('Deny') ? 'denies' : 'masks';
    return [`${name} ${verb} ${direction.toLowerCase()} messages that match its data identifiers`];
  });
}
