/** The trail baseline: "strengthen only" update planning, management-event coverage of selectors, trail ARNs. */
import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import {
  TRAIL_SETTINGS,
  parseTrailArn,
  planSelectors,
  planTrailUpdate,
  recordsAllManagementEvents,
  trailName,
  type Selectors,
  type TrailBaseline,
  type TrailSetting,
  type TrailSettings,
} from '../../../../shared/baseline/trail';

const NAME = 'chain-guard-baseline';
const ARN = `arn:aws:cloudtrail:us-east-1:111122223333:trail/${NAME}`;
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555';
const OTHER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/99999999-8888-7777-6666-555555555555';
const LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:chain-guard-trail:*';
const OTHER_LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:somewhere-else:*';
const ROLE = 'arn:aws:iam::111122223333:role/chain-guard-trail-to-logs';

const BASELINE: TrailBaseline = {
  name: NAME,
  homeRegion: 'us-east-1',
  s3BucketName: 'chain-guard-audit-logs',
  s3KeyPrefix: 'cloudtrail',
  kmsKeyId: KEY,
  cloudWatchLogsLogGroupArn: LOG_GROUP,
  cloudWatchLogsRoleArn: ROLE,
  isMultiRegionTrail: true,
  includeGlobalServiceEvents: true,
  enableLogFileValidation: true,
};

/** A trail exactly as strong as BASELINE; `overrides` weakens (or strengthens) it. */
const trail = (overrides: Partial<TrailSettings> = {}): TrailSettings => ({
  name: NAME,
  arn: ARN,
  homeRegion: 'us-east-1',
  s3BucketName: 'chain-guard-audit-logs',
  s3KeyPrefix: 'cloudtrail',
  kmsKeyId: KEY,
  cloudWatchLogsLogGroupArn: LOG_GROUP,
  cloudWatchLogsRoleArn: ROLE,
  isMultiRegionTrail: true,
  includeGlobalServiceEvents: true,
  logFileValidationEnabled: true,
  isOrganizationTrail: false,
  ...overrides,
});

/** Another trail (not the baseline one), with no optional setting. */
const OTHER_ARN = 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail';
const otherTrail = (overrides: Partial<TrailSettings> = {}): TrailSettings => ({
  name: 'TEST-trail',
  arn: OTHER_ARN,
  homeRegion: 'us-west-2',
  s3BucketName: 'test-cloudtrail-bucket',
  isMultiRegionTrail: false,
  includeGlobalServiceEvents: false,
  logFileValidationEnabled: false,
  isOrganizationTrail: false,
  ...overrides,
});

const ALL = new Set<TrailSetting>(TRAIL_SETTINGS);
const wanted = (...settings: TrailSetting[]): ReadonlySet<TrailSetting> => new Set(settings);

describe('planTrailUpdate on the baseline trail', () => {
  it('turns on multi-region, global service events and log file validation when all three are off', () => {
    // Prepare
    const current = trail({ isMultiRegionTrail: false, includeGlobalServiceEvents: false, logFileValidationEnabled: false });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.update).toEqual({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true });
  });

  it('records each boolean it turns on as a change from false to true', () => {
    // Prepare
    const current = trail({ isMultiRegionTrail: false, includeGlobalServiceEvents: false, logFileValidationEnabled: false });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.changes).toEqual([
      { setting: 'multiRegion', before: false, after: true },
      { setting: 'globalServiceEvents', before: false, after: true },
      { setting: 'logFileValidation', before: false, after: true },
    ]);
  });

  it('turns on only log file validation when it is the only weaker setting', () => {
    // Prepare
    const current = trail({ logFileValidationEnabled: false });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: { EnableLogFileValidation: true }, changes: [{ setting: 'logFileValidation', before: false, after: true }], manual: [] });
  });

  it('keeps a multi-region trail multi-region when the baseline asks for a single-region trail', () => {
    // Prepare
    const singleRegionBaseline: TrailBaseline = { ...BASELINE, isMultiRegionTrail: false };

    // Act
    const plan = planTrailUpdate(trail({ isMultiRegionTrail: true }), ALL, singleRegionBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('keeps log file validation on when the baseline has it off', () => {
    // Prepare
    const noValidationBaseline: TrailBaseline = { ...BASELINE, enableLogFileValidation: false };

    // Act
    const plan = planTrailUpdate(trail({ logFileValidationEnabled: true }), ALL, noValidationBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('keeps global service events on when the baseline has them off', () => {
    // Prepare
    const noGlobalBaseline: TrailBaseline = { ...BASELINE, includeGlobalServiceEvents: false };

    // Act
    const plan = planTrailUpdate(trail({ includeGlobalServiceEvents: true }), ALL, noGlobalBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('does not turn on a boolean the baseline has off and the trail has off', () => {
    // Prepare
    const noValidationBaseline: TrailBaseline = { ...BASELINE, enableLogFileValidation: false };

    // Act
    const plan = planTrailUpdate(trail({ logFileValidationEnabled: false }), ALL, noValidationBaseline, true);

    // Assess
    expect(plan.update).toEqual({});
  });

  it('sets the baseline KMS key when the trail has none', () => {
    // Prepare
    const current = trail({ kmsKeyId: undefined });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: { KmsKeyId: KEY }, changes: [{ setting: 'kms', before: null, after: KEY }], manual: [] });
  });

  it('leaves an unencrypted trail alone without asking a person when the baseline names no key', () => {
    // Prepare
    const noKeyBaseline: TrailBaseline = { ...BASELINE, kmsKeyId: undefined };

    // Act
    const plan = planTrailUpdate(trail({ kmsKeyId: undefined }), ALL, noKeyBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('restores the baseline log group and role when CloudWatch Logs delivery was removed', () => {
    // Prepare
    const current = trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({
      update: { CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE },
      changes: [{ setting: 'cloudWatchLogs', before: null, after: `${LOG_GROUP} (role ${ROLE})` }],
      manual: [],
    });
  });

  it('replaces a different log group by the baseline log group and role', () => {
    // Prepare
    const current = trail({ cloudWatchLogsLogGroupArn: OTHER_LOG_GROUP, cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/other' });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({
      update: { CloudWatchLogsLogGroupArn: LOG_GROUP, CloudWatchLogsRoleArn: ROLE },
      changes: [{ setting: 'cloudWatchLogs', before: `${OTHER_LOG_GROUP} (role arn:aws:iam::111122223333:role/other)`, after: `${LOG_GROUP} (role ${ROLE})` }],
      manual: [],
    });
  });

  it('leaves CloudWatch Logs alone when the baseline configures none', () => {
    // Prepare
    const noLogsBaseline: TrailBaseline = { ...BASELINE, cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined };

    // Act
    const plan = planTrailUpdate(trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined }), ALL, noLogsBaseline, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('restores the baseline bucket and prefix when the trail delivers elsewhere', () => {
    // Prepare
    const current = trail({ s3BucketName: 'attacker-bucket', s3KeyPrefix: 'loot' });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({
      update: { S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: 'cloudtrail' },
      changes: [{ setting: 's3', before: 's3://attacker-bucket/loot', after: 's3://chain-guard-audit-logs/cloudtrail' }],
      manual: [],
    });
  });

  it('restores the baseline prefix when only the prefix was changed', () => {
    // Prepare
    const current = trail({ s3KeyPrefix: undefined });

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan.update).toEqual({ S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: 'cloudtrail' });
  });

  it('clears a prefix the baseline does not have', () => {
    // Prepare
    const noPrefixBaseline: TrailBaseline = { ...BASELINE, s3KeyPrefix: undefined };

    // Act
    const plan = planTrailUpdate(trail({ s3KeyPrefix: 'elsewhere' }), ALL, noPrefixBaseline, true);

    // Assess
    expect(plan.update).toEqual({ S3BucketName: 'chain-guard-audit-logs', S3KeyPrefix: '' });
  });

  it('sends no prefix when neither the baseline nor the trail has one', () => {
    // Prepare
    const noPrefixBaseline: TrailBaseline = { ...BASELINE, s3KeyPrefix: undefined };

    // Act
    const plan = planTrailUpdate(trail({ s3BucketName: 'attacker-bucket', s3KeyPrefix: undefined }), ALL, noPrefixBaseline, true);

    // Assess
    expect(plan.update).toEqual({ S3BucketName: 'chain-guard-audit-logs' });
  });

  it('plans nothing for a trail that already matches the baseline', () => {
    // Prepare
    const current = trail();

    // Act
    const plan = planTrailUpdate(current, ALL, BASELINE, true);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });
});

describe('planTrailUpdate on another trail', () => {
  it('restores only the wanted boolean', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('logFileValidation'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: { EnableLogFileValidation: true }, changes: [{ setting: 'logFileValidation', before: false, after: true }], manual: [] });
  });

  it('turns a wanted boolean on even when the baseline has it off', () => {
    // Prepare
    const noValidationBaseline: TrailBaseline = { ...BASELINE, enableLogFileValidation: false };

    // Act
    const plan = planTrailUpdate(otherTrail(), wanted('logFileValidation'), noValidationBaseline, false);

    // Assess
    expect(plan.update).toEqual({ EnableLogFileValidation: true });
  });

  it('asks a person for the key, naming the trail ARN, instead of taking the baseline key when KMS encryption was removed', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('kms'), BASELINE, false);

    // Assess
    expect(plan).toEqual({
      update: {},
      changes: [],
      manual: [`KMS encryption of TEST-trail was removed; its previous key is unknown: re-enable it with "aws cloudtrail update-trail --name ${OTHER_ARN} --kms-key-id <key>"`],
    });
  });

  it('asks nothing about KMS when the trail is still encrypted', () => {
    // Prepare
    const current = otherTrail({ kmsKeyId: OTHER_KEY });

    // Act
    const plan = planTrailUpdate(current, wanted('kms'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('asks a person to restore CloudWatch Logs delivery instead of taking the baseline log group when it was removed', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('cloudWatchLogs'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: ['CloudWatch Logs delivery of TEST-trail was removed; its previous log group is unknown: restore it by hand'] });
  });

  it('asks nothing about CloudWatch Logs when the trail still delivers to a log group', () => {
    // Prepare
    const current = otherTrail({ cloudWatchLogsLogGroupArn: OTHER_LOG_GROUP, cloudWatchLogsRoleArn: ROLE });

    // Act
    const plan = planTrailUpdate(current, wanted('cloudWatchLogs'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('leaves the bucket alone even when s3 is wanted', () => {
    // Prepare
    const current = otherTrail({ s3BucketName: 'attacker-bucket' });

    // Act
    const plan = planTrailUpdate(current, wanted('s3'), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });

  it('treats the baseline trail as another trail when no baseline is configured', () => {
    // Prepare
    const current = trail({ kmsKeyId: undefined });

    // Act
    const plan = planTrailUpdate(current, wanted('kms'), undefined, true);

    // Assess
    expect(plan.manual).toEqual([expect.stringContaining(`KMS encryption of ${NAME} was removed`)]);
  });

  it('plans nothing when nothing is wanted', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted(), BASELINE, false);

    // Assess
    expect(plan).toEqual({ update: {}, changes: [], manual: [] });
  });
});

describe('planTrailUpdate enabling multi-region', () => {
  it('also enables global service events on another trail when only multi-region is wanted', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('multiRegion'), BASELINE, false);

    // Assess
    expect(plan).toEqual({
      update: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true },
      changes: [
        { setting: 'multiRegion', before: false, after: true },
        { setting: 'globalServiceEvents', before: false, after: true },
      ],
      manual: [],
    });
  });

  it('also enables global service events on the baseline trail when the baseline has them off', () => {
    // Prepare
    const noGlobalBaseline: TrailBaseline = { ...BASELINE, includeGlobalServiceEvents: false };

    // Act
    const plan = planTrailUpdate(trail({ isMultiRegionTrail: false, includeGlobalServiceEvents: false }), ALL, noGlobalBaseline, true);

    // Assess
    expect(plan.update).toEqual({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true });
  });

  it('records the global service events change only once when both are wanted', () => {
    // Prepare
    const current = otherTrail();

    // Act
    const plan = planTrailUpdate(current, wanted('multiRegion', 'globalServiceEvents'), BASELINE, false);

    // Assess
    expect(plan.changes.filter((c) => c.setting === 'globalServiceEvents')).toHaveLength(1);
  });
});

const all: EventSelector = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };
const managementAdvanced: AdvancedEventSelector = { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const writeOnlyAdvanced: AdvancedEventSelector = {
  Name: 'management writes',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Management'] },
    { Field: 'readOnly', Equals: ['false'] },
  ],
};
const basic = (...selectors: EventSelector[]): Selectors => ({ basic: selectors, advanced: [] });
const advanced = (...selectors: AdvancedEventSelector[]): Selectors => ({ basic: [], advanced: selectors });

const NARROWED: ReadonlyArray<[string, EventSelector]> = [
  ['a write-only selector', { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
  ['a read-only selector', { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }],
  ['a selector excluding management events', { ReadWriteType: 'All', IncludeManagementEvents: false }],
  ['a selector excluding a management event source', { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }],
];

describe('recordsAllManagementEvents', () => {
  it('counts no selector at all as CloudTrail default, which records all management events', () => {
    // Prepare
    const selectors = basic();

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('counts a basic selector recording all management events as covered', () => {
    // Prepare
    const selectors = basic(all);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('reads a basic selector without ReadWriteType and IncludeManagementEvents as their defaults (All, true)', () => {
    // Prepare
    const selectors = basic({ DataResources: [] });

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it.each(NARROWED)('counts %s as not covered', (_label, selector) => {
    // Prepare
    const selectors = basic(selector);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(false);
  });

  it('counts a narrowed selector next to one recording all management events as covered', () => {
    // Prepare
    const selectors = basic({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }, all);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('counts an advanced selector on eventCategory Management alone as covered', () => {
    // Prepare
    const selectors = advanced(managementAdvanced);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('counts an advanced management selector with an extra readOnly field as not covered', () => {
    // Prepare
    const selectors = advanced(writeOnlyAdvanced);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(false);
  });

  it('counts advanced selectors on data events only as not covered', () => {
    // Prepare
    const selectors = advanced({ Name: 's3 data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] });

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(false);
  });
});

describe('planSelectors', () => {
  it('plans nothing for the CloudTrail default (no selector)', () => {
    // Prepare
    const selectors = basic();

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toBeUndefined();
  });

  it('plans nothing for an advanced selector on management events alone', () => {
    // Prepare
    const selectors = advanced(managementAdvanced);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toBeUndefined();
  });

  it.each(NARROWED)('appends one selector recording all management events after %s, kept unchanged', (_label, selector) => {
    // Prepare
    const selectors = basic(selector);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toEqual({ basic: [selector, { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }], advanced: [] });
  });

  it('keeps the existing basic selectors in place, as the same objects, without changing the input', () => {
    // Prepare
    const writeOnly: EventSelector = { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bucket/'] }] };
    const dataOnly: EventSelector = { ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] };
    const selectors = basic(writeOnly, dataOnly);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect([plan?.basic[0], plan?.basic[1], plan?.basic.length, selectors.basic.length]).toEqual([writeOnly, dataOnly, 3, 2]);
    expect(plan?.basic[0]).toBe(writeOnly);
  });

  it('appends an advanced management selector after an advanced selector with a readOnly field, kept unchanged', () => {
    // Prepare
    const selectors = advanced(writeOnlyAdvanced);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toEqual({ basic: [], advanced: [writeOnlyAdvanced, { Name: 'chain-guard: all management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
  });

  it('plans selectors that themselves record all management events', () => {
    // Prepare
    const selectors = basic({ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true });

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan && recordsAllManagementEvents(plan)).toBe(true);
  });
});

describe('parseTrailArn', () => {
  it('reads the region, account and name of a trail ARN', () => {
    // Prepare
    const arn = 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail';

    // Act
    const parsed = parseTrailArn(arn);

    // Assess
    expect(parsed).toEqual({ region: 'us-west-2', account: '111122223333', name: 'TEST-trail' });
  });

  it('reads a trail ARN of another partition', () => {
    // Prepare
    const arn = 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/gov-trail';

    // Act
    const parsed = parseTrailArn(arn);

    // Assess
    expect(parsed).toEqual({ region: 'us-gov-west-1', account: '111122223333', name: 'gov-trail' });
  });

  it('returns undefined for a plain trail name', () => {
    // Prepare
    const ref = 'management-events';

    // Act
    const parsed = parseTrailArn(ref);

    // Assess
    expect(parsed).toBeUndefined();
  });

  it('returns undefined for the ARN of another service', () => {
    // Prepare
    const ref = 'arn:aws:sns:us-east-1:111122223333:security-alerts';

    // Act
    const parsed = parseTrailArn(ref);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('trailName', () => {
  it('returns the name inside a trail ARN', () => {
    // Prepare
    const ref = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail';

    // Act
    const name = trailName(ref);

    // Assess
    expect(name).toBe('org-management-trail');
  });

  it('returns a plain name as it is', () => {
    // Prepare
    const ref = 'stratus-red-team-ct-stop-trail-buykxbqejv';

    // Act
    const name = trailName(ref);

    // Assess
    expect(name).toBe('stratus-red-team-ct-stop-trail-buykxbqejv');
  });
});
