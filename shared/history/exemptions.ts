/**
 * Exemptions (npm run exemptions): per resource or per account, each with a reason and an expiry, kept in the history
 * table, where only admins may write (not a tag: anyone allowed ec2:CreateTags could exempt a group they opened).
 * An exempted result is `skipped`, with the reason and expiry in the notice; an expired exemption is ignored.
 */
import { ConfigError } from '../errors';
import { putEntries, readExemptions, removeEntry, attributeOf, type Exemption, type TablePlace } from './gates';
import { EXEMPTIONS_KEY } from './keys';

/** The longest an exemption may last: one year (it must be renewed, with a reason, to go on). */
export const MAX_EXEMPTION_DAYS = 366;

/** What an admin asks for. `until`: an ISO date or time, or a duration from now (`12h`, `30d`). */
export interface ExemptionRequest {
  scope: 'resource' | 'account';
  target: string;
  reason: string;
  until: string;
  by: string;
}

/** An exemption as listed: with whether it has expired. */
export type ListedExemption = Exemption & { expired: boolean };

/** Checks and stores an exemption (replacing one on the same resource or account). Throws ConfigError on bad input. */
export async function addExemption(place: TablePlace, request: ExemptionRequest, now = new Date()): Promise<Exemption> {
  if (request.reason.trim().length < 3) throw new ConfigError('an exemption needs a reason (--reason "ticket SEC-42: public SFTP")');
  if (request.scope === 'account' && !/^\d{12}$/.test(request.target)) throw new ConfigError(`--account must be a 12-digit account id, got "${request.target}"`);
  if (request.scope === 'resource' && !/^[\w:/.@+=,#-]{3,2048}$/.test(request.target)) throw new ConfigError(`--resource must be a resource id or ARN (sg-0abc, an alarm name, a trail ARN), got "${request.target}"`);
  const until = expiryOf(request.until, now);
  const exemption: Exemption = { kind: 'exemption', scope: request.scope, target: request.target, until: until.toISOString(), by: request.by, reason: request.reason.trim(), at: now.toISOString() };
  await putEntries(place, EXEMPTIONS_KEY, [exemption]);
  return exemption;
}

/** Removes the exemption of a resource or account; false when there was none. */
export async function removeExemption(place: TablePlace, scope: Exemption['scope'], target: string): Promise<boolean> {
  const known = (await readExemptions(place)).some((e) => e.scope === scope && e.target === target);
  if (known) await removeEntry(place, EXEMPTIONS_KEY, attributeOf({ kind: 'exemption', scope, target }));
  return known;
}

/** Every exemption, soonest to expire first, expired ones marked. */
export async function listExemptions(place: TablePlace, now = new Date()): Promise<ListedExemption[]> {
  return (await readExemptions(place)).map((e) => ({ ...e, expired: Date.parse(e.until) <= now.getTime() })).sort((a, b) => a.until.localeCompare(b.until));
}

/** `30d`, `12h`, or an ISO date/time, in the future and at most MAX_EXEMPTION_DAYS away. */
export function expiryOf(text: string, now: Date): Date {
  const duration = /^(\d{1,4})([hd])$/.exec(text);
  const until = duration ? new Date(now.getTime() + Number(duration[1]) * (duration[2] === 'd' ? 86_400_000 : 3_600_000)) : new Date(text);
  if (Number.isNaN(until.getTime())) throw new ConfigError(`--expires must be a date (2026-12-31), a time (2026-12-31T18:00:00Z) or a duration (12h, 30d), got "${text}"`);
  if (until.getTime() <= now.getTime()) throw new ConfigError(`--expires ${text} is in the past`);
  if (until.getTime() - now.getTime() > MAX_EXEMPTION_DAYS * 86_400_000) throw new ConfigError(`--expires ${text} is more than ${MAX_EXEMPTION_DAYS} days away: renew an exemption instead`);
  return until;
}
