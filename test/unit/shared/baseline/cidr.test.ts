/** CIDR arithmetic: parsing, unions, and coverage of all addresses or of every public address. */
import { addressCount, coversFamily, coversPublic, holdsPublic, mergeIntervals, parseCidr, type Cidr } from '../../../../shared/baseline/cidr';

const cidrs = (...texts: string[]): Cidr[] => texts.map((text) => parseCidr(text) as Cidr);

/** The CIDRs that hold every IPv4 address except those of `hole`: the sibling of each of its ancestors. */
function allIpv4But(hole: string): string[] {
  const { start, prefix } = parseCidr(hole) as Cidr;
  const dotted = (n: bigint): string => [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 255n)).join('.');
  const siblings: string[] = [];
  for (let length = 1; length <= prefix; length += 1) {
    const size = 1n << BigInt(32 - length);
    siblings.push(`${dotted((start / size) * size ^ size)}/${length}`);
  }
  return siblings;
}

describe('parseCidr', () => {
  it('reads an IPv4 CIDR as its first and last address', () => {
    // Prepare
    const text = '10.1.0.0/16';

    // Act
    const cidr = parseCidr(text);

    // Assess
    expect(cidr).toEqual({ family: 'IPv4', prefix: 16, text, start: 0x0a010000n, end: 0x0a01ffffn });
  });

  it('masks host bits off an IPv4 CIDR', () => {
    // Prepare
    const text = '192.168.1.77/24';

    // Act
    const cidr = parseCidr(text);

    // Assess
    expect([cidr?.start, cidr?.end]).toEqual([0xc0a80100n, 0xc0a801ffn]);
  });

  it('reads a compressed IPv6 CIDR', () => {
    // Prepare
    const text = '2001:db8::/32';

    // Act
    const cidr = parseCidr(text);

    // Assess
    expect([cidr?.family, cidr?.start, cidr?.end]).toEqual(['IPv6', 0x20010db8n << 96n, (0x20010db8n << 96n) + (1n << 96n) - 1n]);
  });

  it('reads ::/0 as the whole IPv6 space', () => {
    // Prepare
    const text = '::/0';

    // Act
    const cidr = parseCidr(text);

    // Assess
    expect([cidr?.start, cidr?.end]).toEqual([0n, (1n << 128n) - 1n]);
  });

  it('reads an IPv6 address with an embedded IPv4 address', () => {
    // Prepare
    const text = '::ffff:192.0.2.1/128';

    // Act
    const cidr = parseCidr(text);

    // Assess
    expect(cidr?.start).toBe(0xffffc0000201n);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '1.2.3/8', '2001:db8::1::/64', '2001:db8:0:0:0:0:0:0:1/64', 'fe80::/129', 'pl-0123456789abcdef0'])('rejects %s', (text) => {
    // Act
    const cidr = parseCidr(text);

    // Assess
    expect(cidr).toBeUndefined();
  });
});

describe('mergeIntervals', () => {
  it('merges overlapping and adjacent intervals and keeps gaps', () => {
    // Prepare
    const intervals = [{ start: 10n, end: 20n }, { start: 0n, end: 4n }, { start: 5n, end: 6n }, { start: 15n, end: 30n }, { start: 40n, end: 41n }];

    // Act
    const merged = mergeIntervals(intervals);

    // Assess
    expect(merged).toEqual([{ start: 0n, end: 6n }, { start: 10n, end: 30n }, { start: 40n, end: 41n }]);
  });
});

describe('coversFamily', () => {
  it('is true for 0.0.0.0/1 and 128.0.0.0/1 together', () => {
    // Act
    const covered = coversFamily(cidrs('0.0.0.0/1', '128.0.0.0/1'), 'IPv4');

    // Assess
    expect(covered).toBe(true);
  });

  it('is false when a single address is missing', () => {
    // Act
    const covered = coversFamily(cidrs(...allIpv4But('255.255.255.255/32')), 'IPv4');

    // Assess
    expect(covered).toBe(false);
  });

  it('is true for ::/1 and 8000::/1 together', () => {
    // Act
    const covered = coversFamily(cidrs('::/1', '8000::/1'), 'IPv6');

    // Assess
    expect(covered).toBe(true);
  });
});

describe('coversPublic', () => {
  it('is true for the unicast space 0.0.0.0/1 + 128.0.0.0/2 + 192.0.0.0/3, which leaves out only multicast and reserved space', () => {
    // Act
    const covered = coversPublic(cidrs('0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3'), 'IPv4');

    // Assess
    expect(covered).toBe(true);
  });

  it('is false when a public /24 is missing', () => {
    // Act
    const covered = coversPublic(cidrs(...allIpv4But('8.8.8.0/24')), 'IPv4');

    // Assess
    expect(covered).toBe(false);
  });

  it('is true when only a private /24 is missing', () => {
    // Act
    const covered = coversPublic(cidrs(...allIpv4But('10.1.2.0/24')), 'IPv4');

    // Assess
    expect(covered).toBe(true);
  });

  it('is false for 0.0.0.0/1 alone', () => {
    // Act
    const covered = coversPublic(cidrs('0.0.0.0/1'), 'IPv4');

    // Assess
    expect(covered).toBe(false);
  });

  it('is false for every private range together', () => {
    // Act
    const covered = coversPublic(cidrs('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'), 'IPv4');

    // Assess
    expect(covered).toBe(false);
  });

  it('is true for the global unicast block 2000::/3', () => {
    // Act
    const covered = coversPublic(cidrs('2000::/3'), 'IPv6');

    // Assess
    expect(covered).toBe(true);
  });

  it('is false for half of the global unicast block', () => {
    // Act
    const covered = coversPublic(cidrs('2000::/4'), 'IPv6');

    // Assess
    expect(covered).toBe(false);
  });
});

describe('holdsPublic', () => {
  it.each([
    ['10.0.0.0/8', false],
    ['10.0.0.0/7', true],
    ['192.168.0.0/16', false],
    ['100.64.0.0/10', false],
    ['8.8.8.8/32', true],
    ['0.0.0.0/0', true],
    ['fd00::/8', false],
    ['2001:db8::/32', false],
    ['2600::/12', true],
  ])('says %s holds public addresses: %s', (text, expected) => {
    // Act
    const holds = holdsPublic(parseCidr(text) as Cidr);

    // Assess
    expect(holds).toBe(expected);
  });
});

describe('addressCount', () => {
  it('counts overlapping CIDRs once', () => {
    // Act
    const count = addressCount(cidrs('10.0.0.0/24', '10.0.0.128/25', '10.0.1.0/24'));

    // Assess
    expect(count).toBe(512n);
  });
});
