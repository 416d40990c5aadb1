/** The chain doctor's trail links against moto: the baseline trail redirected (bucket, KMS key, log group role) is broken, and repaired. */
import { CloudTrailClient, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { runDoctor, type ChainReport, type LinkId } from '../../shared/doctor';
import type { Deps } from '../../shared/remediations/types';
import { trailState } from '../../scripts/lib/emulator-trail';
import { buildWholeChain } from '../support/chain';
import { motoDeps, resetEmulator } from '../support/deps';

const region = 'us-east-1';
const TRAIL = 'chain-doctor-trail';
const ATTACKER_KEY = 'arn:aws:kms:us-east-1:999999999999:key/99999999-8888-7777-6666-555555555555';
const cloudtrail = new CloudTrailClient({ region });
let chainEnv: Record<string, string>;

const deps = (): Deps => motoDeps(chainEnv);
const brokenLinks = (report: ChainReport): LinkId[] => report.links.filter((l) => l.status === 'broken').map((l) => l.id);
const linkOf = (report: ChainReport, id: LinkId) => report.links.find((l) => l.id === id);

beforeEach(async () => {
  await resetEmulator();
  chainEnv = (await buildWholeChain(region, TRAIL)).env;
});

it('reports the baseline trail delivering to another bucket and prefix as the trail link broken, before -> baseline', async () => {
  await cloudtrail.send(new UpdateTrailCommand({ Name: TRAIL, S3BucketName: 'attacker-bucket', S3KeyPrefix: 'loot' }));

  const report = await runDoctor(deps(), { repair: false });

  expect(brokenLinks(report)).toEqual(['trail-exists']);
  expect(linkOf(report, 'trail-exists')).toMatchObject({
    detail: `${TRAIL} (home ${region}) delivers elsewhere: s3 s3://attacker-bucket/loot, baseline s3://${chainEnv.TRAIL_S3_BUCKET}/cloudtrail`,
    fix: 'reenable-trail puts the baseline delivery back (UpdateTrail)',
  });
});

it('reports the baseline trail encrypting with another KMS key as the trail link broken', async () => {
  await cloudtrail.send(new UpdateTrailCommand({ Name: TRAIL, KmsKeyId: ATTACKER_KEY }));

  const report = await runDoctor(deps(), { repair: false });

  expect(brokenLinks(report)).toEqual(['trail-exists']);
  expect(linkOf(report, 'trail-exists')?.detail).toContain(`kms ${ATTACKER_KEY}, baseline ${chainEnv.TRAIL_KMS_KEY_ID}`);
});

it('reports the baseline trail delivering to its log group with another role as the delivery link broken', async () => {
  const role = 'arn:aws:iam::111122223333:role/attacker';
  await cloudtrail.send(new UpdateTrailCommand({ Name: TRAIL, CloudWatchLogsLogGroupArn: chainEnv.TRAIL_CLOUDWATCH_LOG_GROUP_ARN, CloudWatchLogsRoleArn: role }));

  const report = await runDoctor(deps(), { repair: false });

  expect(brokenLinks(report)).toEqual(['log-delivery']);
  expect(linkOf(report, 'log-delivery')).toMatchObject({
    detail: `${TRAIL} delivers to ${chainEnv.TRAIL_CLOUDWATCH_LOG_GROUP_ARN} (role ${role}), baseline ${chainEnv.TRAIL_CLOUDWATCH_LOG_GROUP_ARN} (role ${chainEnv.TRAIL_CLOUDWATCH_ROLE_ARN})`,
    fix: 'reenable-trail puts the baseline log group and role back (UpdateTrail)',
  });
});

it('in enforce mode puts the baseline bucket and key back and reports the trail link repaired', async () => {
  await cloudtrail.send(new UpdateTrailCommand({ Name: TRAIL, S3BucketName: 'attacker-bucket', KmsKeyId: ATTACKER_KEY }));

  const report = await runDoctor(deps(), { repair: true });

  expect(linkOf(report, 'trail-exists')?.status).toBe('repaired');
  expect(report.whole).toBe(true);
  expect((await trailState(region, TRAIL)).trail).toEqual(expect.objectContaining({ S3BucketName: chainEnv.TRAIL_S3_BUCKET, KmsKeyId: chainEnv.TRAIL_KMS_KEY_ID }));
});

it('reads per-account settings for the stack own account: the whole chain given with ${AccountId} and ${Region} has no broken link', async () => {
  const perAccount = ['TRAIL_CLOUDWATCH_LOG_GROUP_ARN', 'TRAIL_CLOUDWATCH_ROLE_ARN', 'TRAIL_KMS_KEY_ID'];
  const tokens = Object.fromEntries(Object.entries(chainEnv).map(([k, v]) => [k, perAccount.includes(k) ? v.replace(':111122223333:', ':${AccountId}:').replace(`:${region}:`, ':${Region}:') : v]));

  const report = await runDoctor(motoDeps(tokens), { repair: false });

  expect(perAccount.map((k) => tokens[k])).toEqual(perAccount.map(() => expect.stringContaining('${AccountId}')));
  expect(brokenLinks(report)).toEqual([]);
});
