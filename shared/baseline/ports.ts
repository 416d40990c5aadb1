/** Port lists as data: parsing `80,443,8000-8080` and asking whether a rule's range is fully authorized. */

/** An inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

/** Parses a comma list of ports and ranges (`80,443,8000-8080`); an empty string is an empty list. */
export function parsePortList(text: string): PortRange[] {
  const ranges: PortRange[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item);
    if (!match) throw new Error(`has "${item}", which is not a port or a range like 8000-8080`);
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    if (from > 65535 || to > 65535 || from > to) throw new Error(`has "${item}", which is outside 0-65535 or reversed`);
    ranges.push({ from, to });
  }
  return ranges;
}

/** True when every port of `range` lies inside the authorized list. */
export function isRangeAuthorized(range: PortRange, authorized: readonly PortRange[]): boolean {
  for (let port = range.from; port <= range.to; port += 1) {
    const covering = authorized.find((a) => a.from <= port && port <= a.to);
    if (!covering) return false;
    port = covering.to;
  }
  return true;
}

/** Renders a range as ops read it: `22`, `8000-8080`, or `all`. */
export function formatPorts(range: PortRange | undefined): string {
  if (!range || range.from < 0 || (range.from === 0 && range.to === 65535)) return 'all';
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}
