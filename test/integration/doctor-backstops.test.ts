/** The chain doctor's backstop links against the moto emulator: the Config recorder and the GuardDuty detector. */
import { ConfigServiceClient, PutDeliveryChannelCommand, StopConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateFilterCommand, CreateIPSetCommand, GuardDutyClient, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { runDoctor, type ChainReport } from '../../shared/doctor';
import { createDetector, createRecorder, prepareRecorderBaseline, recorderState } from '../../scripts/lib/emulator-backstops';
import { buildWholeChain } from '../support/chain';
import { motoDeps, resetEmulator } from '../support/deps';

const region = 'us-east-1';
let env: Record<string, string>;

const statusOf = (report: ChainReport, id: string) => report.links.find((l) => l.id === id);

beforeEach(async () => {
  await resetEmulator();
  const chain = await buildWholeChain(region, 'doctor-backstops-trail');
  env = { ...chain.env, ...(await prepareRecorderBaseline('doctor-backstops', region)) };
});

it('reports recording recorder and enabled detector as ok', async () => {
  await createRecorder(region, env);
  await createDetector(region);

  const report = await runDoctor(motoDeps(env), { repair: false });

  expect([statusOf(report, 'config-recorder')?.status, statusOf(report, 'guardduty-detector')?.status]).toEqual(['ok', 'ok']);
});

it('reports a stopped recorder as broken, and restarts it when asked to repair', async () => {
  await createRecorder(region, env);
  await createDetector(region);
  await new ConfigServiceClient({ region }).send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

  const report = await runDoctor(motoDeps(env), { repair: true });

  expect(statusOf(report, 'config-recorder')).toMatchObject({ status: 'repaired', detail: 'was: default: not recording' });
  expect((await recorderState(region)).recording).toBe(true);
});

it('reports a delivery channel redirected away from the baseline bucket as broken, and restores it when asked to repair', async () => {
  await createRecorder(region, env);
  await createDetector(region);
  await new ConfigServiceClient({ region }).send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'elsewhere' } }));

  const report = await runDoctor(motoDeps(env), { repair: true });

  expect(statusOf(report, 'config-recorder')).toMatchObject({ status: 'repaired', detail: `was: default: delivery channel delivers to s3://elsewhere/, not s3://${env.CONFIG_DELIVERY_BUCKET}/config` });
  expect((await recorderState(region)).channels[0]?.s3BucketName).toBe(env.CONFIG_DELIVERY_BUCKET);
});

it('reports a disabled detector as broken', async () => {
  await createRecorder(region, env);
  const id = await createDetector(region);
  await new GuardDutyClient({ region }).send(new UpdateDetectorCommand({ DetectorId: id, Enable: false }));

  const report = await runDoctor(motoDeps(env), { repair: false });

  expect(statusOf(report, 'guardduty-detector')).toMatchObject({ status: 'broken', detail: `${id} DISABLED` });
  expect(report.whole).toBe(false);
});

it('only warns, keeping the chain whole, where no recorder or detector was ever set up and no recorder baseline is configured', async () => {
  const report = await runDoctor(motoDeps(Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('CONFIG_')))), { repair: false });

  expect([statusOf(report, 'config-recorder')?.status, statusOf(report, 'guardduty-detector')?.status, report.whole]).toEqual(['warn', 'warn', true]);
});

it('reports an enabled detector with a suppression rule archiving the findings chain-guard relies on as broken, naming the rule', async () => {
  await createRecorder(region, env);
  const id = await createDetector(region);
  await new GuardDutyClient({ region }).send(new CreateFilterCommand({ DetectorId: id, Name: 'quiet-trail', Action: 'ARCHIVE', FindingCriteria: { Criterion: { type: { Equals: ['Stealth:IAMUser/CloudTrailLoggingDisabled'] } } } }));

  const report = await runDoctor(motoDeps(env), { repair: false });

  expect(statusOf(report, 'guardduty-detector')).toMatchObject({ status: 'broken', detail: expect.stringMatching(/^GuardDuty suppression rule quiet-trail .*can archive Stealth:IAMUser\/CloudTrailLoggingDisabled/) });
  expect(report.whole).toBe(false);
});

it('keeps the detector link ok with a suppression rule that spares the findings chain-guard relies on', async () => {
  await createRecorder(region, env);
  const id = await createDetector(region);
  await new GuardDutyClient({ region }).send(new CreateFilterCommand({ DetectorId: id, Name: 'scanner', Action: 'ARCHIVE', FindingCriteria: { Criterion: { type: { Equals: ['Recon:EC2/PortScan'] } } } }));

  const report = await runDoctor(motoDeps(env), { repair: false });

  expect(statusOf(report, 'guardduty-detector')?.status).toBe('ok');
});

it('warns, keeping the chain whole, about an active trusted IP list it cannot judge', async () => {
  await createRecorder(region, env);
  const id = await createDetector(region);
  await new GuardDutyClient({ region }).send(new CreateIPSetCommand({ DetectorId: id, Name: 'office', Format: 'TXT', Location: 'https://s3.amazonaws.com/corp/trusted.txt', Activate: true }));

  const report = await runDoctor(motoDeps(env), { repair: false });

  expect([statusOf(report, 'guardduty-detector')?.status, statusOf(report, 'guardduty-detector')?.detail, report.whole]).toEqual(['warn', expect.stringContaining('GuardDuty trusted IP list office'), true]);
});
