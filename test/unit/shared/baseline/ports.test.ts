/** Port lists: parsing, coverage of a rule's range by the authorized list, and rendering. */
import { formatPorts, isRangeAuthorized, parsePortList } from '../../../../shared/baseline/ports';

describe('parsePortList', () => {
  it('parses single ports and inclusive ranges in order', () => {
    // Prepare
    const text = '80,443,8000-8080';

    // Act
    const ranges = parsePortList(text);

    // Assess
    expect(ranges).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
      { from: 8000, to: 8080 },
    ]);
  });

  it('returns an empty list for an empty string', () => {
    // Prepare
    const text = '';

    // Act
    const ranges = parsePortList(text);

    // Assess
    expect(ranges).toEqual([]);
  });

  it('ignores spaces around items and empty items', () => {
    // Prepare
    const text = ' 22 , ,443 ,';

    // Act
    const ranges = parsePortList(text);

    // Assess
    expect(ranges).toEqual([
      { from: 22, to: 22 },
      { from: 443, to: 443 },
    ]);
  });

  it('accepts the full range 0-65535', () => {
    // Prepare
    const text = '0-65535';

    // Act
    const ranges = parsePortList(text);

    // Assess
    expect(ranges).toEqual([{ from: 0, to: 65535 }]);
  });

  it.each([
    { text: '22,abc', bad: 'abc' },
    { text: '80-', bad: '80-' },
    { text: '-1', bad: '-1' },
    { text: '22;23', bad: '22;23' },
  ])('rejects "$text" and names the item "$bad"', ({ text, bad }) => {
    // Prepare
    const parse = () => parsePortList(text);

    // Act / Assess
    expect(parse).toThrow(`"${bad}"`);
  });

  it('rejects a port above 65535', () => {
    // Prepare
    const parse = () => parsePortList('70000');

    // Act / Assess
    expect(parse).toThrow(/"70000".*outside 0-65535/);
  });

  it('rejects a reversed range', () => {
    // Prepare
    const parse = () => parsePortList('90-80');

    // Act / Assess
    expect(parse).toThrow(/"90-80".*reversed/);
  });
});

describe('isRangeAuthorized', () => {
  const authorized = parsePortList('80,443,8000-8080');

  it('authorizes a single port that is in the list', () => {
    // Prepare
    const range = { from: 443, to: 443 };

    // Act
    const result = isRangeAuthorized(range, authorized);

    // Assess
    expect(result).toBe(true);
  });

  it('does not authorize a single port that is not in the list', () => {
    // Prepare
    const range = { from: 22, to: 22 };

    // Act
    const result = isRangeAuthorized(range, authorized);

    // Assess
    expect(result).toBe(false);
  });

  it('authorizes a range that lies inside one authorized range', () => {
    // Prepare
    const range = { from: 8010, to: 8020 };

    // Act
    const result = isRangeAuthorized(range, authorized);

    // Assess
    expect(result).toBe(true);
  });

  it('authorizes a range covered only by several adjacent authorized entries together', () => {
    // Prepare
    const split = parsePortList('8000-8009,8010,8011-8080');

    // Act
    const result = isRangeAuthorized({ from: 8000, to: 8080 }, split);

    // Assess
    expect(result).toBe(true);
  });

  it('authorizes a range covered by overlapping entries listed out of order', () => {
    // Prepare
    const split = parsePortList('8050-8080,8000-8060');

    // Act
    const result = isRangeAuthorized({ from: 8000, to: 8080 }, split);

    // Assess
    expect(result).toBe(true);
  });

  it('does not authorize a range only partly covered at its end', () => {
    // Prepare
    const range = { from: 8000, to: 8081 };

    // Act
    const result = isRangeAuthorized(range, authorized);

    // Assess
    expect(result).toBe(false);
  });

  it('does not authorize a range with a gap between two authorized entries', () => {
    // Prepare
    const range = { from: 80, to: 443 };

    // Act
    const result = isRangeAuthorized(range, authorized);

    // Assess
    expect(result).toBe(false);
  });

  it('does not authorize a range whose gap is a single port between split entries', () => {
    // Prepare
    const split = parsePortList('8000-8009,8011-8080');

    // Act
    const result = isRangeAuthorized({ from: 8000, to: 8080 }, split);

    // Assess
    expect(result).toBe(false);
  });

  it('authorizes nothing against an empty list', () => {
    // Prepare
    const range = { from: 80, to: 80 };

    // Act
    const result = isRangeAuthorized(range, []);

    // Assess
    expect(result).toBe(false);
  });
});

describe('formatPorts', () => {
  it.each([
    { name: 'a single port as the number', range: { from: 22, to: 22 }, text: '22' },
    { name: 'a range as from-to', range: { from: 8000, to: 8080 }, text: '8000-8080' },
    { name: 'the full range 0-65535 as all', range: { from: 0, to: 65535 }, text: 'all' },
    { name: 'a negative port (protocol -1) as all', range: { from: -1, to: -1 }, text: 'all' },
    { name: 'a missing range as all', range: undefined, text: 'all' },
  ])('renders $name', ({ range, text }) => {
    // Prepare
    const input = range;

    // Act
    const rendered = formatPorts(input);

    // Assess
    expect(rendered).toBe(text);
  });
});
