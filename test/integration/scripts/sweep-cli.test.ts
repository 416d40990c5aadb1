/**
 * `npm run sweep` as people use it, against this worker's emulator: a summary on stdout, report mode unless --enforce,
 * exit 0 done / 1 a group not fixed or the write cap hit with --enforce / 2 bad usage.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ingressByName, seedDrift, type SeededGroup } from '../../../scripts/lib/emulator-drift';
import { messages, runScript } from '../../support/cli';
import { resetEmulator } from '../../support/deps';
import { exempt, historyPlace } from '../../support/history';

const region = 'us-east-1';
const ec2 = new EC2Client({ region });
let seeded: SeededGroup[];

const sweep = (args: string[]) => runScript('sweep', ['--region', region, '--account', '111122223333', ...args], { env: { SWEEP_WRITE_CAP: undefined, EXEMPT_TAG_KEY: 'chain-guard:exempt' } });

beforeEach(async () => {
  await resetEmulator();
  seeded = await seedDrift(ec2, { filler: 2 });
});

it('reports the world-open rules without revoking them by default, and exits 0', async () => {
  const { code, stdout } = sweep([]);

  expect([code, (await ingressByName(ec2, seeded))['ssh-ipv4']]).toEqual([0, ['tcp 22-22 0.0.0.0/0']]);
  expect(stdout).toMatch(/\d+ group\(s\) checked: 0 fixed, 0 failed, 8 reported, 1 exempt, \d+ compliant/);
});

it('revokes them with --enforce, prints each undo command, and exits 0', async () => {
  const { code, stdout } = sweep(['--enforce']);

  expect([code, (await ingressByName(ec2, seeded))['ssh-ipv4']]).toEqual([0, []]);
  expect(stdout).toContain('undo: aws ec2 authorize-security-group-ingress');
});

it('exits 1 and revokes nothing when --enforce meets more findings than the write cap', async () => {
  const { code, stdout } = sweep(['--enforce', '--write-cap', '2']);

  expect([code, (await ingressByName(ec2, seeded))['ssh-ipv4']]).toEqual([1, ['tcp 22-22 0.0.0.0/0']]);
  expect(stdout).toContain('WRITE CAP REACHED: 9 world-open rule(s) > write cap 2: NOTHING WAS REVOKED');
});

it('exits 2 on an unknown option, before reading anything', () => {
  const { code, stderr } = sweep(['--fix-everything']);

  expect([code, messages(stderr, 'sweep')]).toEqual([2, [expect.stringContaining('unknown option --fix-everything')]]);
});

it('leaves a group exempted in the history table open with --enforce, and revokes the others', async () => {
  const place = await historyPlace();
  const held = seeded.find((g) => g.name === 'ssh-ipv4')?.groupId ?? '';
  await exempt(place, { scope: 'resource', target: held, reason: 'public SFTP, ticket SEC-9', until: '30d' });

  const { code } = runScript('sweep', ['--region', region, '--account', '111122223333', '--enforce'], { env: { SWEEP_WRITE_CAP: undefined, HISTORY_TABLE_NAME: place.table } });

  const after = await ingressByName(ec2, seeded);
  expect([code, after['ssh-ipv4'], after['ssh-ipv6']]).toEqual([0, ['tcp 22-22 0.0.0.0/0'], []]);
});
