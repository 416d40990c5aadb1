/** The security-group sweep against moto: seeded drift in many groups is found and fixed, bounded by the write cap. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { sweepSecurityGroups } from '../../../shared/sweep/security-groups';
import { ingressByName, seedDrift, type SeededGroup } from '../../../scripts/lib/emulator-drift';
import { countingClients } from '../../support/calls';
import { motoDeps, resetEmulator } from '../../support/deps';

const region = 'us-east-1';
const account = '111122223333';
const ec2 = new EC2Client({ region });
let seeded: SeededGroup[];
// The seeded exempt group carries this tag: it exempts only when EXEMPT_TAG_KEY names it.
const TAG = { EXEMPT_TAG_KEY: 'chain-guard:exempt' };

beforeEach(async () => {
  await resetEmulator();
  seeded = await seedDrift(ec2, { filler: 20 });
});

const before = (): Record<string, string[]> => Object.fromEntries(seeded.map((g) => [g.name, g.after]));
const openGroups = (): SeededGroup[] => seeded.filter((g) => g.revoke > 0);
const rulesToRevoke = (): number => seeded.reduce((sum, g) => sum + g.revoke, 0);

describe('sweepSecurityGroups', () => {
  it('revokes every world-open rule and leaves authorized ports, icmp, private CIDRs and the exempt group as they were', async () => {
    // Prepare
    const deps = motoDeps(TAG);

    // Act
    await sweepSecurityGroups({ account, region }, deps);

    // Assess
    expect(await ingressByName(ec2, seeded)).toEqual(before());
  });

  it('counts the groups by outcome: the open ones fixed, the exempt one skipped, the rest compliant', async () => {
    // Prepare
    const deps = motoDeps(TAG);

    // Act
    const report = await sweepSecurityGroups({ account, region }, deps);

    // Assess
    expect(report.counts).toEqual({ remediated: openGroups().length, skipped: 1, reported: 0, failed: 0, 'already-compliant': report.scanned - openGroups().length - 1 });
  });

  it('reports each fixed group with its revoked rules, why and the undo command', async () => {
    // Prepare
    const deps = motoDeps(TAG);
    const halves = seeded.find((g) => g.name === 'halves');

    // Act
    const report = await sweepSecurityGroups({ account, region }, deps);

    // Assess
    const result = report.groups.find((g) => g.groupId === halves?.groupId);
    expect(result?.actions).toEqual([
      expect.objectContaining({ status: 'done', why: expect.stringContaining('together cover all of IPv4 on 3389/tcp'), undo: expect.stringContaining(`--group-id ${halves?.groupId}`) }),
      expect.objectContaining({ status: 'done', why: expect.stringContaining('together cover all of IPv4 on 3389/tcp') }),
    ]);
  });

  it('reads the region without a call per group and writes once per open group', async () => {
    // Prepare
    const { clients, log } = countingClients();
    const deps = motoDeps(TAG, clients);

    // Act
    await sweepSecurityGroups({ account, region }, deps);

    // Assess: one read of every group (rules and tags), the prefix list once, one revoke per open group (by exact
    // permission), and one re-read to verify (moto does not return RevokedSecurityGroupRules).
    expect(log.of('EC2')).toEqual([
      'DescribeSecurityGroups',
      'GetManagedPrefixListEntries',
      ...openGroups().map(() => 'RevokeSecurityGroupIngress'),
      'DescribeSecurityGroups',
    ]);
  });

  it('writes nothing above the write cap and reports every world-open rule as planned', async () => {
    // Prepare
    const deps = motoDeps(TAG);

    // Act
    const report = await sweepSecurityGroups({ account, region }, deps, { writeCap: rulesToRevoke() - 1 });

    // Assess
    expect([report.capped, report.writesNeeded, report.counts.reported]).toEqual([true, rulesToRevoke(), openGroups().length]);
    expect(report.groups.flatMap((g) => g.actions).every((a) => a.status === 'planned')).toBe(true);
    expect((await ingressByName(ec2, seeded))['ssh-ipv4']).toEqual(['tcp 22-22 0.0.0.0/0']);
  });

  it('fixes everything when the findings are exactly at the write cap', async () => {
    // Prepare
    const deps = motoDeps(TAG);

    // Act
    const report = await sweepSecurityGroups({ account, region }, deps, { writeCap: rulesToRevoke(), concurrency: 1 });

    // Assess
    expect([report.capped, report.counts.remediated]).toEqual([false, openGroups().length]);
  });

  it('writes nothing in report mode and reports the revokes it would make', async () => {
    // Prepare
    const deps = motoDeps({ ...TAG, REMEDIATION_MODE: 'report' });

    // Act
    const report = await sweepSecurityGroups({ account, region }, deps);

    // Assess
    expect([report.capped, report.counts.reported]).toEqual([false, openGroups().length]);
    expect((await ingressByName(ec2, seeded))['all-traffic']).toEqual(['-1 -1--1 0.0.0.0/0']);
  });

  it('finds nothing to do on a second run', async () => {
    // Prepare
    const deps = motoDeps(TAG);
    await sweepSecurityGroups({ account, region }, deps);

    // Act
    const again = await sweepSecurityGroups({ account, region }, deps);

    // Assess
    expect([again.groups.map((g) => g.outcome), again.counts.remediated]).toEqual([['skipped'], 0]);
  });
});
