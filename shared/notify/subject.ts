/** The SNS subject: one line, printable ASCII, under 100 characters, starting with the outcome. */
import type { RemediationResult } from '../remediations/result';

// SNS: subjects must be "less than 100 characters long".
export const SUBJECT_MAX = 99;
const ELLIPSIS = '...';

/**
 * `[REMEDIATED] Public ingress revoked on sg-0abc (111122223333 us-east-1)`. When it is too long, the middle of the
 * headline is shortened: the outcome, the start and the end of the headline (usually the resource), and the account and
 * region are kept.
 */
export function subjectOf(result: RemediationResult): string {
  const tag = `[${result.outcome.toUpperCase()}] `;
  const where = ` (${asciiLine(`${result.resource.account} ${result.resource.region}`)})`;
  const headline = asciiLine(result.headline);
  const room = SUBJECT_MAX - tag.length - where.length;
  if (headline.length <= room) return `${tag}${headline}${where}`;
  // Very little room (a hostile headline): the account and region still fit; the headline keeps its start.
  if (room < 20) return `${tag}${headline.slice(0, Math.max(0, SUBJECT_MAX - tag.length - ELLIPSIS.length))}${ELLIPSIS}`.slice(0, SUBJECT_MAX);
  return `${tag}${shortenMiddle(headline, room)}${where}`;
}

/** `text` in at most `max` characters: its start and its end joined by "...", cut between words where one is near. */
export function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - ELLIPSIS.length;
  const tailLength = Math.max(Math.floor(keep / 2), Math.min(lastWord(text).length, Math.floor((keep * 2) / 3)));
  let tail = text.slice(text.length - tailLength);
  const space = tail.indexOf(' ');
  if (space >= 0 && space < 12 && tail.length - space - 1 >= lastWord(text).length) tail = tail.slice(space);
  let head = text.slice(0, keep - tail.length);
  const cut = head.lastIndexOf(' ');
  if (cut > head.length - 12 && cut > 0) head = head.slice(0, cut + 1);
  return `${head.trimEnd()}${ELLIPSIS}${tail.trimStart() === tail ? tail : ` ${tail.trimStart()}`}`.slice(0, max);
}

function lastWord(text: string): string {
  return text.split(' ').at(-1) ?? '';
}

/** One line of printable ASCII. */
export function asciiLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
}
