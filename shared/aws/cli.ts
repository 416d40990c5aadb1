/** Writing AWS CLI commands for people (undo and apply lines): values as single-quoted shell words. */

/** One shell word, whatever the value holds (a policy document may itself hold quotes). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A value as one shell word of JSON (for `--cli-input-json` and JSON-valued options). */
export function quotedJson(value: unknown): string {
  return shellQuote(JSON.stringify(value));
}
