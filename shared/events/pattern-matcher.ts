// Semantics follow the EventBridge user guide ("Amazon EventBridge event patterns", "Content filtering in
// Amazon EventBridge event patterns") and, where it is silent, aws/event-ruler, the engine behind EventBridge.
// Not implemented: dotted keys ("a.b" meaning a → b) and AWS's wildcard-complexity limit.
import { BlockList, isIP } from 'node:net';

type JsonScalar = string | number | boolean | null;
type JsonValue = JsonScalar | readonly JsonValue[] | { readonly [key: string]: JsonValue };
type Rec = Readonly<Record<string, unknown>>;

/** An EventBridge event pattern: a JSON object whose leaves are arrays of match values. */
export type EventPattern = { readonly [key: string]: JsonValue };

/** Raised by validatePattern so a bad pattern is told apart from other failures at load time. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
}

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArray = (v: unknown): v is readonly unknown[] => Array.isArray(v);
const isScalar = (v: unknown): v is JsonScalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
// Event arrays, even nested ones, are "crushed out": each element is matched as if it were the field's value.
const flatten = (v: unknown): unknown[] => (isArray(v) ? v.flatMap(flatten) : [v]);

const COMPARE = new Map<string, (value: number, bound: number) => boolean>([
  ['=', (v, b) => v === b], ['<', (v, b) => v < b], ['<=', (v, b) => v <= b], ['>', (v, b) => v > b], ['>=', (v, b) => v >= b],
]);

/** Tells whether an event matches a pattern; it does not re-validate, so call validatePattern once when loading. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchNode(pattern, event);
}

// An object pattern over an array of objects must be satisfied by one element as a whole, so sibling fields are
// never taken from different elements (event-ruler's rulesForJSONEvent "array-consistent" matching).
function matchNode(pattern: Rec, node: unknown): boolean {
  const items = flatten(node);
  return (items.length > 0 ? items : [undefined]).some((item) => matchFields(pattern, isRecord(item) ? item : {}));
}

function matchFields(pattern: Rec, obj: Rec): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (key === '$or' && isArray(sub)) return sub.some((branch) => isRecord(branch) && matchFields(branch, obj));
    if (isArray(sub)) return matchLeaf(sub, value);
    return isRecord(sub) && matchNode(sub, value);
  });
}

// exists only looks at leaf nodes: a field holding an object, or an empty array, counts as absent (docs example).
// Every other rule needs a present leaf, which is why anything-but never matches a missing field.
function matchLeaf(rules: readonly unknown[], value: unknown): boolean {
  const leaves = flatten(value).filter(isScalar);
  return rules.some((rule) =>
    isRecord(rule) && typeof rule.exists === 'boolean'
      ? rule.exists === leaves.length > 0
      : leaves.some((leaf) => matchRule(rule, leaf)),
  );
}

// Text operators: a number, boolean or null leaf never satisfies them, e.g. prefix "3" does not match 300.
const STRING_OPS = new Map<string, (text: string, arg: unknown) => boolean>([
  ['prefix', (text, arg) => affixMatches(arg, text, (s, part) => s.startsWith(part))],
  ['suffix', (text, arg) => affixMatches(arg, text, (s, part) => s.endsWith(part))],
  ['equals-ignore-case', (text, arg) => typeof arg === 'string' && text.toLowerCase() === arg.toLowerCase()],
  ['wildcard', (text, arg) => typeof arg === 'string' && wildcardRegExp(arg).test(text)],
  ['cidr', (text, arg) => typeof arg === 'string' && inCidr(arg, text)],
]);

function matchRule(rule: unknown, value: JsonScalar): boolean {
  // The docs say numbers compare by their text (300 ≠ 300.0), but JSON.parse keeps no text, and AWS was observed
  // matching 300.0 against [300] (LocalStack's AWS-validated pattern tests); a string never equals a number.
  if (!isRecord(rule)) return rule === value;
  const [op = '', arg] = Object.entries(rule)[0] ?? [];
  if (op === 'numeric') return typeof value === 'number' && isArray(arg) && numericMatches(arg, value);
  if (op === 'anything-but') return !anythingButExcludes(arg, value);
  const stringOp = STRING_OPS.get(op);
  return typeof value === 'string' && stringOp !== undefined && stringOp(value, arg);
}

function affixMatches(arg: unknown, text: string, test: (s: string, part: string) => boolean): boolean {
  if (typeof arg === 'string') return test(text, arg);
  const folded = isRecord(arg) ? arg['equals-ignore-case'] : undefined;
  return typeof folded === 'string' && test(text.toLowerCase(), folded.toLowerCase());
}

// A null leaf is still a present value, so anything-but matches it (as AWS does).
function anythingButExcludes(arg: unknown, value: JsonScalar): boolean {
  if (isArray(arg)) return arg.some((item) => item === value);
  if (!isRecord(arg)) return arg === value;
  const [op, inner] = Object.entries(arg)[0] ?? [];
  if (op === undefined) return false;
  return (isArray(inner) ? inner : [inner]).some((item) => matchRule({ [op]: item }, value));
}

function numericMatches(terms: readonly unknown[], value: number): boolean {
  for (let i = 0; i < terms.length; i += 2) {
    const compare = COMPARE.get(String(terms[i]));
    const bound = terms[i + 1];
    if (compare === undefined || typeof bound !== 'number' || !compare(value, bound)) return false;
  }
  return true;
}

// `\*` and `\\` are the only escapes the docs allow; a lone trailing backslash is its own token for validation.
const wildcardTokens = (glob: string): string[] => glob.match(/\\[\s\S]?|[\s\S]/g) ?? [];

function wildcardRegExp(glob: string): RegExp {
  const source = wildcardTokens(glob)
    .map((t) => (t === '*' ? '[\\s\\S]*' : t.slice(-1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

// node:net does the address arithmetic, so IPv6 costs nothing extra.
function parseCidr(cidr: string): { base: string; bits: number; family: number } | undefined {
  const [base = '', bits = '', ...rest] = cidr.split('/');
  const family = isIP(base);
  const valid = family !== 0 && rest.length === 0 && /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  return valid ? { base, bits: Number(bits), family } : undefined;
}

function inCidr(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr);
  if (block === undefined || isIP(ip) !== block.family) return false;
  const type = block.family === 4 ? 'ipv4' : 'ipv6';
  const subnet = new BlockList();
  subnet.addSubnet(block.base, block.bits, type);
  return subnet.check(ip, type);
}

/** Throws a PatternError naming the offending path, so a bad rule fails at load time instead of never matching. */
export function validatePattern(pattern: unknown): void {
  if (!isRecord(pattern)) fail('', 'a pattern must be a JSON object');
  validateObject(pattern, '');
}

function fail(path: string, message: string): never {
  throw new PatternError(`Invalid event pattern at ${path || '(root)'}: ${message}`);
}

function validateObject(obj: Rec, path: string): void {
  for (const [key, value] of Object.entries(obj)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      // event-ruler only treats "$or" as OR with 2+ objects; anything else would silently become a field name.
      if (!isArray(value) || value.length < 2 || !value.every(isRecord)) fail(at, 'must be an array of 2+ objects');
      value.forEach((branch, i) => validateObject(branch, `${at}[${i}]`));
    } else if (isArray(value)) {
      if (value.length === 0) fail(at, 'a leaf array must not be empty');
      value.forEach((rule, i) => validateRule(rule, `${at}[${i}]`));
    } else if (isRecord(value)) {
      validateObject(value, at);
    } else {
      fail(at, 'must be an object or an array of match values');
    }
  }
}

function validateRule(rule: unknown, path: string): void {
  if (isScalar(rule)) return;
  if (!isRecord(rule)) fail(path, 'a match value must be a string, number, boolean, null or operator object');
  const [entry, ...extra] = Object.entries(rule);
  if (entry === undefined || extra.length > 0) fail(path, 'an operator object must have exactly one key');
  const [op, arg] = entry;
  const at = `${path}.${op}`;
  switch (op) {
    case 'prefix':
    case 'suffix':
      if (typeof arg === 'string') return;
      if (isRecord(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string') return;
      return fail(at, 'must be a string or {"equals-ignore-case": string}');
    case 'equals-ignore-case':
      return typeof arg === 'string' ? undefined : fail(at, 'must be a string');
    case 'cidr':
      return typeof arg === 'string' && parseCidr(arg) ? undefined : fail(at, 'must be an IPv4 or IPv6 CIDR block');
    case 'wildcard':
      return validateWildcard(arg, at);
    case 'exists':
      return typeof arg === 'boolean' ? undefined : fail(at, 'must be true or false');
    case 'numeric':
      return validateNumeric(arg, at);
    case 'anything-but':
      return validateAnythingBut(arg, at);
    default:
      return fail(path, `unknown operator "${op}"`);
  }
}

const ANYTHING_BUT_OPS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'];

function validateAnythingBut(arg: unknown, at: string): void {
  if (typeof arg === 'string' || typeof arg === 'number') return;
  if (isArray(arg)) {
    if (arg.length > 0 && (arg.every((v) => typeof v === 'string') || arg.every((v) => typeof v === 'number'))) return;
    fail(at, 'a list must be non-empty and hold only strings or only numbers');
  }
  const [entry, ...extra] = isRecord(arg) ? Object.entries(arg) : [];
  if (entry === undefined || extra.length > 0 || !ANYTHING_BUT_OPS.includes(entry[0])) {
    fail(at, `must be a string, a number, a list of either, or one of {${ANYTHING_BUT_OPS.join('|')}}`);
  }
  const [op, inner] = entry;
  (isArray(inner) ? inner : [inner]).forEach((item, i) => {
    const itemAt = isArray(inner) ? `${at}.${op}[${i}]` : `${at}.${op}`;
    if (typeof item !== 'string') fail(itemAt, 'must be a string');
    // An empty prefix/suffix would exclude every string; AWS rejects it.
    if (item === '' && (op === 'prefix' || op === 'suffix')) fail(itemAt, 'must not be empty');
    if (op === 'wildcard') validateWildcard(item, itemAt);
  });
}

// Shape follows event-ruler: "=" alone, or an optional lower bound (>, >=) then an optional upper bound (<, <=).
function validateNumeric(arg: unknown, at: string): void {
  if (!isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) fail(at, 'must be a list of operator/number pairs');
  let shape = '';
  for (let i = 0; i < arg.length; i += 2) {
    const [op, bound] = [arg[i], arg[i + 1]];
    if (typeof op !== 'string' || !COMPARE.has(op)) fail(`${at}[${i}]`, `unknown numeric operator ${String(op)}`);
    if (typeof bound !== 'number') fail(`${at}[${i + 1}]`, `"${op}" must be followed by a number`);
    shape += op.charAt(0);
  }
  if (!['=', '<', '>', '><'].includes(shape)) fail(at, 'operators must form "=", one bound, or a ">… <…" range');
  if (shape === '><' && !(Number(arg[1]) < Number(arg[3]))) fail(at, 'the lower bound must be below the upper one');
}

function validateWildcard(arg: unknown, at: string): void {
  if (typeof arg !== 'string') fail(at, 'must be a string');
  let previous = '';
  for (const token of wildcardTokens(arg)) {
    if (token.startsWith('\\') && token !== '\\*' && token !== '\\\\') fail(at, 'only \\* and \\\\ may be escaped');
    if (token === '*' && previous === '*') fail(at, 'consecutive wildcard characters are not allowed');
    previous = token;
  }
}
