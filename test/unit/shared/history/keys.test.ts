/** Short ids people type, and exemption expiries. */
import { expiryOf } from '../../../../shared/history/exemptions';
import { isShortId, shortIdOf } from '../../../../shared/history/keys';

it('gives each row a short id of 10 unambiguous letters and digits, the same for the same key', () => {
  const id = shortIdOf('notice#revoke-open-ingress#AuthorizeSecurityGroupIngress#e-1');

  expect([isShortId(id), id === shortIdOf('notice#revoke-open-ingress#AuthorizeSecurityGroupIngress#e-1'), id === shortIdOf('notice#revoke-open-ingress#AuthorizeSecurityGroupIngress#e-2')]).toEqual([true, true, false]);
  expect(id).not.toMatch(/[01ilo]/);
});

it('reads an exemption expiry as a duration or a date, and refuses one in the past', () => {
  const now = new Date('2026-12-06T00:00:00Z');

  expect(expiryOf('30d', now).toISOString()).toBe('2027-01-05T00:00:00.000Z');
  expect(expiryOf('2026-12-31', now).toISOString()).toBe('2026-12-31T00:00:00.000Z');
  expect(() => expiryOf('2026-01-01', now)).toThrow(/in the past/);
  expect(() => expiryOf('soon', now)).toThrow(/must be a date/);
});
