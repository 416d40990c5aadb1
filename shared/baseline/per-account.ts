/**
 * The baselines of one account and region: the trail and backstop settings with `${AccountId}` and `${Region}`
 * resolved for the account and region a remediation acts in (shared/config-tokens.ts). Pure; the pipeline calls it
 * once per run where it chooses the account (shared/org.ts), so the remediations read `config.trail` and
 * `config.backstops` as they always did.
 */
import type { Config } from '../config';
import { resolveDeep } from '../config-tokens';

/**
 * `config` with its baselines for `account` in `region`; `config` itself when no setting carries a token. The trail's
 * `${Region}` is its home region, where it is written (never the event's: an event of another region, e.g. about
 * another trail, would otherwise redirect the baseline trail's delivery there).
 */
export function baselineFor(config: Config, account: string, region: string): Config {
  const templates = config.perAccount;
  if (!templates) return config;
  const trail = templates.trail ? resolveDeep(templates.trail, account, templates.trail.homeRegion) : undefined;
  return { ...config, ...(trail ? { trail } : {}), backstops: resolveDeep(templates.backstops, account, region) };
}
