/**
 * The baselines of one account and region: the trail and backstop settings with `${AccountId}` and `${Region}`
 * resolved for the account and region a remediation acts in (shared/config-tokens.ts). Pure; the pipeline calls it
 * once per run where it chooses the account (shared/org.ts), so the remediations read `config.trail` and
 * `config.backstops` as they always did.
 */
import type { Config } from '../config';
import { resolveDeep } from '../config-tokens';

/** `config` with its baselines for `account` in `region`; `config` itself when no setting carries a token. */
export function baselineFor(config: Config, account: string, region: string): Config {
  const templates = config.perAccount;
  if (!templates) return config;
  const trail = templates.trail ? resolveDeep(templates.trail, account, region) : undefined;
  return { ...config, ...(trail ? { trail } : {}), backstops: resolveDeep(templates.backstops, account, region) };
}
