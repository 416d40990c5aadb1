/**
 * Per-account baseline settings (organization mode, or several regions): `${AccountId}` and `${Region}` in the settings
 * that name a bucket, a key or an ARN stand for the account and region a remediation acts in, so a member's trail
 * gets the member's own log group and role (README "Organization", "Baselines in every account").
 *
 * The spelling survives both layers it passes through: osls leaves `${AccountId}` alone (its variables have a source,
 * `${param:...}`, `${self:...}`), a Lambda environment value is a plain string to CloudFormation, and where
 * serverless.yml puts such a setting into an IAM policy it goes through `Fn::Sub` with `AccountId` and `Region` mapped
 * to the stack's own (no colon: the ARN's fields still split on `:`).
 */

/** The tokens, by name: what each is replaced with. */
export const TOKENS = ['AccountId', 'Region'] as const;

/** The settings that may carry tokens: buckets, prefixes, keys and ARNs, which differ per account. */
export const TOKEN_VARIABLES = [
  'TRAIL_S3_BUCKET',
  'TRAIL_S3_KEY_PREFIX',
  'TRAIL_KMS_KEY_ID',
  'TRAIL_CLOUDWATCH_LOG_GROUP_ARN',
  'TRAIL_CLOUDWATCH_ROLE_ARN',
  'CONFIG_RECORDER_ROLE_ARN',
  'CONFIG_DELIVERY_BUCKET',
  'CONFIG_DELIVERY_PREFIX',
] as const;

/**
 * Names matched as such in every account, by the rules' event patterns and the IAM policies (one pattern serves all
 * accounts): no token. The log group's name inside TRAIL_CLOUDWATCH_LOG_GROUP_ARN is one of them.
 */
const NAME_VARIABLES = ['TRAIL_NAME', 'TRAIL_HOME_REGION', 'ALARM_LOG_GROUP_NAME', 'CONFIG_RECORDER_NAME'];

const TOKEN = /\$\{([^}]*)\}/g;

type Env = Record<string, string | undefined>;

/** What is wrong with the tokens of `env` (empty: nothing), each naming its variable. */
export function tokenProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const name of TOKEN_VARIABLES) {
    const value = env[name];
    if (value === undefined) continue;
    const unknown = [...value.matchAll(TOKEN)].map((m) => m[0]).filter((t) => !(TOKENS as readonly string[]).includes(t.slice(2, -1)));
    if (unknown.length > 0) problems.push(`${name} uses unknown token${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: \${AccountId}, \${Region})`);
    else if (value.replace(TOKEN, '').includes('${')) problems.push(`${name} has an unclosed token: write \${AccountId} or \${Region}`);
  }
  const group = /:log-group:(.*)$/.exec(env.TRAIL_CLOUDWATCH_LOG_GROUP_ARN ?? '')?.[1];
  if (group?.includes('${')) problems.push('TRAIL_CLOUDWATCH_LOG_GROUP_ARN names its log group with a token: the log group name is the same in every account (the rules match it by name); use tokens in the account and region fields only (arn:aws:logs:${Region}:${AccountId}:log-group:NAME:*)');
  for (const name of NAME_VARIABLES) {
    if (env[name]?.includes('${')) problems.push(`${name} is a name, the same in every account (the rules and IAM policies match it as written): tokens are allowed only in ${TOKEN_VARIABLES.join(', ')}`);
  }
  return problems;
}

/** `value` with its tokens replaced by `account` and `region`. */
export function resolveTokens(value: string, account: string, region: string): string {
  return value.replace(TOKEN, (token, name: string) => (name === 'AccountId' ? account : name === 'Region' ? region : token));
}

/** `env` with the tokens of the token variables resolved for `account` and `region` (other variables as they are). */
export function withTokensResolved(env: Env, account: string, region: string): Env {
  const copy: Env = { ...env };
  for (const name of TOKEN_VARIABLES) {
    const value = copy[name];
    if (value !== undefined) copy[name] = resolveTokens(value, account, region);
  }
  return copy;
}

/** The token variables of `env` that carry a token, as written (empty: every setting is the same in every account). */
export function tokenTemplates(env: Env): Partial<Record<(typeof TOKEN_VARIABLES)[number], string>> {
  return Object.fromEntries(TOKEN_VARIABLES.filter((name) => /\$\{(AccountId|Region)\}/.test(env[name] ?? '')).map((name) => [name, env[name] as string]));
}

/** Every string inside `value` (objects, arrays) with its tokens resolved for `account` and `region`. */
export function resolveDeep<T>(value: T, account: string, region: string): T {
  if (typeof value === 'string') return resolveTokens(value, account, region) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => resolveDeep(v, account, region)) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, account, region)])) as T;
  return value;
}
