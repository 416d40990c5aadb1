/**
 * GuardDuty suppression rules, judged against the finding types chain-guard relies on. A filter whose action is
 * ARCHIVE archives every new finding it matches, and "the suppressed findings are not sent to any of the AWS services
 * with which you may integrate" (https://docs.aws.amazon.com/guardduty/latest/ug/create-suppression-rules-guardduty.html):
 * one matching Stealth:IAMUser/CloudTrailLoggingDisabled silences reenable-trail's backstop exactly when the CloudTrail
 * path is blind. Pure: the remediation and the doctor read the filters, this decides.
 *
 * Conditions (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Condition.html): Equals/NotEquals (and the
 * deprecated Eq/Neq) take up to 50 strings, Matches/NotMatches wildcard strings (create-filter and update-filter only),
 * GreaterThan/GreaterThanOrEqual/LessThan/LessThanOrEqual (and the deprecated Gt/Gte/Lt/Lte) a number. Criteria on
 * different fields are ANDed; "multiple values for the same attribute are evaluated as AND/OR"
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_filter-findings.html).
 *
 * Conservative: a type is spared only when the `type` criterion certainly excludes it (or the rule only archives
 * sample findings, which chain-guard refuses anyway). Severity, account, region and resource criteria do not spare
 * it: chain-guard's types are LOW-rated (CloudTrailLoggingDisabled is 2; the ingress findings LOW or HIGH by direction),
 * so "archive every LOW finding", the commonest noise rule, is exactly the one that blinds the backstop; AWS may re-rate;
 * an account or resource list still archives our findings for what it lists. They are named, for a person to judge.
 */
import type { Condition, FindingCriteria } from '@aws-sdk/client-guardduty';

/** What a filter does to chain-guard's finding types. */
export interface FilterVerdict {
  /** The types it can archive (empty: harmless, or not a suppression rule). */
  archives: string[];
  /** Its `type` criterion as people read it (`type NotEquals ["Recon:EC2/PortScan"]`), or `no type criterion`. */
  typeCriterion: string;
  /** Its other criteria: they may narrow what it archives, but are not judged (see above). */
  narrowing: string[];
  /** Operators on `type` that could not be evaluated (a number comparison, an unknown operator): counted as matching. */
  unsure: string[];
}

/** The fields GuardDuty filters on that decide a finding's type, and whether it is a sample. */
const TYPE = 'type';
const SAMPLE = 'service.additionalInfo.sample';

type Operator = keyof Condition;
const EQUALS: readonly string[] = ['Equals', 'Eq'];
const NOT_EQUALS: readonly string[] = ['NotEquals', 'Neq'];
/** The operators judged on `type`; any other (a number comparison, one AWS adds later) is unsure. */
const JUDGED: readonly string[] = [...EQUALS, ...NOT_EQUALS, 'Matches', 'NotMatches'];

/** `severity LessThan 4`, `type Equals ["a","b"]`: each operator of a criterion. */
export function describeCriterion(field: string, condition: Condition): string[] {
  return operators(condition).map(([op, value]) => `${field} ${op} ${JSON.stringify(value)}`);
}

/** Judges one filter (action and criteria as GetFilter returns them) against `types`. */
export function judgeFilter(filter: { action?: string; findingCriteria?: FindingCriteria }, types: readonly string[]): FilterVerdict {
  const criterion = filter.findingCriteria?.Criterion ?? {};
  const type = criterion[TYPE];
  const narrowing = Object.entries(criterion)
    .filter(([field]) => field !== TYPE)
    .flatMap(([field, condition]) => describeCriterion(field, condition));
  const verdict: FilterVerdict = { archives: [], typeCriterion: type ? describeCriterion(TYPE, type).join(' and ') || `${TYPE} (no operator)` : 'no type criterion', narrowing, unsure: [] };
  // NOOP (the default) only saves a view of the findings: nothing is archived.
  if ((filter.action ?? 'NOOP').toUpperCase() === 'NOOP') return verdict;
  if (onlySamples(criterion[SAMPLE])) return verdict;
  if (!type) return { ...verdict, archives: [...types] };
  verdict.unsure = operators(type)
    .filter(([op]) => !JUDGED.includes(op))
    .map(([op, value]) => `${TYPE} ${op} ${JSON.stringify(value)}`);
  // Several operators on one field: AND or OR is not documented; a type counts as spared only when every operator excludes it.
  const ops = operators(type);
  verdict.archives = types.filter((t) => ops.length === 0 || !ops.every(([op, value]) => excludes(op, value, t)));
  return verdict;
}

function operators(condition: Condition): [Operator, unknown][] {
  return (Object.entries(condition) as [Operator, unknown][]).filter(([, value]) => value !== undefined && value !== null);
}

/**
 * True when the operator certainly excludes findings of type `t`; false when it keeps them or cannot be judged.
 * Equality that keeps and patterns that match are read loosely (case-insensitive, `*` and `?` wildcards); equality
 * and patterns that exclude strictly (exact, `*` only): either way the doubt counts as "can archive".
 */
function excludes(op: Operator, value: unknown, t: string): boolean {
  const values = Array.isArray(value) ? value.map(String) : [];
  if (EQUALS.includes(op)) return !values.some((v) => v.toLowerCase() === t.toLowerCase());
  if (NOT_EQUALS.includes(op)) return values.includes(t);
  if (op === 'Matches') return !values.some((p) => wildcard(p, true).test(t));
  if (op === 'NotMatches') return values.some((p) => wildcard(p, false).test(t));
  return false;
}

function wildcard(pattern: string, loose: boolean): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${loose ? escaped.replace(/\?/g, '.') : escaped.replace(/\?/g, '\\?')}$`, loose ? 'i' : '');
}

/** A criterion that keeps only sample findings (Equals "true"): real findings, the only ones chain-guard acts on, are spared. */
function onlySamples(condition: Condition | undefined): boolean {
  const ops = condition ? operators(condition) : [];
  return ops.length > 0 && ops.every(([op, value]) => EQUALS.includes(op) && Array.isArray(value) && value.length > 0 && value.every((v) => String(v).toLowerCase() === 'true'));
}

/**
 * The criteria narrowed so that the rule spares `types`, when that can be said as one criterion: no `type` criterion,
 * or a NotEquals/Neq one (our types added), or an Equals/Eq one (our types removed; undefined when nothing is left).
 */
export function narrowedCriteria(criteria: FindingCriteria | undefined, types: readonly string[]): FindingCriteria | undefined {
  const criterion = { ...(criteria?.Criterion ?? {}) };
  const type = criterion[TYPE];
  const ops = type ? operators(type) : [];
  if (ops.length === 0) return { Criterion: { ...criterion, [TYPE]: { NotEquals: [...types] } } };
  if (ops.length !== 1) return undefined;
  const [op, value] = ops[0] as [Operator, unknown];
  const values = Array.isArray(value) ? value.map(String) : [];
  if (NOT_EQUALS.includes(op)) return { Criterion: { ...criterion, [TYPE]: { NotEquals: [...new Set([...values, ...types])] } } };
  if (EQUALS.includes(op)) {
    const kept = values.filter((v) => !types.some((t) => t.toLowerCase() === v.toLowerCase()));
    return kept.length > 0 ? { Criterion: { ...criterion, [TYPE]: { Equals: kept } } } : undefined;
  }
  return undefined;
}
